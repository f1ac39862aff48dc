namespace JourneyFunctions.Domain.Contracts;

/// <summary>Names of activity functions, shared by orchestrations (callers) and both hosts (registrations).</summary>
public static class ActivityNames
{
    public const string LoadJourneyVersion = "LoadJourneyVersion";
    public const string SnapshotAudience = "SnapshotAudience";
    public const string LoadAudienceBatch = "LoadAudienceBatch";
    public const string EvaluateAccountSplit = "EvaluateAccountSplit";
    public const string EvaluatePeopleSplit = "EvaluatePeopleSplit";
    public const string ReleaseAccounts = "ReleaseAccounts";
    public const string SyncInitialPage = "SyncInitialPage";

    // Take-action nodes: one activity per action type (see ActionCatalog).
    public const string ActionChangeAccountDataValue = "ActionChangeAccountDataValue";
    public const string ActionChangePersonDataValue = "ActionChangePersonDataValue";
    public const string ActionChangeScore = "ActionChangeScore";
}

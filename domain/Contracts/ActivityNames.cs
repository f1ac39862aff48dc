namespace JourneyFunctions.Domain.Contracts;

/// <summary>Names of activity functions, shared by orchestrations (callers) and both hosts (registrations).</summary>
public static class ActivityNames
{
    public const string LoadJourneyVersion = "LoadJourneyVersion";
    public const string SnapshotAudience = "SnapshotAudience";
    public const string LoadAudienceBatch = "LoadAudienceBatch";
    public const string EvaluateAccountSplit = "EvaluateAccountSplit";
    public const string SyncInitialPage = "SyncInitialPage";
}

namespace JourneyFunctions.Domain.Contracts;

/// <summary>Names of activity functions, shared by orchestrations (callers) and both hosts (registrations).</summary>
public static class ActivityNames
{
    public const string LoadJourneyVersion = "LoadJourneyVersion";
    public const string SnapshotAudience = "SnapshotAudience";
    public const string LoadAudienceBatch = "LoadAudienceBatch";
    public const string CountBatchPeople = "CountBatchPeople";
    public const string EvaluateAccountSplit = "EvaluateAccountSplit";
    public const string EvaluatePeopleSplit = "EvaluatePeopleSplit";
    public const string ReleaseAccounts = "ReleaseAccounts";
    public const string EndJourneyRun = "EndJourneyRun";
    public const string RecordNodePositions = "RecordNodePositions";
    public const string SyncInitialPage = "SyncInitialPage";
    public const string CountSyncSource = "CountSyncSource";
    public const string ReadSyncThrottle = "ReadSyncThrottle";
    public const string StartSyncRun = "StartSyncRun";
    public const string SweepSalesPeople = "SweepSalesPeople";
    public const string EndSyncRun = "EndSyncRun";

    // Take-action nodes: one dispatching activity per scope, which finds the action by type (see ActionCatalog).
    public const string ApplyAccountAction = "ApplyAccountAction";
    public const string ApplyPeopleAction = "ApplyPeopleAction";
}

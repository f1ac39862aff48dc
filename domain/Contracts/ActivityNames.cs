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
    public const string EndJourneyRun = "EndJourneyRun";
    public const string RecordNodePositions = "RecordNodePositions";
    public const string SyncInitialPage = "SyncInitialPage";
    public const string CountSyncSource = "CountSyncSource";
    public const string StartSyncRun = "StartSyncRun";
    public const string SweepSalesPeople = "SweepSalesPeople";

    // Take-action nodes: one activity per action type (see ActionCatalog).
    public const string ActionChangeAccountDataValue = "ActionChangeAccountDataValue";
    public const string ActionAccountInterestingMoment = "ActionAccountInterestingMoment";
    public const string ActionActivateToDestination = "ActionActivateToDestination";
    public const string ActionDeactivateFromDestination = "ActionDeactivateFromDestination";
    public const string ActionAddAccountToJourney = "ActionAddAccountToJourney";
    public const string ActionRemoveAccountFromJourney = "ActionRemoveAccountFromJourney";
    public const string ActionAddToAccountList = "ActionAddToAccountList";
    public const string ActionRemoveFromAccountList = "ActionRemoveFromAccountList";
    public const string ActionSendSalesAlert = "ActionSendSalesAlert";
    public const string ActionUpdateBuyingGroupStage = "ActionUpdateBuyingGroupStage";
    public const string ActionUpdateBuyingGroupStatus = "ActionUpdateBuyingGroupStatus";
    public const string ActionUpdateAccountProfile = "ActionUpdateAccountProfile";
    public const string ActionAddToExternalAudience = "ActionAddToExternalAudience";
    public const string ActionAssignToBuyingGroup = "ActionAssignToBuyingGroup";
    public const string ActionChangePersonDataValue = "ActionChangePersonDataValue";
    public const string ActionChangeScore = "ActionChangeScore";
    public const string ActionPersonInterestingMoment = "ActionPersonInterestingMoment";
    public const string ActionRemoveFromBuyingGroup = "ActionRemoveFromBuyingGroup";
    public const string ActionSendEmail = "ActionSendEmail";
    public const string ActionSendSms = "ActionSendSms";
    public const string ActionAddToRequestCampaign = "ActionAddToRequestCampaign";
    public const string ActionAddToMarketoList = "ActionAddToMarketoList";
    public const string ActionRemoveFromMarketoList = "ActionRemoveFromMarketoList";
    public const string ActionUpdatePersonProfile = "ActionUpdatePersonProfile";
}

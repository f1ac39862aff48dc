using JourneyFunctions.Activities.Actions;
using JourneyFunctions.Activities.Journeys;
using JourneyFunctions.Activities.Sync;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Orchestrations.Journeys;
using JourneyFunctions.Orchestrations.Sync;

namespace JourneyFunctions.DevHost.Catalog;

/// <summary>Every orchestrator and activity of the local host (the Functions app declares the same in functions/Durable).</summary>
public static class DurableCatalog
{
    public static IReadOnlyList<DurableFunction> All { get; } =
    [
        DurableFunction.Orchestrator<JourneyRunInput, AccountBatchResult>(OrchestratorNames.JourneyRun, JourneyRunOrchestration.RunAsync),
        DurableFunction.Orchestrator<AccountBatchInput, AccountBatchResult>(OrchestratorNames.JourneyAccountBatch, AccountBatchOrchestration.RunAsync),
        DurableFunction.Orchestrator<SyncProgress, SyncProgress>(OrchestratorNames.InitialSync, InitialSyncOrchestration.RunAsync),

        DurableFunction.Activity<LoadJourneyVersionActivity, JourneyVersionRef, JourneyDefinition>(ActivityNames.LoadJourneyVersion),
        DurableFunction.Activity<SnapshotAudienceActivity, AudienceSnapshotRequest, int>(ActivityNames.SnapshotAudience),
        DurableFunction.Activity<LoadAudienceBatchActivity, AudienceBatchRequest, IReadOnlyList<string>>(ActivityNames.LoadAudienceBatch),
        DurableFunction.Activity<EvaluateAccountSplitActivity, AccountSplitRequest, Dictionary<string, List<string>>>(ActivityNames.EvaluateAccountSplit),
        DurableFunction.Activity<EvaluatePeopleSplitActivity, PeopleSplitRequest, Dictionary<string, Dictionary<string, List<string>>>>(ActivityNames.EvaluatePeopleSplit),
        DurableFunction.Activity<ReleaseAccountsActivity, ReleaseAccountsRequest, int>(ActivityNames.ReleaseAccounts),
        DurableFunction.Activity<SyncInitialPageActivity, SyncPageRequest, SyncPageResult>(ActivityNames.SyncInitialPage),
        DurableFunction.Activity<CountSyncSourceActivity, string?, long?>(ActivityNames.CountSyncSource),
        DurableFunction.Activity<StartSyncRunActivity, string, DateTimeOffset>(ActivityNames.StartSyncRun),
        DurableFunction.Activity<SweepSalesPeopleActivity, SalesSweepRequest, int>(ActivityNames.SweepSalesPeople),
        DurableFunction.Activity<ApplyAccountActionActivity, ActionRequest, ActionResult>(ActivityNames.ApplyAccountAction),
        DurableFunction.Activity<ApplyPeopleActionActivity, ActionRequest, ActionResult>(ActivityNames.ApplyPeopleAction),
    ];
}

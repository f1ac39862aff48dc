using JourneyFunctions.Activities;
using JourneyFunctions.Activities.Journeys;
using JourneyFunctions.Activities.Sync;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Storage.Journeys;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyFunctions.Functions.Durable;

/// <summary>Activity triggers: each resolves its shared activity and runs it.</summary>
public static class Activities
{
    [Function(ActivityNames.LoadJourneyVersion)]
    public static Task<JourneyDefinition> LoadJourneyVersionAsync([ActivityTrigger] JourneyVersionRef input, FunctionContext context) =>
        Run<LoadJourneyVersionActivity, JourneyVersionRef, JourneyDefinition>(input, context);

    [Function(ActivityNames.SnapshotAudience)]
    public static Task<AudienceSnapshot> SnapshotAudienceAsync([ActivityTrigger] AudienceSnapshotRequest input, FunctionContext context) =>
        Run<SnapshotAudienceActivity, AudienceSnapshotRequest, AudienceSnapshot>(input, context);

    [Function(ActivityNames.CountBatchPeople)]
    public static Task<int[]> CountBatchPeopleAsync([ActivityTrigger] AudienceBatchRequest input, FunctionContext context) =>
        Run<CountBatchPeopleActivity, AudienceBatchRequest, int[]>(input, context);

    [Function(ActivityNames.LoadAudienceBatch)]
    public static Task<IReadOnlyList<string>> LoadAudienceBatchAsync([ActivityTrigger] AudienceBatchRequest input, FunctionContext context) =>
        Run<LoadAudienceBatchActivity, AudienceBatchRequest, IReadOnlyList<string>>(input, context);

    [Function(ActivityNames.EvaluateAccountSplit)]
    public static Task<Dictionary<string, List<string>>> EvaluateAccountSplitAsync([ActivityTrigger] AccountSplitRequest input, FunctionContext context) =>
        Run<EvaluateAccountSplitActivity, AccountSplitRequest, Dictionary<string, List<string>>>(input, context);

    [Function(ActivityNames.EvaluatePeopleSplit)]
    public static Task<Dictionary<string, Dictionary<string, List<string>>>> EvaluatePeopleSplitAsync([ActivityTrigger] PeopleSplitRequest input, FunctionContext context) =>
        Run<EvaluatePeopleSplitActivity, PeopleSplitRequest, Dictionary<string, Dictionary<string, List<string>>>>(input, context);

    [Function(ActivityNames.ReleaseAccounts)]
    public static Task<int> ReleaseAccountsAsync([ActivityTrigger] ReleaseAccountsRequest input, FunctionContext context) =>
        Run<ReleaseAccountsActivity, ReleaseAccountsRequest, int>(input, context);

    [Function(ActivityNames.EndJourneyRun)]
    public static Task<bool> EndJourneyRunAsync([ActivityTrigger] RunEnd input, FunctionContext context) =>
        Run<EndJourneyRunActivity, RunEnd, bool>(input, context);
    [Function(ActivityNames.RecordNodePositions)]
    public static Task<int> RecordNodePositionsAsync([ActivityTrigger] NodePositionsRequest input, FunctionContext context) =>
        Run<RecordNodePositionsActivity, NodePositionsRequest, int>(input, context);

    [Function(ActivityNames.SyncInitialPage)]
    public static Task<SyncPageResult> SyncInitialPageAsync([ActivityTrigger] SyncPageRequest input, FunctionContext context) =>
        Run<SyncInitialPageActivity, SyncPageRequest, SyncPageResult>(input, context);

    [Function(ActivityNames.CountSyncSource)]
    public static Task<long?> CountSyncSourceAsync([ActivityTrigger] string? input, FunctionContext context) =>
        Run<CountSyncSourceActivity, string?, long?>(input, context);

    [Function(ActivityNames.ReadSyncThrottle)]
    public static Task<int> ReadSyncThrottleAsync([ActivityTrigger] string? input, FunctionContext context) =>
        Run<ReadSyncThrottleActivity, string?, int>(input, context);

    [Function(ActivityNames.StartSyncRun)]
    public static Task<DateTimeOffset> StartSyncRunAsync([ActivityTrigger] string input, FunctionContext context) =>
        Run<StartSyncRunActivity, string, DateTimeOffset>(input, context);

    [Function(ActivityNames.SweepSalesPeople)]
    public static Task<int> SweepSalesPeopleAsync([ActivityTrigger] SalesSweepRequest input, FunctionContext context) =>
        Run<SweepSalesPeopleActivity, SalesSweepRequest, int>(input, context);

    [Function(ActivityNames.EndSyncRun)]
    public static Task<int> EndSyncRunAsync([ActivityTrigger] SyncProgress input, FunctionContext context) =>
        Run<EndSyncRunActivity, SyncProgress, int>(input, context);

    /// <summary>Runs the shared activity through <see cref="ActivityRunner"/>, as the local host does.</summary>
    internal static Task<TOut> Run<TActivity, TIn, TOut>(TIn input, FunctionContext context)
        where TActivity : JourneyFunctions.Activities.IActivity<TIn, TOut> =>
        context.InstanceServices.GetRequiredService<ActivityRunner>().RunAsync(
            context.FunctionDefinition.Name, context.InstanceServices.GetRequiredService<TActivity>(), input, context.CancellationToken);
}

using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Orchestrations.Journeys;
using JourneyFunctions.Orchestrations.Sync;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace JourneyFunctions.Functions.Durable;

/// <summary>Orchestrator triggers: each hands its input to the shared orchestration logic.</summary>
public static class Orchestrators
{
    [Function(OrchestratorNames.JourneyRun)]
    public static Task<AccountBatchResult> JourneyRunAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        JourneyRunOrchestration.RunAsync(context, Input<JourneyRunInput>(context));

    [Function(OrchestratorNames.JourneyAccountBatch)]
    public static Task<AccountBatchResult> JourneyAccountBatchAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        AccountBatchOrchestration.RunAsync(context, Input<AccountBatchInput>(context));

    [Function(OrchestratorNames.InitialSync)]
    public static Task<SyncProgress> InitialSyncAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        InitialSyncOrchestration.RunAsync(context, Input<SyncProgress>(context));

    private static T Input<T>(TaskOrchestrationContext context) =>
        context.GetInput<T>() ?? throw new InvalidOperationException($"Orchestration {context.Name} needs a {typeof(T).Name} input.");
}

using System.Text.Json;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Handlers.Http;
using JourneyFunctions.Orchestrations.Journeys;
using JourneyFunctions.Storage.Journeys;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace JourneyFunctions.Handlers.Runs;

/// <summary>A journey's runs as Durable sees them: which are still in flight, and stopping them.</summary>
public sealed class JourneyRuns(JourneyStore journeys)
{
    /// <summary>Each recorded run with its current runtime status (null when Durable no longer knows it).</summary>
    public async Task<List<(string RunId, int Version, DateTimeOffset StartedAt, OrchestrationRuntimeStatus? Status)>> ListAsync(
        DurableTaskClient client, string journeyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var runs = new List<(string, int, DateTimeOffset, OrchestrationRuntimeStatus?)>();
        foreach (RunRecord record in await journeys.ListRunsAsync(journeyId, cancellationToken))
        {
            OrchestrationMetadata? run = await client.GetInstanceAsync(record.RunId, getInputsAndOutputs: false, cancellationToken);
            runs.Add((record.RunId, record.Version, record.StartedAt, run?.RuntimeStatus));
        }

        return runs;
    }

    /// <summary>
    /// How long after recording a run its start may still schedule it: a start gives up at <see cref="StartDeadline"/>,
    /// so a record older than this that Durable does not know belongs to a start that failed or was cut off.
    /// </summary>
    public static readonly TimeSpan ScheduleGrace = TimeSpan.FromMinutes(5);

    /// <summary>How long a start may take from recording its run to scheduling it (well inside <see cref="ScheduleGrace"/>).</summary>
    public static readonly TimeSpan StartDeadline = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Forgets the record of a run Durable never stored (<paramref name="known"/>: Durable's answer for it): a start cut
    /// off (the host killed) after recording its run and before scheduling it. Nothing would ever end such a record,
    /// and a closed journey would wait for it forever. A record younger than <see cref="ScheduleGrace"/> may belong to a
    /// start still under way, and one written again since it was read (a retried start) is kept.
    /// </summary>
    /// <returns>Whether it was forgotten.</returns>
    public static async Task<bool> ForgetIfNeverScheduledAsync(
        JourneyStore journeys, string journeyId, RunRecord record, OrchestrationMetadata? known, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(journeys);
        ArgumentNullException.ThrowIfNull(record);
        return known is null && MayBeNeverScheduled(record, now) && await journeys.ForgetRunIfUnchangedAsync(journeyId, record, cancellationToken);
    }

    /// <summary>Whether a record is one <see cref="ForgetIfNeverScheduledAsync"/> forgets when Durable does not know its run.</summary>
    public static bool MayBeNeverScheduled(RunRecord record, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(record);
        return !record.Ended && now - record.StartedAt > ScheduleGrace;
    }

    /// <summary>The journey run with this id, or null for an id that is none: not a key, unknown, a batch or the sync.</summary>
    public static async Task<OrchestrationMetadata?> FindAsync(DurableTaskClient client, string runId, bool withInput, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        OrchestrationMetadata? run = TableKey.IsValid(runId) ? await client.GetInstanceAsync(runId, getInputsAndOutputs: withInput, cancellationToken) : null;
        return run?.Name == OrchestratorNames.JourneyRun ? run : null;
    }

    /// <summary>Whether the journey version the run runs has the node (the run's input names the journey and version).</summary>
    public static async Task<bool> HasNodeAsync(JourneyStore journeys, OrchestrationMetadata run, string nodeId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(journeys);
        ArgumentNullException.ThrowIfNull(run);
        return run.ReadInputAs<JourneyRunInput>() is { } input
            && await journeys.GetVersionAsync(input.JourneyId, input.Version, cancellationToken) is { } definition
            && definition.Nodes.Any(n => n.Id == nodeId);
    }

    /// <summary>
    /// The run and its node for a route under <c>runs/{runId}/nodes/{nodeId}</c>, or a 404 naming which is not there:
    /// a node id the run's journey version does not have is not read as a node where nothing happened.
    /// </summary>
    public static async Task<(OrchestrationMetadata? Run, IResult? NotFound)> FindNodeAsync(
        DurableTaskClient client, JourneyStore journeys, string runId, string nodeId, CancellationToken cancellationToken)
    {
        OrchestrationMetadata? run = await FindAsync(client, runId, withInput: true, cancellationToken);
        if (run is null)
        {
            return (null, ApiResults.NotFound($"Run '{runId}'"));
        }

        return TableKey.IsValid(nodeId) && await HasNodeAsync(journeys, run, nodeId, cancellationToken)
            ? (run, null)
            : (null, ApiResults.NotFound($"Node '{nodeId}' of run '{runId}'"));
    }

    /// <summary>
    /// The run's audience figures, or null until it has taken its audience. Durable keeps a status never set as no
    /// status on one backend and as the JSON text <c>null</c> on another, so both read as none.
    /// </summary>
    public static RunProgress? Progress(OrchestrationMetadata run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.SerializedCustomStatus is { } status ? JsonSerializer.Deserialize<RunProgress>(status, JsonDefaults.Options) : null;
    }

    /// <summary>How long stopping a run waits for Durable to stop it before listing its batches again.</summary>
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Stops a run and its batches where they are: no further step runs. The run's termination is sent first, so it is
    /// ahead of the news of its batches' end (a run that heard a terminated batch first would end Failed, not
    /// Terminated); then the batches there are, at once; and once Durable reports the run stopped, the batches again:
    /// a run that was just starting may have started more after the first listing, and termination does not reach
    /// sub-orchestrations.
    /// </summary>
    public static async Task TerminateAsync(DurableTaskClient client, string runId, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        await DurableInstanceCalls.TerminateAsync(client, runId, reason, cancellationToken);
        await TerminateBatchesAsync(client, runId, reason, cancellationToken);
        using (var stopWait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            stopWait.CancelAfter(StopWait);
            try
            {
                await client.WaitForInstanceCompletionAsync(runId, getInputsAndOutputs: false, stopWait.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Durable is slow to take the termination: stop the batches there are; the run stops when it takes it.
            }
        }

        await TerminateBatchesAsync(client, runId, reason, cancellationToken);
    }

    private static async Task TerminateBatchesAsync(DurableTaskClient client, string runId, string reason, CancellationToken cancellationToken)
    {
        var batches = new OrchestrationQuery { InstanceIdPrefix = RunInstanceIds.BatchPrefix(runId), FetchInputsAndOutputs = false };
        await foreach (OrchestrationMetadata batch in client.GetAllInstancesAsync(batches).WithCancellation(cancellationToken))
        {
            if (DurableInstanceCalls.InFlight(batch.RuntimeStatus))
            {
                await DurableInstanceCalls.TerminateAsync(client, batch.InstanceId, reason, cancellationToken);
            }
        }
    }
}

using System.Text.Json;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Handlers.Http;
using JourneyFunctions.Orchestrations.Journeys;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Journeys;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace JourneyFunctions.Handlers.Runs;

/// <summary>
/// GET /api/runs/{runId}: the run's status with live per-node counts of accounts and people, summed from the custom
/// status of each batch orchestration (current as of their last step, not hours behind: one row per batch of up to
/// <c>JourneyBatchSize</c> accounts, not one per account), the accounts admitted and those whose batch has not started
/// yet, and for a failed run where and why it failed. Only journey runs are found (not their batches, nor other orchestrations).
/// </summary>
public sealed class GetRunStatusHandler(JourneyStore journeys)
{
    public const string Route = "runs/{runId}";

    public async Task<IResult> HandleAsync(DurableTaskClient client, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        OrchestrationMetadata? run = await JourneyRuns.FindAsync(client, runId, withInput: true, cancellationToken);
        if (run is null)
        {
            return ApiResults.NotFound($"Run '{runId}'");
        }

        var nodes = new SortedDictionary<string, NodeCounts>(StringComparer.Ordinal);
        int batches = 0;
        int admitted = 0;
        RunProgress? progress = JourneyRuns.Progress(run);
        // Durable stores a run's status after the messages that start its batches: until the audience counts show, the
        // batches are not listed either, so the answer never has batches without the accounts they came from.
        var query = new OrchestrationQuery { InstanceIdPrefix = RunInstanceIds.BatchPrefix(runId), FetchInputsAndOutputs = false, PageSize = 500 };
        IAsyncEnumerable<OrchestrationMetadata> started = progress is null ? AsyncEnumerable.Empty<OrchestrationMetadata>() : client.GetAllInstancesAsync(query);
        await foreach (OrchestrationMetadata batch in started.WithCancellation(cancellationToken))
        {
            batches++;
            // Inputs are not fetched (each carries the journey graph); the custom status still comes with the query.
            Dictionary<string, NodeCounts>? batchCounts = batch.SerializedCustomStatus is { } status ? BatchCountsStatus.Parse(status) : null;
            // A batch's start node counts every account the batch admitted, and no node counts more (no cycles).
            admitted += batchCounts?.Values.Select(c => c.Reached).DefaultIfEmpty().Max() ?? 0;
            foreach ((string nodeId, NodeCounts counts) in batchCounts ?? [])
            {
                if (!nodes.TryGetValue(nodeId, out NodeCounts? total))
                {
                    nodes[nodeId] = total = new NodeCounts();
                }

                total.Add(counts);
            }
        }

        JourneyRunInput? input = run.ReadInputAs<JourneyRunInput>();
        RunFailure? failure = run.RuntimeStatus != OrchestrationRuntimeStatus.Failed ? null
            : (input is null ? null : await journeys.GetRunFailureAsync(input.JourneyId, runId, cancellationToken))
                ?? new RunFailure(null, null, run.FailureDetails?.ErrorMessage ?? "");
        failure = failure is null ? null : failure with { Message = ApiErrors.Shown(failure.Message, "The run failed; the host's log has the error.") };
        // The audience counts are null until the audience is snapshotted, and written as such.
        return ApiResults.JsonWith(
            new
            {
                runId,
                journeyId = input?.JourneyId,
                version = input?.Version,
                status = run.RuntimeStatus.ToString(),
                createdAt = run.CreatedAt,
                lastUpdatedAt = run.LastUpdatedAt,
                batches,
                nodes,
                result = run.RuntimeStatus == OrchestrationRuntimeStatus.Completed && run.SerializedOutput is { } output ? JsonSerializer.Deserialize<AccountBatchResult>(output, JsonDefaults.Options) : null,
                failure,
            },
            ("accounts", progress?.Accounts),
            ("accountsNotYetAdmitted", progress is null ? null : NotYetAdmitted(run, progress, admitted)));
    }

    /// <summary>
    /// The run's accounts no batch has admitted yet. A batch that started turns some away for good (removed from the
    /// journey, or kept out by its re-entry rule) without a count of them, so they are among these while the run runs;
    /// once it completed every batch has started, and none is left to admit.
    /// </summary>
    private static int NotYetAdmitted(OrchestrationMetadata run, RunProgress progress, int admitted) =>
        run.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? 0 : Math.Max(0, progress.Accounts - admitted);
}

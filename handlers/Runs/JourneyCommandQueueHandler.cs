using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Handlers.Queues;
using JourneyFunctions.Orchestrations.Journeys;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Journeys;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace JourneyFunctions.Handlers.Runs;

/// <summary>
/// Queue <c>journey-commands</c>: carries out "add account to journey" (a run of the target's live version for that
/// account, whose id comes from the source run, node and account, so a redelivered command finds it started) and
/// "remove account from journey" (a removal event to the batch the account is in). A malformed message throws and
/// ends in the poison queue.
/// </summary>
public sealed class JourneyCommandQueueHandler(JourneyRunStarter starter, JourneyEntryStore entries, AudienceStore audience, ILogger<JourneyCommandQueueHandler> logger)
{
    public const string QueueName = QueueNames.JourneyCommands;

    public async Task HandleAsync(string message, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        JourneyCommand command = QueueMessage.Parse<JourneyCommand>(
            message,
            c => Enum.IsDefined(c.Kind) && TableKey.IsValid(c.JourneyId) && TableKey.IsValid(c.AccountId) && TableKey.IsValid(c.SourceRunId) && !string.IsNullOrEmpty(c.SourceNodeId),
            "journey command (it needs a kind, and a valid journeyId, accountId, sourceRunId and sourceNodeId)");
        if (command.Kind == JourneyCommandKind.AddAccount)
        {
            await AddAsync(command, client, cancellationToken);
        }
        else
        {
            await RemoveAsync(command, client, cancellationToken);
        }
    }

    /// <summary>The run id for an added account: the same command always gets the same run.</summary>
    public static string AddedRunId(JourneyCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return "run-add-" + StableId.Of($"{command.JourneyId}|{command.AccountId}|{command.SourceRunId}|{command.SourceNodeId}", 24);
    }

    private async Task AddAsync(JourneyCommand command, DurableTaskClient client, CancellationToken cancellationToken)
    {
        string runId = AddedRunId(command);
        if (await client.GetInstanceAsync(runId, getInputsAndOutputs: false, cancellationToken) is not null)
        {
            return;
        }

        RunStart run = await starter.StartAsync(client, command.JourneyId, runId, [command.AccountId], cancellationToken);
        if (run.RefusedReason is { } refused)
        {
            logger.LogInformation(
                "Account {AccountId} not added to journey {JourneyId} by run {SourceRunId} node {NodeId}: {Reason}",
                command.AccountId, command.JourneyId, command.SourceRunId, command.SourceNodeId, refused);
            return;
        }

        logger.LogInformation(
            "Account {AccountId} added to journey {JourneyId} by run {SourceRunId} node {NodeId}: run {RunId}",
            command.AccountId, command.JourneyId, command.SourceRunId, command.SourceNodeId, run.RunId);
    }

    private async Task RemoveAsync(JourneyCommand command, DurableTaskClient client, CancellationToken cancellationToken)
    {
        string? runId = await entries.GetCurrentRunAsync(command.JourneyId, command.AccountId, cancellationToken);
        int? batch = runId is null ? null : await audience.FindBatchAsync(runId, command.AccountId, cancellationToken);
        if (runId is null || batch is null)
        {
            logger.LogInformation("Account {AccountId} is not in journey {JourneyId}; nothing to remove.", command.AccountId, command.JourneyId);
            return;
        }

        string batchId = RunInstanceIds.Batch(runId, batch.Value);
        if (!await DurableInstanceCalls.RaiseEventAsync(client, batchId, RunEvents.RemoveAccount, command.AccountId, cancellationToken))
        {
            // The Functions host refuses an event for a batch its run scheduled but that has not started yet (Durable
            // stores it when it first runs), where the local host's sidecar keeps the event for the batch's start: the
            // message is tried again (the queue's retries) until the batch is there to hear it.
            // (A batch found running now started since the refusal.)
            OrchestrationMetadata? batchNow = await client.GetInstanceAsync(batchId, getInputsAndOutputs: false, cancellationToken);
            if (DurableInstanceCalls.InFlight(batchNow is null ? (await client.GetInstanceAsync(runId, getInputsAndOutputs: false, cancellationToken))?.RuntimeStatus : batchNow.RuntimeStatus))
            {
                throw new InvalidOperationException($"Batch {batchId} has not started yet; the removal of account {command.AccountId} is tried again.");
            }

            logger.LogInformation("Account {AccountId}'s batch of run {RunId} has ended; nothing to remove.", command.AccountId, runId);
            return;
        }

        logger.LogInformation("Account {AccountId} removed from journey {JourneyId} run {RunId}.", command.AccountId, command.JourneyId, runId);
    }
}

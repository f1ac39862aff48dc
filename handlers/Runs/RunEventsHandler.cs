using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Handlers.Http;
using JourneyFunctions.Orchestrations.Journeys;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace JourneyFunctions.Handlers.Runs;

/// <summary>
/// POST /api/runs/{runId}/events: an account event, or a person's event on behalf of their account, for the
/// run's listen-for-event nodes. The account moves on if it is listening for that event (now or later). 404 for a
/// run id that is not a journey run, an account not in the run or a person not in the account; 409 once the run
/// has ended or the account has left it.
/// </summary>
public sealed class RunEventsHandler(AudienceStore audience, JourneyEntryStore entries, PeopleStore people)
{
    public const string Route = "runs/{runId}/events";

    public async Task<IResult> HandleAsync(HttpRequest request, DurableTaskClient client, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        (RaisedEvent? raised, IResult? error) = await RequestBody.ReadAsync<RaisedEvent>(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        string? problem = Check(raised!);
        if (problem is not null)
        {
            return ApiResults.Problem(StatusCodes.Status400BadRequest, problem);
        }

        OrchestrationMetadata? run = TableKey.IsValid(runId) ? await client.GetInstanceAsync(runId, getInputsAndOutputs: true, cancellationToken) : null;
        if (run is null || run.Name != OrchestratorNames.JourneyRun || run.ReadInputAs<JourneyRunInput>() is not { } input)
        {
            return ApiResults.NotFound($"Run '{runId}'");
        }

        if (!JourneyRuns.InFlight(run.RuntimeStatus))
        {
            return ApiResults.Conflict($"Run '{runId}' has ended ({run.RuntimeStatus.ToString().ToLowerInvariant()}); it takes no more events.");
        }

        // Checked above: scope, type and account are present and known.
        int? batch = await audience.FindBatchAsync(runId, raised!.AccountId, cancellationToken);
        if (batch is null)
        {
            return ApiResults.NotFound($"Account '{raised.AccountId}' in run '{runId}'");
        }

        if (raised.Scope == EventTrigger.PeopleScope && raised.PersonId is { } personId && await people.GetAsync(raised.AccountId, personId, cancellationToken) is null)
        {
            return ApiResults.NotFound($"Person '{personId}' in account '{raised.AccountId}'");
        }

        if (await entries.GetCurrentRunAsync(input.JourneyId, raised.AccountId, cancellationToken) != runId)
        {
            return ApiResults.Conflict($"Account '{raised.AccountId}' has left run '{runId}'; it takes no more events.");
        }

        string instance = RunInstanceIds.Batch(runId, batch.Value);
        await client.RaiseEventAsync(instance, EventTrigger.EventName(raised.Scope, raised.Type, raised.AccountId), raised, cancellationToken);
        return ApiResults.Json(new { runId, accountId = raised.AccountId, raised = $"{raised.Scope}:{raised.Type}" }, StatusCodes.Status202Accepted);
    }

    private static string? Check(RaisedEvent raised)
    {
        // Deserialized JSON may leave "non-nullable" members null.
        string? scope = raised.Scope;
        string? type = raised.Type;
        if (scope is null || type is null)
        {
            return "scope and type are required";
        }

        if (!EventTrigger.Types.TryGetValue(scope, out IReadOnlySet<string>? types))
        {
            return $"scope must be '{EventTrigger.AccountScope}' or '{EventTrigger.PeopleScope}'";
        }

        if (!types.Contains(type))
        {
            return $"'{type}' is not a {scope} event; use one of {string.Join(", ", types.Order(StringComparer.Ordinal))}";
        }

        if (!TableKey.IsValid(raised.AccountId))
        {
            return "accountId is required (for people events, the person's account)";
        }

        return scope == EventTrigger.PeopleScope && !TableKey.IsValid(raised.PersonId) ? "personId is required for a people event" : null;
    }
}

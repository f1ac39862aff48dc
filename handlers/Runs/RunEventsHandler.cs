using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Handlers.Http;
using JourneyFunctions.Orchestrations.Journeys;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace JourneyFunctions.Handlers.Runs;

/// <summary>
/// POST /api/runs/{runId}/events: an account event, or a person's event on behalf of their account, for the
/// run's listen-for-event nodes. The account moves on if it is listening for that event (now or later).
/// </summary>
public sealed class RunEventsHandler(AudienceStore audience)
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

        // Checked above: scope, type and account are present and known.
        int? batch = TableKey.IsValid(runId) ? await audience.FindBatchAsync(runId, raised!.AccountId, cancellationToken) : null;
        if (batch is null)
        {
            return ApiResults.NotFound($"Account '{raised!.AccountId}' in run '{runId}'");
        }

        string instance = RunInstanceIds.Batch(runId, batch.Value);
        await client.RaiseEventAsync(instance, EventTrigger.EventName(raised!.Scope, raised.Type, raised.AccountId), raised, cancellationToken);
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

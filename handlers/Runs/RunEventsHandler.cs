using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Handlers.Events;
using JourneyFunctions.Handlers.Http;
using JourneyFunctions.Orchestrations.Journeys;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Journeys;
using JourneyFunctions.Storage.People;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace JourneyFunctions.Handlers.Runs;

/// <summary>
/// POST /api/runs/{runId}/events: an account event, or a person's event on behalf of their account, for the run's
/// listen-for-event nodes, through the event router restricted to this run: the account moves on if it is listening
/// for that event now (and the event meets the node's conditions); otherwise the event is dropped, counted and answered
/// with <c>delivered: 0</c>. 404 for a run id that is not a journey run, an account not in the run or a person not in
/// the account; 409 once the run has ended or the account has left it, and while it is still taking its audience.
/// </summary>
public sealed class RunEventsHandler(AudienceStore audience, JourneyEntryStore entries, PeopleStore people, EventRouter router)
{
    public const string Route = "runs/{runId}/events";

    /// <summary>Most attributes an event may carry; names are at most 128 characters, values <see cref="EventTrigger.MaxConditionLength"/>.</summary>
    public const int MaxAttributes = 20;

    /// <summary>The longest attribute name a posted event may use.</summary>
    public const int MaxAttributeName = 128;

    public async Task<IResult> HandleAsync(HttpRequest request, DurableTaskClient client, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        (RunEventRequest? body, IResult? error) = await RequestBody.ReadAsync<RunEventRequest>(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var raised = new RaisedEvent(body!.Scope, body.Type, body.AccountId, body.PersonId, body.Attributes);
        if (Check(raised) is ({ } field, { } reason))
        {
            return ApiResults.BadField(field, reason);
        }

        OrchestrationMetadata? run = await JourneyRuns.FindAsync(client, runId, withInput: true, cancellationToken);
        if (run?.ReadInputAs<JourneyRunInput>() is not { } input)
        {
            return ApiResults.NotFound($"Run '{runId}'");
        }

        if (!DurableInstanceCalls.InFlight(run.RuntimeStatus))
        {
            return ApiResults.Conflict($"Run '{runId}' has ended ({run.RuntimeStatus.ToString().ToLowerInvariant()}); it takes no more events.");
        }

        // Checked above: scope, type and account are present and known.
        int? batch = await audience.FindBatchAsync(runId, raised.AccountId, cancellationToken);
        if (batch is null)
        {
            // Until the run has taken its audience (its status then carries the counts) no account is in it yet.
            return JourneyRuns.Progress(run) is null
                ? ApiResults.Conflict($"Run '{runId}' is still taking its audience (it does at its startAt, if the journey sets one); send the event once its status shows its accounts.")
                : ApiResults.NotFound($"Account '{raised.AccountId}' in run '{runId}'");
        }

        if (raised.PersonId is { } personId && await people.GetAsync(raised.AccountId, personId, cancellationToken) is null)
        {
            return ApiResults.NotFound($"Person '{personId}' in account '{raised.AccountId}'");
        }

        if (await entries.GetCurrentRunAsync(input.JourneyId, raised.AccountId, cancellationToken) != runId)
        {
            return ApiResults.Conflict($"Account '{raised.AccountId}' has left run '{runId}'; it takes no more events.");
        }

        int[] delivered = await router.RouteAsync(client, [raised], onlyRun: runId, cancellationToken);
        return ApiResults.Json(new { runId, accountId = raised.AccountId, raised = raised.Key, delivered = delivered[0] }, StatusCodes.Status202Accepted);
    }

    /// <summary>The first thing wrong with the event, as the field and why, or nulls when there is none.</summary>
    private static (string? Field, string? Reason) Check(RaisedEvent raised)
    {
        // Deserialized JSON may leave "non-nullable" members null.
        string? scope = raised.Scope;
        string? type = raised.Type;
        if (scope is null || !EventTrigger.Types.TryGetValue(scope, out IReadOnlySet<string>? types))
        {
            return ("scope", $"must be '{EventTrigger.AccountScope}' or '{EventTrigger.PeopleScope}'.");
        }

        if (type is null || !types.Contains(type))
        {
            return ("type", $"must be an event type of scope '{scope}', one of {string.Join(", ", types.Order(StringComparer.Ordinal))}{(type is null ? "" : $" (got '{Shorten(type)}')")}.");
        }

        if (!TableKey.IsValid(raised.AccountId))
        {
            return ("accountId", $"must be an account id, {TableKey.Rule} (for a people event, the person's account).");
        }

        if (scope == EventTrigger.PeopleScope ? !TableKey.IsValid(raised.PersonId) : raised.PersonId is not null && !TableKey.IsValid(raised.PersonId))
        {
            return ("personId", $"must be a person id, {TableKey.Rule}{(scope == EventTrigger.PeopleScope ? "; a people event needs one" : "")}.");
        }

        if (raised.Attributes is not { } attributes)
        {
            return (null, null);
        }

        if (attributes.Count > MaxAttributes)
        {
            return ("attributes", $"may hold at most {MaxAttributes} attributes (got {attributes.Count}).");
        }

        if (attributes.Keys.FirstOrDefault(name => name.Length is 0 or > MaxAttributeName) is { } badName)
        {
            // The field cannot name an attribute by a name that is itself the problem.
            return ("attributes", badName.Length == 0
                ? $"attribute names are 1-{MaxAttributeName} characters (got an empty name)."
                : $"attribute names are 1-{MaxAttributeName} characters (got {badName.Length}: '{Shorten(badName)}').");
        }

        return attributes.FirstOrDefault(a => a.Value?.Length > EventTrigger.MaxConditionLength) is { Key: { } tooLong }
            ? ($"attributes.{tooLong}", $"values are at most {EventTrigger.MaxConditionLength} characters.")
            : (null, null);
    }

    /// <summary>Enough of a caller's over-long text to recognize it.</summary>
    private static string Shorten(string text) =>
        text.Length <= 32 ? text : text[..(char.IsHighSurrogate(text[31]) ? 31 : 32)] + "..."; // never half a character
}

/// <summary>The body of <c>POST runs/{runId}/events</c>: an event without a time (it is raised now); other members are ignored.</summary>
public sealed record RunEventRequest(string Scope, string Type, string AccountId, string? PersonId = null, IReadOnlyDictionary<string, string?>? Attributes = null);

using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Domain.Messaging;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Handlers.Http;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Journeys;
using JourneyFunctions.Storage.Messaging;
using JourneyFunctions.Storage.People;
using JourneyFunctions.Storage.SalesActivities;
using JourneyFunctions.Storage.Sync;
using Microsoft.AspNetCore.Http;
using Recordable = (JourneyFunctions.Handlers.SalesActivities.RecordSalesActivityRequest Request, JourneyFunctions.Domain.SalesActivities.SalesActivityType Type, JourneyFunctions.Domain.SalesActivities.SalesActivityOrigin Origin);

namespace JourneyFunctions.Handlers.SalesActivities;

/// <summary>
/// POST /api/sales/people/{marketoId}/activities: records one sales activity (a JSON object) or up to
/// <see cref="MaxPerRequest"/> (a JSON array) for a person of the sales copy, and publishes them to the marketing and
/// Salesforce loggers in one publish call. 201 when something new was stored, 200 when every id was recorded before
/// (the stored activities are returned). They are published on a repeat too, so a request that failed between storing
/// and publishing is completed by its retry, even after the person left the sales copy; the loggers are idempotent by
/// activity id. With
/// <c>CheckMarketingUnsubscribe</c> on, a sales email to a person marketing has as unsubscribed, or whose status
/// cannot be known (unless <c>AllowUnknownUnsubscribe</c>), is refused with 409 and nothing of the request is stored or
/// published; a sales email recorded before is not checked again. Each activity is also a <c>salesActivity</c> people event for runs listening on the person's account
/// (found in the marketing store), raised on a repeat too.
/// </summary>
public sealed class RecordSalesActivityHandler(
    SalesPeopleStore salesPeople,
    SalesActivityStore activities,
    ISalesActivityPublisher publisher,
    IMarketingUnsubscribeStatus marketingStatus,
    HandlerSettings settings,
    PeopleStore people,
    JourneyEventPublisher events,
    TimeProvider clock)
{
    public const string Route = "sales/people/{marketoId}/activities";

    /// <summary>Most activities one request may record, so a request stays one bounded publish.</summary>
    public const int MaxPerRequest = 100;

    /// <summary>Types recorded through this route; unsubscribes have their own.</summary>
    private static readonly string[] RecordableTypes = Enum.GetNames<SalesActivityType>()
        .Where(n => n != nameof(SalesActivityType.Unsubscribe)).Select(SalesActivityRequests.Camel).ToArray();

    public async Task<IResult> HandleAsync(HttpRequest request, string marketoId, CancellationToken cancellationToken)
    {
        if (SalesActivityRequests.CheckMarketoId(marketoId) is { } badId)
        {
            return badId;
        }

        (JsonNode? body, IResult? malformed) = await RequestBody.ReadAsync<JsonNode>(request, cancellationToken);
        if (malformed is not null)
        {
            return malformed;
        }

        bool many = body is JsonArray;
        (List<Recordable> items, IResult? invalid) = Read(many ? [.. body!.AsArray()] : [body], many, clock.GetUtcNow());
        if (invalid is not null)
        {
            return invalid;
        }

        TableEntity? person = await salesPeople.GetAsync(marketoId, cancellationToken);
        (SalesActivity Activity, bool Created)[] stored;
        if (person is null)
        {
            // The person left the sales copy: only a repeat of what was recorded for them is taken (and published
            // again, completing a request that failed after storing); anything new for them is a 404.
            if (await RecordedBeforeAsync(marketoId, items, cancellationToken) is not { } recorded)
            {
                return ApiResults.NotFound($"Sales person '{marketoId}'");
            }

            stored = [.. recorded.Select(a => (a, false))];
        }
        else
        {
            if (settings.CheckMarketingUnsubscribe
                && await FirstNewSalesEmailAsync(marketoId, items, cancellationToken) is { } email
                && await RefusedByUnsubscribeAsync(marketoId, (many ? $"[{email}]." : "") + "id", cancellationToken) is { } refused)
            {
                return refused;
            }

            if (await RefusedAsTakenAsync(marketoId, items, many, cancellationToken) is { } taken)
            {
                return taken;
            }

            // Each id is stored on its own (first write wins), several at a time; results keep the request's order.
            stored = new (SalesActivity Activity, bool Created)[items.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, items.Count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
            {
                (RecordSalesActivityRequest request, SalesActivityType type, SalesActivityOrigin origin) = items[i];
                stored[i] = await activities.AddAsync(
                    SalesActivityRequests.Build(person, request.Id!, type, request.OccurredAt ?? clock.GetUtcNow(), request.Subject, request.Detail, origin), ct);
            });
        }

        List<SalesActivity> kept = stored.Select(s => s.Activity).ToList();
        await publisher.PublishAsync(kept, cancellationToken);
        if (await people.FindAsync(marketoId, cancellationToken) is { } marketingPerson)
        {
            await events.PublishAsync(kept.Select(a => new RaisedEvent(
                EventTrigger.PeopleScope, EventTrigger.SalesActivity, marketingPerson.PartitionKey, marketoId,
                new Dictionary<string, string?> { [EventTrigger.Attributes.ActivityType] = SalesActivityRequests.Camel(a.Type.ToString()), [EventTrigger.Attributes.ActivityId] = a.Id })), cancellationToken);
        }
        int status = stored.Any(s => s.Created) ? StatusCodes.Status201Created : StatusCodes.Status200OK;
        return many ? ApiResults.Json(new { activities = kept }, status) : ApiResults.Json(kept[0], status);
    }

    /// <summary>The person's stored activities of every id of the request, in its order; null when any is not stored.</summary>
    private async Task<List<SalesActivity>?> RecordedBeforeAsync(string marketoId, List<Recordable> items, CancellationToken cancellationToken)
    {
        var recorded = new List<SalesActivity>(items.Count);
        foreach (Recordable item in items)
        {
            if (await activities.GetAsync(marketoId, item.Request.Id!, cancellationToken) is not { } activity)
            {
                return null;
            }

            recorded.Add(activity);
        }

        return recorded;
    }

    /// <summary>
    /// The index of the request's first sales email from the sales app that is not stored yet, or null: one recorded
    /// before (a client's retry) was checked when it was recorded, and its repeat answers 200 with it whatever marketing
    /// says now.
    /// </summary>
    private async Task<int?> FirstNewSalesEmailAsync(string marketoId, List<Recordable> items, CancellationToken cancellationToken)
    {
        for (int i = 0; i < items.Count; i++)
        {
            if (items[i] is { Type: SalesActivityType.SendSalesEmail, Origin: SalesActivityOrigin.Sales }
                && await activities.GetAsync(marketoId, items[i].Request.Id!, cancellationToken) is null)
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>
    /// A 409 naming the first id of the request that another person's activity holds (ids are unique across people:
    /// Service Bus and Salesforce would drop it as a repeat), before anything of the request is stored; null when every
    /// id is this person's.
    /// </summary>
    private async Task<IResult?> RefusedAsTakenAsync(string marketoId, List<Recordable> items, bool many, CancellationToken cancellationToken)
    {
        List<string> ids = [.. items.Select(i => i.Request.Id!)];
        if (await activities.ClaimIdsAsync(marketoId, ids, cancellationToken) is not [string first, ..])
        {
            return null;
        }

        string field = (many ? $"[{ids.IndexOf(first)}]." : "") + "id";
        const string Reason = "is the id of another person's activity; activity ids are unique across people.";
        return ApiResults.Problem(
            StatusCodes.Status409Conflict,
            $"Activity id '{first}' {Reason} Nothing of the request was stored.",
            [new(null, field, Reason)],
            extensions: new Dictionary<string, object?> { ["reason"] = "idUsedByAnotherPerson" });
    }

    /// <summary>
    /// The unsubscribe check: a 409 when marketing has the person as unsubscribed, and when that cannot be known
    /// (fails closed) unless <c>AllowUnknownUnsubscribe</c> is on, naming the refused email's <paramref name="emailField"/>;
    /// null when the email may go.
    /// </summary>
    private async Task<IResult?> RefusedByUnsubscribeAsync(string marketoId, string emailField, CancellationToken cancellationToken)
    {
        MarketingSubscription status = await marketingStatus.GetAsync(marketoId, cancellationToken);
        (string Detail, string Reason)? refusal = status switch
        {
            { Unsubscribed: true } => ($"Person '{marketoId}' is unsubscribed in marketing; the sales email was not sent.", "unsubscribedInMarketing"),
            { Unsubscribed: null } when !settings.AllowUnknownUnsubscribe =>
                ($"Person '{marketoId}': whether they unsubscribed in marketing is unknown ({status.UnknownBecause}); the sales email was not sent.", "unsubscribeUnknown"),
            _ => null,
        };

        // errors names the first new sales email of the request, the activity the check refused; nothing was stored.
        return refusal is { } refused
            ? ApiResults.Problem(StatusCodes.Status409Conflict, refused.Detail, [new(null, emailField, "is a sales email the unsubscribe check refused.")], extensions: new Dictionary<string, object?> { ["reason"] = refused.Reason })
            : null;
    }

    /// <summary>Reads and checks every activity of the body; the first problem becomes a 400 naming the field (<c>[i].field</c> in an array).</summary>
    private static (List<Recordable> Items, IResult? Error) Read(IReadOnlyList<JsonNode?> nodes, bool many, DateTimeOffset now)
    {
        if (nodes.Count is 0 or > MaxPerRequest)
        {
            return ([], ApiResults.BadField("activities", $"must hold 1 to {MaxPerRequest} activities."));
        }

        var items = new List<Recordable>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < nodes.Count; i++)
        {
            string prefix = many ? $"[{i}]." : "";
            RecordSalesActivityRequest? request;
            try
            {
                request = nodes[i]?.Deserialize<RecordSalesActivityRequest>(JsonDefaults.Options);
            }
            catch (JsonException e)
            {
                return ([], RequestBody.Malformed(e, prefix));
            }

            if (request is null)
            {
                return ([], ApiResults.BadField($"[{i}]", "must be a JSON object."));
            }

            (Recordable item, IResult? error) = Check(request, prefix, now);
            if (error is not null)
            {
                return ([], error);
            }

            if (!ids.Add(item.Request.Id!))
            {
                // One id is one activity: a second item under it would be dropped as a retry of the first.
                return ([], ApiResults.BadField(prefix + "id", $"'{item.Request.Id}' is given to more than one activity of this request."));
            }

            items.Add(item);
        }

        return (items, null);
    }

    private static (Recordable Item, IResult? Error) Check(RecordSalesActivityRequest request, string prefix, DateTimeOffset now)
    {
        if (!TableKey.IsValid(request.Id))
        {
            return (default, ApiResults.BadField(prefix + "id", string.IsNullOrEmpty(request.Id) ? $"is required: {TableKey.Rule}." : $"must be {TableKey.Rule}."));
        }

        if (request.Id!.StartsWith(SalesActivityStore.ReservedIdPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return (default, ApiResults.BadField(prefix + "id", $"may not start with '{SalesActivityStore.ReservedIdPrefix}': those ids are kept for unsubscribes (POST .../unsubscribe)."));
        }

        if (request.Type is null || !RecordableTypes.Contains(request.Type, StringComparer.OrdinalIgnoreCase))
        {
            return (default, ApiResults.BadField(prefix + "type", $"must be one of: {string.Join(", ", RecordableTypes)}."));
        }

        (SalesActivityOrigin origin, IResult? badOrigin) = SalesActivityRequests.ParseOrigin(request.Origin, prefix);
        IResult? error = badOrigin
            ?? SalesActivityRequests.CheckOccurredAt(prefix + "occurredAt", request.OccurredAt, now)
            ?? SalesActivityRequests.CheckText(prefix + "subject", request.Subject)
            ?? SalesActivityRequests.CheckText(prefix + "detail", request.Detail);
        return ((request, Enum.Parse<SalesActivityType>(request.Type, ignoreCase: true), origin), error);
    }
}

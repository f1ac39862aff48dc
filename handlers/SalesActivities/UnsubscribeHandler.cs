using Azure.Data.Tables;
using JourneyFunctions.Domain.Messaging;
using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Handlers.Http;
using JourneyFunctions.Storage.Messaging;
using JourneyFunctions.Storage.SalesActivities;
using JourneyFunctions.Storage.Sync;
using Microsoft.AspNetCore.Http;

namespace JourneyFunctions.Handlers.SalesActivities;

/// <summary>
/// POST /api/sales/people/{marketoId}/unsubscribe: records that the person unsubscribed on the sales side (201; 200
/// when already recorded). Kept in step with Salesforce both ways: a seller's unsubscribe is published and the
/// Salesforce logger sets the person's email opt-out; one reported by Salesforce (<c>"origin": "salesforce"</c>) is
/// stored here and not sent back. It is never written to marketing: the marketing logger skips it.
/// </summary>
public sealed class UnsubscribeHandler(SalesPeopleStore salesPeople, SalesActivityStore activities, ISalesActivityPublisher publisher, TimeProvider clock)
{
    public const string Route = "sales/people/{marketoId}/unsubscribe";

    public async Task<IResult> HandleAsync(HttpRequest request, string marketoId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (SalesActivityRequests.CheckMarketoId(marketoId) is { } badId)
        {
            return badId;
        }

        // The body is optional: none at all (with or without a Content-Length of 0) is an unsubscribe without details.
        (UnsubscribeRequest? read, IResult? malformed) = await RequestBody.ReadAsync<UnsubscribeRequest>(request, cancellationToken, optional: true);
        if (malformed is not null)
        {
            return malformed;
        }

        UnsubscribeRequest body = read ?? new(null, null, null);

        (SalesActivityOrigin origin, IResult? badOrigin) = SalesActivityRequests.ParseOrigin(body.Origin);
        if ((badOrigin ?? SalesActivityRequests.CheckText("reason", body.Reason) ?? SalesActivityRequests.CheckOccurredAt("occurredAt", body.OccurredAt, clock.GetUtcNow())) is { } invalid)
        {
            return invalid;
        }

        TableEntity? person = await salesPeople.GetAsync(marketoId, cancellationToken);
        if (person is null)
        {
            // A repeat for someone who has left the sales copy since is answered as a repeat, as the activities route does.
            return await activities.GetUnsubscribeAsync(marketoId, cancellationToken) is { } recorded
                ? await AnsweredAsync(marketoId, recorded, created: false, cancellationToken)
                : ApiResults.NotFound($"Sales person '{marketoId}'");
        }

        SalesActivity unsubscribe = SalesActivityRequests.Build(
            person, SalesActivityStore.UnsubscribeId(marketoId), SalesActivityType.Unsubscribe, body.OccurredAt ?? clock.GetUtcNow(), null, body.Reason, origin);
        (SalesActivity stored, bool created) = await activities.UnsubscribeAsync(unsubscribe, cancellationToken);
        return await AnsweredAsync(marketoId, stored, created, cancellationToken);
    }

    /// <summary>The stored unsubscribe, published (again on a repeat: a request that failed before publishing is completed by its retry); 201 when this call made it.</summary>
    private async Task<IResult> AnsweredAsync(string marketoId, SalesActivity stored, bool created, CancellationToken cancellationToken)
    {
        await publisher.PublishAsync([stored], cancellationToken);
        return ApiResults.Json(new { marketoId, unsubscribed = true, activity = stored }, created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }
}

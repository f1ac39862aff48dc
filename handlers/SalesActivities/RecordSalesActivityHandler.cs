using Azure.Data.Tables;
using JourneyFunctions.Domain.Messaging;
using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Handlers.Http;
using JourneyFunctions.Handlers.Settings;
using Microsoft.AspNetCore.Http;

namespace JourneyFunctions.Handlers.SalesActivities;

/// <summary>
/// POST /api/sales/people/{marketoId}/activities: records a sales activity for a person of the sales copy (201; 200
/// with the stored one when the id was recorded before) and publishes it to the marketing and Salesforce loggers.
/// The activity is published on a repeat too, so a request that failed between storing and publishing is completed
/// by its retry; the loggers are idempotent by activity id. With <c>CheckMarketingUnsubscribe</c> on, a sales email
/// to a person marketing has as unsubscribed is refused with 409 and nothing is stored or published.
/// </summary>
public sealed class RecordSalesActivityHandler(
    SalesPeopleStore salesPeople,
    SalesActivityStore activities,
    ISalesActivityPublisher publisher,
    IMarketingUnsubscribeStatus marketingStatus,
    AppSettings settings,
    TimeProvider clock)
{
    public const string Route = "sales/people/{marketoId}/activities";

    /// <summary>Types recorded through this route; unsubscribes have their own.</summary>
    private static readonly string[] RecordableTypes = Enum.GetNames<SalesActivityType>()
        .Where(n => n != nameof(SalesActivityType.Unsubscribe)).Select(SalesActivityRequests.Camel).ToArray();

    public async Task<IResult> HandleAsync(HttpRequest request, string marketoId, CancellationToken cancellationToken)
    {
        if (SalesActivityRequests.CheckMarketoId(marketoId) is { } badId)
        {
            return badId;
        }

        (RecordSalesActivityRequest? body, IResult? malformed) = await RequestBody.ReadAsync<RecordSalesActivityRequest>(request, cancellationToken);
        if (malformed is not null)
        {
            return malformed;
        }

        (SalesActivityType type, SalesActivityOrigin origin, IResult? invalid) = Validate(body!);
        if (invalid is not null)
        {
            return invalid;
        }

        TableEntity? person = await salesPeople.GetAsync(marketoId, cancellationToken);
        if (person is null)
        {
            return ApiResults.NotFound($"Sales person '{marketoId}'");
        }

        if (type == SalesActivityType.SendSalesEmail && origin == SalesActivityOrigin.Sales && settings.CheckMarketingUnsubscribe
            && await marketingStatus.IsUnsubscribedAsync(marketoId, cancellationToken))
        {
            return ApiResults.Json(
                new { error = $"Person '{marketoId}' is unsubscribed in marketing; the sales email was not sent.", reason = "unsubscribedInMarketing" },
                StatusCodes.Status409Conflict);
        }

        SalesActivity activity = SalesActivityRequests.Build(person, body!.Id!, type, body.OccurredAt ?? clock.GetUtcNow(), body.Subject, body.Detail, origin);
        (SalesActivity stored, bool created) = await activities.AddAsync(activity, cancellationToken);
        await publisher.PublishAsync([stored], cancellationToken);
        return ApiResults.Json(stored, created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    private static (SalesActivityType Type, SalesActivityOrigin Origin, IResult? Error) Validate(RecordSalesActivityRequest body)
    {
        if (!TableKey.IsValid(body.Id))
        {
            return (default, default, SalesActivityRequests.BadField("id", "is required: 1-128 characters of letters, digits, '-', '_', '.', '@' or ':'."));
        }

        if (body.Type is null || !RecordableTypes.Contains(body.Type, StringComparer.OrdinalIgnoreCase))
        {
            return (default, default, SalesActivityRequests.BadField("type", $"must be one of: {string.Join(", ", RecordableTypes)}."));
        }

        (SalesActivityOrigin origin, IResult? badOrigin) = SalesActivityRequests.ParseOrigin(body.Origin);
        IResult? error = badOrigin ?? SalesActivityRequests.CheckText("subject", body.Subject) ?? SalesActivityRequests.CheckText("detail", body.Detail);
        return (Enum.Parse<SalesActivityType>(body.Type, ignoreCase: true), origin, error);
    }
}

using System.Globalization;
using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Handlers.Http;
using JourneyFunctions.Handlers.SalesActivities;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.SalesActivities;
using JourneyFunctions.Storage.Sync;
using Microsoft.AspNetCore.Http;

namespace JourneyFunctions.Handlers.Sales;

/// <summary>
/// GET /api/sales/people/{marketoId}/marketing-activities: the Smart Grid's read of a sales person's recent marketing
/// activity (email opens and clicks, interesting moments, web visits), oldest first, a page at a time, from Marketo
/// when a connection is configured, else from the local stores (<see cref="IPersonMarketingActivities"/>).
/// </summary>
public sealed class ListMarketingActivitiesHandler(SalesPeopleStore sales, IPersonMarketingActivities activities, TimeProvider clock)
{
    public const string Route = GetSalesPersonHandler.Route + "/marketing-activities";

    public const int DefaultPageSize = 50;

    /// <summary>One Marketo page: a larger page would cost more calls than one request should.</summary>
    public const int MaxPageSize = 300;

    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(30);

    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(365);

    /// <summary>
    /// What <c>since</c> may look like: an ISO-8601 date, or date and time (seconds and a fraction of 1-7 digits optional;
    /// a dot with no digits is refused), with or without an offset (UTC when none).
    /// </summary>
    private static readonly string[] IsoFormats =
        ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", .. Enumerable.Range(1, 7).Select(digits => $"yyyy-MM-dd'T'HH:mm:ss.{new string('f', digits)}K")];

    public async Task<IResult> HandleAsync(HttpRequest request, string marketoId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (SalesActivityRequests.CheckMarketoId(marketoId) is { } badMarketoId)
        {
            return badMarketoId;
        }

        if (activities.CheckPersonId(marketoId) is { } badId)
        {
            return ApiResults.BadField("marketoId", badId);
        }

        DateTimeOffset now = clock.GetUtcNow();
        DateTimeOffset since = now - DefaultWindow;
        if (Paging.GivenTwice(request, "since") is { } twice)
        {
            return twice;
        }

        if (request.Query.TryGetValue("since", out var values))
        {
            string given = values.ToString();
            // K also reads an offset without its colon (+0900), the basic form the README refuses. T and Z are taken in
            // either case, as in a journey's dates.
            if (!DateTimeOffset.TryParseExact(given.ToUpperInvariant(), IsoFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out since) || given.Length > 64
                || given is [.., '+' or '-', >= '0' and <= '9', >= '0' and <= '9', >= '0' and <= '9', >= '0' and <= '9'])
            {
                return ApiResults.BadField("since", $"must be an ISO-8601 date and time such as 2026-11-01T00:00:00Z (got '{Shorten(given)}').");
            }

            if (since > now || since < now - MaxWindow)
            {
                return ApiResults.BadField("since", $"must be in the last {MaxWindow.TotalDays} days and not in the future.");
            }
        }

        string route = Route.Replace("{marketoId}", Uri.EscapeDataString(marketoId), StringComparison.Ordinal);
        (int pageSize, string? continuation, IResult? error) = Paging.Read(request, route, "since", DefaultPageSize, MaxPageSize);
        if (error is not null)
        {
            return error;
        }

        if (await sales.GetAsync(marketoId, cancellationToken) is null)
        {
            return ApiResults.NotFound($"Sales person '{marketoId}'");
        }

        PersonMarketingActivityPage page;
        try
        {
            page = await activities.ReadAsync(marketoId, since, pageSize, continuation, cancellationToken);
        }
        catch (MarketingActivitiesUnavailableException e)
        {
            return ApiResults.Unavailable(e.Message, e.Reason);
        }
        catch (FormatException)
        {
            return Paging.BadToken(); // a token that passed the check but names no position of the source (built by hand)
        }

        return Paging.Json(request, route, new { marketoId, source = activities.Source, items = page.Items }, pageSize, page.Continuation, "since");
    }

    private static string Shorten(string text) => text.Length > 64 ? text[..64] + "..." : text;
}

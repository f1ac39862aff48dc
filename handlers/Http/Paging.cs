using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace JourneyFunctions.Handlers.Http;

/// <summary>
/// The paging of every list route: <c>?pageSize=</c> (1 to <see cref="MaxPageSize"/>, default
/// <see cref="DefaultPageSize"/>) and <c>?continuationToken=</c> from the previous page; a page is
/// <c>{ items, continuationToken, nextUrl }</c>, the token and URL null on the last page.
/// </summary>
public static class Paging
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;
    private const int MaxTokenLength = 2048;

    /// <summary>The page asked for, or a 400 naming <c>pageSize</c>; a route with a smaller page gives its own bounds.</summary>
    public static (int PageSize, string? ContinuationToken, IResult? Error) Read(HttpRequest request, int defaultPageSize = DefaultPageSize, int maxPageSize = MaxPageSize)
    {
        ArgumentNullException.ThrowIfNull(request);
        int pageSize = defaultPageSize;
        if (request.Query.TryGetValue("pageSize", out var size)
            && (!int.TryParse(size, NumberStyles.Integer, CultureInfo.InvariantCulture, out pageSize) || pageSize < 1 || pageSize > maxPageSize))
        {
            return (0, null, ApiResults.BadField("pageSize", $"must be a whole number from 1 to {maxPageSize} (got '{size}')."));
        }

        string? token = request.Query.TryGetValue("continuationToken", out var given) && given.ToString().Length > 0 ? given.ToString() : null;
        return token is { Length: > MaxTokenLength } || token?.Any(char.IsControl) == true
            ? (0, null, BadToken())
            : (pageSize, token, null);
    }

    /// <summary>The 400 for a continuation token the route did not hand out.</summary>
    public static IResult BadToken() =>
        ApiResults.BadField("continuationToken", "is not a token this API handed out; take it from the previous page's continuationToken.");

    /// <summary>One page of <paramref name="route"/>, with the URL of the next.</summary>
    public static IResult Page<T>(HttpRequest request, string route, IEnumerable<T> items, int pageSize, string? next) =>
        ApiResults.Json(new
        {
            items,
            continuationToken = next,
            nextUrl = NextUrl(request, route, pageSize, next),
        });

    /// <summary>The URL of the page after the one whose token is <paramref name="next"/>; null after the last.</summary>
    public static string? NextUrl(HttpRequest request, string route, int pageSize, string? next) =>
        next is null ? null : Urls.Api(request, $"{route}?pageSize={pageSize}&continuationToken={Uri.EscapeDataString(next)}");
}

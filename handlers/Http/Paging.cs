using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace JourneyFunctions.Handlers.Http;

/// <summary>
/// The paging of every list route: <c>?pageSize=</c> (1 to <see cref="MaxPageSize"/>, default
/// <see cref="DefaultPageSize"/>) and <c>?continuationToken=</c> from the previous page; a page is
/// <c>{ items, continuationToken, nextUrl }</c>, the token and URL written as null on the last page.
/// A token handed out is the store's own position sealed to the route's path (base64url of the position, a dot, and a
/// check over path and position), so a token from another route, or one mistyped or made up, is a 400 naming
/// <c>continuationToken</c> instead of a storage error or a silently empty page. The check is not a secret: it tells
/// tokens apart, it does not protect what they point at (every route checks its caller the same way on every page).
/// </summary>
public static class Paging
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;
    private const int MaxTokenLength = 2048;
    private const int CheckBytes = 9;

    /// <summary>
    /// The query parameters that filter a list (<c>runs/{runId}/deliveries</c>'s <c>node</c>, <c>sales/people</c>'s
    /// <c>email</c>, the Smart Grid's <c>since</c>): a token is sealed to them and the next URL keeps them. Any other
    /// parameter (a function key, a cache buster) is no filter and is ignored, so it neither breaks paging nor is copied.
    /// </summary>
    private static readonly HashSet<string> FilterParameters = new(["node", "email", "since"], StringComparer.Ordinal);

    /// <summary>
    /// The page asked for, or a 400 naming <c>pageSize</c> or <c>continuationToken</c>; a route with a smaller page
    /// gives its own bounds. The token returned is the store's position the route handed out.
    /// </summary>
    public static (int PageSize, string? ContinuationToken, IResult? Error) Read(HttpRequest request, int defaultPageSize = DefaultPageSize, int maxPageSize = MaxPageSize)
    {
        ArgumentNullException.ThrowIfNull(request);
        int pageSize = defaultPageSize;
        // Digits only: int.TryParse with no styles still takes trailing NUL characters.
        if (request.Query.TryGetValue("pageSize", out var size)
            && (!size.ToString().All(char.IsAsciiDigit) || !int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize < 1 || pageSize > maxPageSize))
        {
            return (0, null, ApiResults.BadField("pageSize", $"must be a whole number from 1 to {maxPageSize} (got '{size}')."));
        }

        if (!request.Query.TryGetValue("continuationToken", out var given) || given.ToString().Length == 0)
        {
            return (pageSize, null, null);
        }

        return given.Count == 1 && Open(request, given.ToString()) is { } position
            ? (pageSize, position, null)
            : (0, null, BadToken());
    }

    /// <summary>The 400 for a continuation token the route did not hand out.</summary>
    public static IResult BadToken() =>
        ApiResults.BadField("continuationToken", "is not a token this route handed out; take it from the previous page's continuationToken.");

    /// <summary>One page of <paramref name="route"/>: <c>{ items, continuationToken, nextUrl }</c>.</summary>
    public static IResult Page<T>(HttpRequest request, string route, IEnumerable<T> items, int pageSize, string? next) =>
        Json(request, route, new { items }, pageSize, next);

    /// <summary>
    /// A page whose other members <paramref name="members"/> gives (an object serialized as the API's JSON, nulls
    /// left out), followed by <c>continuationToken</c> (the sealed <paramref name="next"/>) and <c>nextUrl</c>, both
    /// null after the last page. The next URL keeps the request's filters (e.g. <c>node</c>, <c>since</c>): the token
    /// is sealed to them.
    /// </summary>
    public static IResult Json(HttpRequest request, string route, object members, int pageSize, string? next)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? token = next is null ? null : Seal(request, next);
        string filters = string.Concat(Filters(request).SelectMany(f => f.Value.Select(v => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(v ?? "")}&")));
        return ApiResults.JsonWith(
            members,
            ("continuationToken", token),
            ("nextUrl", token is null ? null : Urls.Api(request, $"{route}?{filters}pageSize={pageSize}&continuationToken={Uri.EscapeDataString(token)}")));
    }

    /// <summary>The request's filters (<see cref="FilterParameters"/>), in name order.</summary>
    private static IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> Filters(HttpRequest request) =>
        request.Query.Where(q => FilterParameters.Contains(q.Key)).OrderBy(q => q.Key, StringComparer.Ordinal);

    private static string Seal(HttpRequest request, string position)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(position);
        return $"{Base64Url.EncodeToString(bytes)}.{Base64Url.EncodeToString(Check(request, bytes))}";
    }

    /// <summary>The position a token of this route seals, or null when the route did not hand it out.</summary>
    private static string? Open(HttpRequest request, string token)
    {
        int dot = token.IndexOf('.', StringComparison.Ordinal);
        if (token.Length > MaxTokenLength || dot < 0)
        {
            return null;
        }

        byte[] bytes, check;
        try
        {
            bytes = Base64Url.DecodeFromChars(token.AsSpan(0, dot));
            check = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
        }
        catch (FormatException)
        {
            return null;
        }

        return CryptographicOperations.FixedTimeEquals(check, Check(request, bytes)) ? Encoding.UTF8.GetString(bytes) : null;
    }

    /// <summary>
    /// The first bytes of SHA-256 over the route's path (any case, without a trailing slash), its filters (a token of
    /// <c>?node=a</c> does not page <c>?node=b</c>) and the position.
    /// </summary>
    private static byte[] Check(HttpRequest request, byte[] position)
    {
        string path = request.PathBase.Add(request.Path).Value?.TrimEnd('/').ToLowerInvariant() ?? "";
        string filters = string.Join('&', Filters(request).Select(q => q.Key + "=" + q.Value));
        byte[] input = [.. Encoding.UTF8.GetBytes(path), (byte)'\n', .. Encoding.UTF8.GetBytes(filters), (byte)'\n', .. position];
        return SHA256.HashData(input)[..CheckBytes];
    }
}

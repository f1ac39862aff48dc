using System.Buffers;
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
/// A token handed out is the store's own position sealed to the route (base64url of the position, a dot, and a check
/// over the route with its ids, the route's filter and the position), so a token from another route, id or filter, or
/// one mistyped or made up, is a 400 naming <c>continuationToken</c> instead of a storage error or a silently empty
/// page. The check is not a secret: it tells tokens apart, it does not protect what they point at (every route checks
/// its caller the same way on every page, and a store reads only within the route's own partition or filter).
/// </summary>
public static class Paging
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;
    private const int MaxTokenLength = 2048;
    private const int CheckBytes = 9;

    /// <summary>
    /// A 400 naming a query parameter given more than once, else null. Names are matched ignoring case, so
    /// <c>?pageSize=2&amp;PageSize=2</c> gives one name twice: said so, not read as "2,2".
    /// </summary>
    public static IResult? GivenTwice(HttpRequest request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Query.TryGetValue(name, out var values) && values.Count > 1
            ? ApiResults.BadField(name, "is given more than once (names are matched ignoring case); give it once.")
            : null;
    }

    /// <summary>
    /// The page asked for, or a 400 naming <c>pageSize</c> or <c>continuationToken</c>; a route with a smaller page
    /// gives its own bounds. The token returned is the store's position the route handed out.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="route">The route under <c>/api</c> with its ids, as the page's <c>nextUrl</c> names it.</param>
    /// <param name="filter">The query parameter that filters this route's list, if any (<c>node</c>, <c>email</c>, <c>since</c>): a token is sealed to its value. Any other parameter (a function key, a cache buster) is ignored.</param>
    /// <param name="defaultPageSize">The page size when none is asked.</param>
    /// <param name="maxPageSize">The largest page size.</param>
    public static (int PageSize, string? ContinuationToken, IResult? Error) Read(
        HttpRequest request, string route, string? filter = null, int defaultPageSize = DefaultPageSize, int maxPageSize = MaxPageSize)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (string? name in (ReadOnlySpan<string?>)["pageSize", "continuationToken", filter])
        {
            if (name is not null && GivenTwice(request, name) is { } twice)
            {
                return (0, null, twice);
            }
        }

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

        return Open(Scope(request, route, filter), given.ToString()) is { } position
            ? (pageSize, position, null)
            : (0, null, BadToken());
    }

    /// <summary>The 400 for a continuation token the route did not hand out.</summary>
    public static IResult BadToken() =>
        ApiResults.BadField("continuationToken", "is not a token this route handed out; take it from the previous page's continuationToken.");

    /// <summary>One page of <paramref name="route"/> (and its <paramref name="filter"/>, as <see cref="Read"/>): <c>{ items, continuationToken, nextUrl }</c>.</summary>
    public static IResult Page<T>(HttpRequest request, string route, IEnumerable<T> items, int pageSize, string? next, string? filter = null) =>
        Json(request, route, new { items }, pageSize, next, filter);

    /// <summary>
    /// A page whose other members <paramref name="members"/> gives (an object serialized as the API's JSON, nulls
    /// left out), followed by <c>continuationToken</c> (the sealed <paramref name="next"/>) and <c>nextUrl</c>, both
    /// null after the last page. The next URL keeps the route's <paramref name="filter"/> (<see cref="Read"/>): the
    /// token is sealed to it.
    /// </summary>
    public static IResult Json(HttpRequest request, string route, object members, int pageSize, string? next, string? filter = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? token = next is null ? null : Seal(Scope(request, route, filter), next);
        string filters = string.Concat(FilterValues(request, filter).Select(v => $"{Uri.EscapeDataString(filter!)}={Uri.EscapeDataString(v ?? "")}&"));
        return ApiResults.JsonWith(
            members,
            ("continuationToken", token),
            ("nextUrl", token is null ? null : Urls.Api(request, $"{route}?{filters}pageSize={pageSize}&continuationToken={Uri.EscapeDataString(token)}")));
    }

    /// <summary>The values of the route's filter in the request (none without a filter).</summary>
    private static Microsoft.Extensions.Primitives.StringValues FilterValues(HttpRequest request, string? filter) =>
        filter is not null && request.Query.TryGetValue(filter, out var values) ? values : default;

    /// <summary>
    /// What a token belongs to: the route with its ids (exactly: ids are case-sensitive, and the route's literal
    /// segments are spelled as the next URL spells them, whatever case the request used) and its filter's value, so a
    /// token of <c>?node=a</c> does not page <c>?node=b</c>.
    /// </summary>
    private static byte[] Scope(HttpRequest request, string route, string? filter)
    {
        ArgumentNullException.ThrowIfNull(request);
        string values = filter is null ? "" : filter + "=" + string.Join('&', FilterValues(request, filter).ToArray());
        return Encoding.UTF8.GetBytes(route.TrimEnd('/') + "\n" + values + "\n");
    }

    private static string Seal(byte[] scope, string position)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(position);
        return $"{Base64Url.EncodeToString(bytes)}.{Base64Url.EncodeToString(Check(scope, bytes))}";
    }

    private static readonly SearchValues<char> TokenCharacters = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.");

    /// <summary>The position a token of this scope seals, or null when the route did not hand it out.</summary>
    private static string? Open(byte[] scope, string token)
    {
        int dot = token.IndexOf('.', StringComparison.Ordinal);
        // Only the characters a token is made of: the decoder would skip whitespace inside one, and padding.
        if (token.Length > MaxTokenLength || dot < 0 || token.AsSpan().ContainsAnyExcept(TokenCharacters))
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

        return CryptographicOperations.FixedTimeEquals(check, Check(scope, bytes)) ? Encoding.UTF8.GetString(bytes) : null;
    }

    /// <summary>The first bytes of SHA-256 over the scope and the position.</summary>
    private static byte[] Check(byte[] scope, byte[] position) => SHA256.HashData([.. scope, .. position])[..CheckBytes];
}

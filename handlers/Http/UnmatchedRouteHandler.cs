using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace JourneyFunctions.Handlers.Http;

/// <summary>A route of the API (its template under <c>/api</c>) and the methods it takes.</summary>
public sealed class ApiRoute(string template, IEnumerable<string> methods)
{
    private readonly TemplateMatcher _matcher = new(TemplateParser.Parse(template), new RouteValueDictionary());

    public string Template { get; } = template;

    public IReadOnlySet<string> Methods { get; } = methods.Select(m => m.ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="path"/> (below <c>/api</c>, starting with '/') has this route's shape; inline constraints are not checked.</summary>
    public bool Matches(PathString path) => _matcher.TryMatch(path, new RouteValueDictionary());
}

/// <summary>
/// A request under <c>/api</c> that no route and method of the API takes: 405 (<c>method-not-allowed</c>, with
/// <c>Allow</c>) when its path is a route of other methods, else 404 (<c>not-found</c>), both problem details.
/// </summary>
public static class UnmatchedRouteHandler
{
    public const string ApiPrefix = "/api";

    public static IResult Handle(HttpRequest request, IEnumerable<ApiRoute> routes)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(routes);
        PathString below = request.Path.StartsWithSegments(ApiPrefix, StringComparison.OrdinalIgnoreCase, out PathString rest) ? rest : request.Path;
        string[] allowed = [.. routes.Where(r => r.Matches(below)).SelectMany(r => r.Methods).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        // A route that takes this method but did not answer refused a value its constraints check (e.g. a version that
        // is not a number): nothing is there, as with an unknown path.
        if (allowed.Length == 0 || allowed.Contains(request.Method.ToUpperInvariant()))
        {
            return ApiResults.Problem(StatusCodes.Status404NotFound, $"Nothing is served at {request.Method} {request.Path}.");
        }

        request.HttpContext.Response.Headers.Allow = string.Join(", ", allowed);
        return ApiResults.Problem(StatusCodes.Status405MethodNotAllowed, $"{request.Method} is not allowed on {request.Path}; it takes {string.Join(", ", allowed)}.");
    }
}

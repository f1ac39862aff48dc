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

    /// <summary>A route of literal segments only (<c>journeys/validate</c>), which owns its path over one with a parameter there.</summary>
    public bool IsLiteral => !Template.Contains('{', StringComparison.Ordinal);
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
        ApiRoute[] matching = [.. routes.Where(r => r.Matches(below))];
        // journeys/validate is POST's alone, though journeys/{journeyId} (GET, PUT) has its shape too (those two answer
        // its other methods with this 405 themselves: ValidateJourneyHandler.AnotherMethod).
        if (matching.Any(r => r.IsLiteral))
        {
            matching = [.. matching.Where(r => r.IsLiteral)];
        }

        string[] allowed = [.. matching.SelectMany(r => r.Methods).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        // A route that takes this method but did not answer refused a value its constraints check (e.g. a version that
        // is not a number): nothing is there, as with an unknown path.
        if (allowed.Length == 0 || allowed.Contains(request.Method.ToUpperInvariant()))
        {
            return ApiResults.Problem(StatusCodes.Status404NotFound, $"Nothing is served at {request.Method} {request.Path}.");
        }

        return MethodNotAllowed(request, allowed);
    }

    /// <summary>The 405 for a path whose routes take only <paramref name="allowed"/>, with its <c>Allow</c> header.</summary>
    public static IResult MethodNotAllowed(HttpRequest request, IReadOnlyCollection<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.HttpContext.Response.Headers.Allow = string.Join(", ", allowed);
        return ApiResults.Problem(StatusCodes.Status405MethodNotAllowed, $"{request.Method} is not allowed on {request.Path}; it takes {string.Join(", ", allowed)}.");
    }
}

using System.Reflection;
using JourneyFunctions.Handlers.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace JourneyFunctions.Functions.Http;

/// <summary>
/// Every API request no other function takes, answered as problem details on both hosts
/// (<see cref="UnmatchedRouteHandler"/>): the Functions host would answer it with an empty 404. That host tries route
/// templates in the order of their functions' names, so this catch-all, which matches every path and method under
/// <c>/api</c>, is named to sort last and takes only what no other function does.
/// </summary>
public static class UnmatchedRouteApi
{
    public const string FunctionName = "ZUnmatchedRoute";

    /// <summary>The routes and methods of this app's other HTTP functions, read from their triggers (but for the methods a function only refuses).</summary>
    private static readonly Lazy<IReadOnlyList<ApiRoute>> Routes = new(() =>
    [
        .. typeof(UnmatchedRouteApi).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(method => method.GetCustomAttribute<FunctionAttribute>() is { Name: not FunctionName } && method.GetCustomAttribute<RefusesMethodsAttribute>() is null)
            .SelectMany(method => method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).OfType<HttpTriggerAttribute>())
            .Select(trigger => new ApiRoute(trigger.Route!, trigger.Methods ?? [])),
    ]);

    [Function(FunctionName)]
    public static Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, Route = "{*path}")] HttpRequest request) =>
        ResultActionResult.From(() => UnmatchedRouteHandler.Handle(request, Routes.Value));
}

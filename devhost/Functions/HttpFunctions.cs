using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;

namespace JourneyFunctions.DevHost.Functions;

/// <summary>Serves the HTTP functions under <c>/api</c>, on the routes and methods of their <c>[HttpTrigger]</c>.</summary>
internal static class HttpFunctions
{
    public static void Map(IEndpointRouteBuilder app, IEnumerable<LocalFunction> functions)
    {
        foreach (LocalFunction function in functions.Where(f => f.Trigger == FunctionReader.Http))
        {
            string pattern = "/api/" + function.Binding;
            RequestDelegate handler = context => RunAsync(function, context);
            IEndpointConventionBuilder endpoint = function.HttpMethods.Count == 0
                ? app.Map(pattern, handler)
                : app.MapMethods(pattern, function.HttpMethods, handler);
            // Any Host header, as the Functions host: a client behind a proxy, or one that leaves the port out, is
            // answered. The sidecar's port speaks only HTTP/2 on loopback, and its gRPC paths are not under /api.
            endpoint.WithName(function.Name);
        }
    }

    /// <summary>Runs the function with the request's scope and writes its <see cref="IActionResult"/>, as the Functions ASP.NET Core integration does.</summary>
    private static async Task RunAsync(LocalFunction function, HttpContext context)
    {
        var result = (IActionResult)(await function.InvokeAsync(new Invocation(function, context.RequestServices, context.Request, context.RequestAborted)))!;
        await result.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
    }
}

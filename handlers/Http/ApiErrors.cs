using Azure;
using Azure.Messaging.ServiceBus;
using JourneyFunctions.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JourneyFunctions.Handlers.Http;

/// <summary>
/// Turns what a handler throws into a problem details response, in one place for both hosts: a storage
/// precondition failure (another request changed the record first) is a 409, never a 500; storage that did not
/// answer any try is a 503 <c>unavailable</c> (<c>storageUnavailable</c>), and so is Service Bus
/// (<c>serviceBusUnavailable</c>); anything else is a logged 500 whose body names no internal type.
/// </summary>
public static partial class ApiErrors
{
    /// <summary>
    /// The first line of <paramref name="message"/> (a failure's words, shown in a body) when it has some and names no
    /// .NET type, else <paramref name="otherwise"/>: a failure thrown by framework code can name one, and bodies never
    /// do. A storage failure's message goes on, after its first line, with the response's status, headers and body.
    /// Durable's wrapper of an activity's failure ("Task 'SyncInitialPage' (#16) failed with an unhandled exception: ")
    /// names an internal function, so only the failure's own words after it are shown.
    /// </summary>
    public static string Shown(string? message, string otherwise)
    {
        string first = DurableWrapper().Replace(message?.Split('\n', 2)[0] ?? "", "", 1).Trim();
        return first.Length == 0 || first.Contains("System.", StringComparison.Ordinal) || first.Contains("JourneyFunctions.", StringComparison.Ordinal) || first.Contains("Microsoft.", StringComparison.Ordinal) || first.Contains("Azure.", StringComparison.Ordinal)
            ? otherwise
            : first;
    }

    public static IResult FromException(HttpContext context, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(exception);
        ILogger logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiErrors).FullName!);
        switch (exception)
        {
            case RequestFailedException { Status: StatusCodes.Status409Conflict or StatusCodes.Status412PreconditionFailed } conflict:
                logger.LogInformation("{Method} {Path}: concurrent change ({Status} {Code})", context.Request.Method, context.Request.Path, conflict.Status, conflict.ErrorCode);
                return ApiResults.Conflict("The record changed while this request ran (another request changed it first); read it again and retry.");
            case RequestFailedException { Status: StatusCodes.Status400BadRequest } refused:
                logger.LogInformation("{Method} {Path}: storage refused the request ({Code})", context.Request.Method, context.Request.Path, refused.ErrorCode);
                return ApiResults.Problem(StatusCodes.Status400BadRequest, "Storage refused what the request names (a continuation token or key that is not valid).");
            case not null when StorageUnanswered(exception):
                logger.LogWarning(exception, "{Method} {Path}: storage did not answer", context.Request.Method, context.Request.Path);
                return ApiResults.Unavailable(
                    $"Storage did not answer (each request is tried {StorageConnection.Retries + 1} times, waiting {StorageConnection.DefaultNetworkTimeout.TotalSeconds:0} s for each answer); "
                        + (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
                            ? "nothing was lost, try again shortly."
                            : "a part of this request may have been stored (a silent storage account may have taken a write): read back what it changes before trying again."),
                    "storageUnavailable");
            case ServiceBusException { IsTransient: true } bus:
                // Sales activities publish after they are stored: the client's retry publishes what this one did not.
                logger.LogWarning(bus, "{Method} {Path}: Service Bus did not answer ({Reason})", context.Request.Method, context.Request.Path, bus.Reason);
                return ApiResults.Unavailable(
                    "Service Bus did not answer after its retries; what the request stored is kept, and sending the same request again publishes the rest.",
                    "serviceBusUnavailable");
            case BadHttpRequestException bad:
                return ApiResults.Problem(bad.StatusCode, "The request could not be read: " + bad.StatusCode switch
                {
                    StatusCodes.Status413PayloadTooLarge => $"the body is larger than {RequestBody.MaxBytes} bytes.",
                    StatusCodes.Status408RequestTimeout => "its body did not arrive in time (the web server's minimum data rate).",
                    _ => "it is malformed.",
                });
            default:
                logger.LogError(exception, "{Method} {Path} failed", context.Request.Method, context.Request.Path);
                return ApiResults.Problem(StatusCodes.Status500InternalServerError,
                    $"The request failed on the server; it is logged under trace id {context.TraceIdentifier}.");
        }
    }

    /// <summary>
    /// The 503 for a Durable client call that the task hub failed in its backend, or did not answer in
    /// <paramref name="deadline"/> (a read's; a write has none, <see cref="Timeout.InfiniteTimeSpan"/>); logged with the failure.
    /// </summary>
    public static IResult DurableUnavailable(HttpContext context, Exception exception, TimeSpan deadline)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiErrors).FullName!)
            .LogWarning(exception, "{Method} {Path}: the Durable task hub did not answer or failed", context.Request.Method, context.Request.Path);
        return ApiResults.Unavailable(
            deadline > TimeSpan.Zero
                ? $"The Durable task hub (in the app's storage account) failed or did not answer within {deadline.TotalSeconds:0} s; try again shortly."
                : "The Durable task hub (in the app's storage account) failed; try again shortly (read back what the request changes first: a part of it may have been done).",
            "storageUnavailable");
    }

    /// <summary>
    /// Whether every try of a storage request went unanswered: no connection (status 0), or no answer in time (the
    /// storage clients' retry policy then throws all its tries' failures together).
    /// </summary>
    private static bool StorageUnanswered(Exception exception) => exception switch
    {
        RequestFailedException { Status: 0 } => true,
        AggregateException { InnerExceptions.Count: > 0 } all => all.InnerExceptions.All(e => e is RequestFailedException { Status: 0 } or TaskCanceledException),
        _ => false,
    };

    /// <summary>
    /// For an ASP.NET Core pipeline (the local host): exceptions become problems, and the framework's own empty
    /// 4xx/5xx answers (an unknown route, a method a route does not take) get a problem body too.
    /// </summary>
    public static IApplicationBuilder UseProblemDetails(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use(async (HttpContext context, RequestDelegate next) =>
        {
            IResult? failed = null;
            try
            {
                await next(context);
            }
            catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
            {
                failed = FromException(context, e);
            }

            if (failed is null && !context.Response.HasStarted && context.Response.StatusCode >= 400 && context.Response.ContentLength is null or 0
                && context.Response.ContentType is null)
            {
                failed = ApiResults.Problem(context.Response.StatusCode, context.Response.StatusCode switch
                {
                    StatusCodes.Status404NotFound => $"Nothing is served at {context.Request.Method} {context.Request.Path}.",
                    StatusCodes.Status405MethodNotAllowed => $"{context.Request.Method} is not allowed on {context.Request.Path}.",
                    _ => "The request failed.",
                });
            }

            if (failed is not null)
            {
                await failed.ExecuteAsync(context);
            }
        });
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*Task '[^']*' \(#\d+\) failed with an unhandled exception:", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex DurableWrapper();
}

using Grpc.Core;
using JourneyFunctions.Handlers.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace JourneyFunctions.Functions.Http;

/// <summary>
/// Lets a Functions HTTP trigger return the shared handlers' <see cref="IResult"/> unchanged; what a handler throws
/// is answered by <see cref="ApiErrors"/>, the same problem body the local host gives.
/// </summary>
internal sealed class ResultActionResult(Func<HttpContext, IResult> result) : IActionResult
{
    /// <summary>
    /// How long a route that calls the Durable client may take. Those calls have no deadline of their own (a silent
    /// task hub holds them for minutes), and the storage clients' own tries end a silent storage account's request
    /// in about 90 s, so this bound is met only when the task hub is what does not answer.
    /// </summary>
    public static readonly TimeSpan DurableDeadline = TimeSpan.FromSeconds(100);

    public Task ExecuteResultAsync(ActionContext context) => result(context.HttpContext).ExecuteAsync(context.HttpContext);

    public static Task<IActionResult> From(Task<IResult> handler) => AnswerAsync(handler, _ => false, Timeout.InfiniteTimeSpan);

    /// <summary>
    /// A handler that answers at once: what it throws is answered as an async handler's failure is (a problem body),
    /// not left to the Functions host, whose 500 has no body (the local host's pipeline would have given one).
    /// </summary>
    public static Task<IActionResult> From(Func<IResult> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Task<IResult> answered;
        try
        {
            answered = Task.FromResult(handler());
        }
        catch (Exception e)
        {
            answered = Task.FromException<IResult>(e);
        }

        return From(answered);
    }

    /// <summary>
    /// Runs a handler that calls the Durable client: a call the task hub's backend fails (its storage refusing or not
    /// answering reaches the client as a gRPC error) is a 503 <c>storageUnavailable</c>, as a silent storage account is
    /// on every other route, and a read (GET) that outlives <see cref="DurableDeadline"/> is too. A write is not cut
    /// off: stopped between its steps (a run recorded but not scheduled, a setting stored but its re-sync not started)
    /// it would leave them apart, and its storage writes, which come first, end a silent account's request anyway.
    /// </summary>
    public static Task<IActionResult> WithDeadline(HttpRequest request, Func<CancellationToken, Task<IResult>> handler) =>
        WithDeadline(request, handler, HttpMethods.IsGet(request?.Method ?? "") ? DurableDeadline : Timeout.InfiniteTimeSpan);

    /// <summary><see cref="WithDeadline(HttpRequest, Func{CancellationToken, Task{IResult}})"/> under another deadline (tests).</summary>
    internal static async Task<IActionResult> WithDeadline(HttpRequest request, Func<CancellationToken, Task<IResult>> handler, TimeSpan limit)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(handler);
        CancellationToken aborted = request.HttpContext.RequestAborted;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        deadline.CancelAfter(limit);
        return await AnswerAsync(Run(handler, deadline.Token), e => !aborted.IsCancellationRequested && (deadline.IsCancellationRequested || BackendFailed(e)), limit);
    }

    /// <summary>The handler's task, with what it throws before its first await caught by the caller as well.</summary>
    private static async Task<IResult> Run(Func<CancellationToken, Task<IResult>> handler, CancellationToken cancellationToken) => await handler(cancellationToken);

    private static async Task<IActionResult> AnswerAsync(Task<IResult> handler, Func<Exception, bool> unavailable, TimeSpan deadline)
    {
        try
        {
            IResult result = await handler;
            return new ResultActionResult(_ => result);
        }
        catch (Exception e) when (unavailable(e))
        {
            return new ResultActionResult(context => ApiErrors.DurableUnavailable(context, e, deadline));
        }
        catch (Exception e)
        {
            // As the local host's pipeline answers: a cancellation the client did not cause (a handler's own time
            // budget, a dependency's) is a problem too, not the Functions host's empty 500; a client gone gets nothing.
            return new ResultActionResult(context => e is OperationCanceledException && context.RequestAborted.IsCancellationRequested
                ? Results.Empty
                : ApiErrors.FromException(context, e));
        }
    }

    /// <summary>Whether the Durable client's call failed in its backend or transport, not on what the request asked.</summary>
    private static bool BackendFailed(Exception e) => e is RpcException
    {
        StatusCode: StatusCode.Unavailable or StatusCode.Unknown or StatusCode.Internal or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted or StatusCode.Cancelled,
    };
}

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
    public Task ExecuteResultAsync(ActionContext context) => result(context.HttpContext).ExecuteAsync(context.HttpContext);

    public static async Task<IActionResult> From(Task<IResult> handler)
    {
        try
        {
            IResult result = await handler;
            return new ResultActionResult(_ => result);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new ResultActionResult(context => ApiErrors.FromException(context, e));
        }
    }
}

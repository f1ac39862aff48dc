using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace JourneyFunctions.Functions.Http;

/// <summary>Lets a Functions HTTP trigger return the shared handlers' <see cref="IResult"/> unchanged.</summary>
internal sealed class ResultActionResult(IResult result) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);

    public static async Task<IActionResult> From(Task<IResult> handler) => new ResultActionResult(await handler);
}

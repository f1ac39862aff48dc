using JourneyFunctions.Functions.Http;
using JourneyFunctions.Handlers.Ui;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace JourneyFunctions.Functions.Ui;

/// <summary>
/// The journey map page. Anonymous because a browser cannot send a key when it opens a page: the files hold no
/// data, and the page sends the function key with every API call it makes (docs/deploy.md).
/// </summary>
public sealed class UiApi(UiFilesHandler files)
{
    [Function("JourneyMapPage")]
    public Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = UiFilesHandler.Route)] HttpRequest request,
        string? path) =>
        ResultActionResult.From(() => files.Handle(request, path));
}

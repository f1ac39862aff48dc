using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyFunctions.Handlers.Http;

/// <summary>
/// Absolute URLs of the API, built from the configured <see cref="HandlerSettings.PublicBaseUrl"/>: a request's Host
/// header is the client's to forge, so it never shapes a URL the API hands out.
/// </summary>
public static class Urls
{
    public static string Api(HttpRequest request, string path)
    {
        ArgumentNullException.ThrowIfNull(request);
        Uri baseUrl = request.HttpContext.RequestServices.GetRequiredService<HandlerSettings>().PublicBaseUrl;
        return $"{baseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/')}/api/{path}";
    }
}

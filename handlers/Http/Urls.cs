using Microsoft.AspNetCore.Http;

namespace JourneyFunctions.Handlers.Http;

/// <summary>Absolute URLs of the API, built from the incoming request so they work behind any host name.</summary>
public static class Urls
{
    public static string Api(HttpRequest request, string path)
    {
        ArgumentNullException.ThrowIfNull(request);
        return $"{request.Scheme}://{request.Host}{request.PathBase}/api/{path}";
    }
}

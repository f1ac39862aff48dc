using JourneyFunctions.Handlers.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace JourneyFunctions.Handlers.Ui;

/// <summary>
/// GET /api/ui/{*path}: the journey map page, served from the <c>ui/</c> folder of the app's build output (the page's
/// own files from <c>ui/src</c> and the npm libraries copied there by the build). <c>/api/ui</c> redirects to
/// <c>/api/ui/</c> (the page's relative links need the slash), an empty path is <c>index.html</c>. Paths that leave
/// the folder, hidden names and file types the page does not use (<see cref="ContentTypes"/>) answer 404. Every
/// answer is revalidated (<c>no-cache</c> with an ETag, 304 when unchanged or for <c>If-None-Match: *</c>): file names
/// carry no version, so a deploy must show at once. HEAD answers as GET without the body.
/// </summary>
public sealed class UiFilesHandler
{
    public const string Route = "ui/{*path}";

    /// <summary>The file types the page is made of; anything else in the folder (a source map, notes) is not served.</summary>
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".json"] = "application/json; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".ico"] = "image/x-icon",
    };
    private readonly string _root;

    public UiFilesHandler()
        : this(Path.Combine(AppContext.BaseDirectory, "ui"))
    {
    }

    public UiFilesHandler(string root) => _root = Path.GetFullPath(root);

    private static bool FollowsFolder(string requestPath, string path) =>
        requestPath.EndsWith(path, StringComparison.Ordinal)
        && requestPath.Length >= path.Length + 4
        && requestPath.AsSpan(requestPath.Length - path.Length - 4, 4).Equals("/ui/", StringComparison.OrdinalIgnoreCase);

    public IResult Handle(HttpRequest request, string? path)
    {
        ArgumentNullException.ThrowIfNull(request);
        // The Functions host binds a query parameter, or a JSON body's member, to a function parameter of its name when
        // the route gives none (the empty catch-all of /api/ui/): neither is a file path. The route's own value follows "/ui/".
        if (!string.IsNullOrEmpty(path) && !FollowsFolder(request.Path.Value!, path))
        {
            path = null;
        }

        if (string.IsNullOrEmpty(path) && !request.Path.Value!.EndsWith('/'))
        {
            return Results.Redirect($"{request.PathBase}{request.Path}/{request.QueryString}");
        }

        string? file = Resolve(string.IsNullOrEmpty(path) ? "index.html" : path);
        if (file is null || !ContentTypes.TryGetValue(Path.GetExtension(file), out string? contentType))
        {
            return ApiResults.NotFound($"Page file '{path}'");
        }

        var info = new FileInfo(file);
        var etag = new EntityTagHeaderValue($"\"{info.Length:x}-{info.LastWriteTimeUtc.Ticks:x}\"");
        var headers = request.HttpContext.Response.GetTypedHeaders();
        headers.CacheControl = new CacheControlHeaderValue { NoCache = true };
        headers.ETag = etag;
        request.HttpContext.Response.Headers.XContentTypeOptions = "nosniff";
        if (request.GetTypedHeaders().IfNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(etag, useStrongComparison: false)))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        request.HttpContext.Response.ContentLength = info.Length;
        return HttpMethods.IsHead(request.Method) ? Results.Content(null, contentType) : Results.File(file, contentType);
    }

    /// <summary>The file under the page's folder that <paramref name="path"/> names, or null when it names anything else.</summary>
    private string? Resolve(string path)
    {
        if (path.Contains('\\', StringComparison.Ordinal) || path.Split('/').Any(segment => segment.Length == 0 || segment.StartsWith('.')))
        {
            return null;
        }

        string full = Path.GetFullPath(Path.Combine(_root, path));
        return full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal) && File.Exists(full) ? full : null;
    }
}

using JourneyFunctions.Handlers.Ui;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyFunctions.Handlers.Tests;

/// <summary>The journey map's file route: what it serves from the build output, with which headers, and what it refuses.</summary>
public sealed class UiFilesHandlerTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ui-files-" + Guid.NewGuid().ToString("N"));

    public UiFilesHandlerTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "ui", "lib"));
        File.WriteAllText(Path.Combine(_root, "ui", "index.html"), "<!doctype html>");
        File.WriteAllText(Path.Combine(_root, "ui", "lib", "x.js"), "export {};");
        File.WriteAllText(Path.Combine(_root, "ui", ".hidden.js"), "secret");
        File.WriteAllText(Path.Combine(_root, "ui", "notes.unknownext"), "secret");
        File.WriteAllText(Path.Combine(_root, "ui", "notes.md"), "secret");
        File.WriteAllText(Path.Combine(_root, "ui", "app.js.map"), "{}");
        File.WriteAllText(Path.Combine(_root, "ui", "tool.exe"), "MZ");
        File.WriteAllText(Path.Combine(_root, "secret.txt"), "secret");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("", "text/html; charset=utf-8")]
    [InlineData("index.html", "text/html; charset=utf-8")]
    [InlineData("lib/x.js", "text/javascript; charset=utf-8")]
    public async Task Files_are_served_with_their_content_type_and_revalidated(string path, string contentType)
    {
        HttpContext context = await GetAsync(path);

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.Equal(contentType, context.Response.ContentType);
        Assert.Equal("no-cache", context.Response.Headers.CacheControl.ToString());
        Assert.Equal("nosniff", context.Response.Headers.XContentTypeOptions.ToString());
        Assert.False(string.IsNullOrEmpty(context.Response.Headers.ETag.ToString()));
    }

    [Fact]
    public async Task An_unchanged_file_answers_304()
    {
        string etag = (await GetAsync("index.html")).Response.Headers.ETag.ToString();

        HttpContext again = await GetAsync("index.html", etag);

        Assert.Equal(StatusCodes.Status304NotModified, again.Response.StatusCode);
    }

    [Theory]
    [InlineData("../secret.txt")]
    [InlineData("lib/../../secret.txt")]
    [InlineData("..%2Fsecret.txt")]
    [InlineData("lib\\..\\..\\secret.txt")]
    [InlineData("/etc/passwd")]
    [InlineData(".hidden.js")]
    [InlineData("lib//x.js")]
    [InlineData("notes.unknownext")]
    [InlineData("notes.md")]
    [InlineData("app.js.map")]
    [InlineData("tool.exe")]
    [InlineData("missing.js")]
    public async Task Paths_outside_the_folder_hidden_or_unknown_files_answer_404(string path)
    {
        HttpContext context = await GetAsync(path);

        Assert.Equal(StatusCodes.Status404NotFound, context.Response.StatusCode);
    }

    [Fact]
    public async Task If_none_match_any_answers_304_for_a_file_that_is_there()
    {
        Assert.Equal(StatusCodes.Status304NotModified, (await GetAsync("index.html", "*")).Response.StatusCode);
        Assert.Equal(StatusCodes.Status404NotFound, (await GetAsync("missing.js", "*")).Response.StatusCode);
    }

    [Fact]
    public async Task Head_answers_as_get_without_the_body()
    {
        HttpContext get = await GetAsync("index.html");
        HttpContext head = await GetAsync("index.html", method: "HEAD");

        Assert.Equal((200, get.Response.ContentType, get.Response.Headers.ETag.ToString()), (head.Response.StatusCode, head.Response.ContentType, head.Response.Headers.ETag.ToString()));
        Assert.Equal("<!doctype html>".Length, head.Response.ContentLength);
        Assert.Equal(0, head.Response.Body.Length);
    }

    [Fact]
    public async Task The_folder_without_its_slash_redirects_to_it()
    {
        HttpContext context = await GetAsync(null, requestPath: "/api/ui");

        Assert.Equal(StatusCodes.Status302Found, context.Response.StatusCode);
        Assert.Equal("/api/ui/", context.Response.Headers.Location.ToString());
    }

    [Fact]
    public async Task The_redirect_to_the_folder_keeps_the_query()
    {
        HttpContext context = await GetAsync(null, requestPath: "/api/ui", query: "?code=k1");

        Assert.Equal("/api/ui/?code=k1", context.Response.Headers.Location.ToString());
    }

    [Theory]
    [InlineData("/api/ui/", "lib/x.js", StatusCodes.Status200OK)]
    [InlineData("/api/ui", "lib/x.js", StatusCodes.Status302Found)]
    [InlineData("/api/ui", "ui", StatusCodes.Status302Found)]
    [InlineData("/api/UI", "i", StatusCodes.Status302Found)]
    [InlineData("/api/ui/", "/", StatusCodes.Status200OK)]
    [InlineData("/api/ui/", "ui/", StatusCodes.Status200OK)]
    public async Task A_path_the_Functions_host_binds_from_the_query_or_a_JSON_body_is_not_a_file(string requestPath, string bound, int status)
    {
        // The host binds ?path= and a body's "path" member alike; a body leaves no trace in the query.
        foreach (string? query in new[] { "?path=" + bound, null })
        {
            HttpContext context = await GetAsync(bound, requestPath: requestPath, query: query);

            Assert.Equal(status, context.Response.StatusCode);
            Assert.Equal(status == StatusCodes.Status200OK ? "text/html; charset=utf-8" : null, context.Response.ContentType);
        }
    }

    [Fact]
    public void The_build_output_holds_the_page_and_its_libraries()
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "ui");

        foreach (string file in new[] { "index.html", "app.js", "api.js", "graph.js", "style.css", "lib/dagre.esm.js", "journey.schema.json" })
        {
            Assert.True(File.Exists(Path.Combine(folder, file)), $"{file} is missing from {folder}");
        }
    }

    private async Task<HttpContext> GetAsync(string? path, string? ifNoneMatch = null, string? requestPath = null, string method = "GET", string? query = null)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Request.Method = method;
        context.Request.Path = requestPath ?? "/api/ui/" + path;
        context.Request.QueryString = new QueryString(query);
        context.Response.Body = new MemoryStream();
        if (ifNoneMatch is not null)
        {
            context.Request.Headers.IfNoneMatch = ifNoneMatch;
        }

        IResult result = new UiFilesHandler(Path.Combine(_root, "ui")).Handle(context.Request, path);
        await result.ExecuteAsync(context);
        return context;
    }
}

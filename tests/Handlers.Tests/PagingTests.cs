using System.Text.Json.Nodes;
using JourneyFunctions.Handlers.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyFunctions.Handlers.Tests;

/// <summary>
/// Pages of every list route: the token a page hands out opens only on its own route and gives back the store's
/// position; anything else is a 400 naming continuationToken; the last page writes its token and next URL as null.
/// </summary>
public sealed class PagingTests
{
    private static readonly string[] Items = ["a", "b"];

    [Fact]
    public async Task A_page_token_opens_on_its_route_and_gives_back_the_position()
    {
        JsonObject page = await PageAsync("/api/journeys/j1/runs", "journeys/j1/runs", next: "1!8!cnVuLTE- 1!4!eA--");
        string token = page["continuationToken"]!.GetValue<string>();

        Assert.DoesNotContain("cnVuLTE", token, StringComparison.Ordinal);
        Assert.Equal($"http://localhost:7071/api/journeys/j1/runs?pageSize=10&continuationToken={Uri.EscapeDataString(token)}", page["nextUrl"]!.GetValue<string>());
        (int size, string? position, IResult? error) = Paging.Read(Request("/api/journeys/j1/runs/", $"pageSize=10&continuationToken={Uri.EscapeDataString(token)}"), "journeys/j1/runs");
        Assert.Null(error);
        Assert.Equal((10, "1!8!cnVuLTE- 1!4!eA--"), (size, position));
        // The route's literal segments are matched in any case, so the handler names them as it always does; ids are exact.
        Assert.Null(Paging.Read(Request("/API/JOURNEYS/j1/RUNS", $"continuationToken={Uri.EscapeDataString(token)}"), "journeys/j1/runs").Error);
        Assert.NotNull(Paging.Read(Request("/api/journeys/J1/runs", $"continuationToken={Uri.EscapeDataString(token)}"), "journeys/J1/runs").Error);
        // Only the token as handed out: the decoder would skip whitespace put inside it, and padding.
        foreach (string altered in new[] { token[..2] + " " + token[2..], token[..2] + "\t" + token[2..], token + "\r\n", token + "==" })
        {
            Assert.NotNull(Paging.Read(Request("/api/journeys/j1/runs", $"continuationToken={Uri.EscapeDataString(altered)}"), "journeys/j1/runs").Error);
        }
    }

    [Theory]
    [InlineData("pageSize=2&PageSize=2", "pageSize")]
    [InlineData("continuationToken=x&CONTINUATIONTOKEN=x", "continuationToken")]
    [InlineData("since=2026-12-06&since=2026-12-05", "since")]
    public async Task A_paging_parameter_given_twice_is_a_400_saying_so(string query, string field)
    {
        IResult error = Paging.Read(Request("/api/journeys", query), "journeys", filter: "since").Error!;

        JsonObject problem = await RunAsync(error);
        Assert.Equal((400, field), (problem["status"]!.GetValue<int>(), problem["errors"]![0]!["field"]!.GetValue<string>()));
        Assert.StartsWith("is given more than once", problem["errors"]![0]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("a b")]
    [InlineData("%%%")]
    [InlineData("Zm9vIGJhcg==")]
    [InlineData("eA.AAAAAAAAAAAA")]
    [InlineData("eA.")]
    [InlineData(".eA")]
    public async Task A_token_no_route_handed_out_is_a_400_naming_it(string token)
    {
        (_, string? position, IResult? error) = Paging.Read(Request("/api/journeys", "continuationToken=" + Uri.EscapeDataString(token)), "journeys");

        Assert.Null(position);
        JsonObject problem = await RunAsync(error!);
        Assert.Equal(400, problem["status"]!.GetValue<int>());
        Assert.Equal("continuationToken", problem["errors"]![0]!["field"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("5%00")]
    [InlineData("2%00%00")]
    [InlineData("+5")]
    [InlineData("%205")]
    [InlineData("1e2")]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("5&pageSize=6")]
    public async Task A_page_size_of_anything_but_digits_from_1_to_the_bound_is_a_400_naming_it(string given)
    {
        (_, _, IResult? error) = Paging.Read(Request("/api/journeys", "pageSize=" + given), "journeys");

        JsonObject problem = await RunAsync(error!);
        Assert.Equal("pageSize", problem["errors"]![0]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_token_from_another_route_is_refused()
    {
        string token = (await PageAsync("/api/journeys/j1/runs", "journeys/j1/runs", next: "pos"))["continuationToken"]!.GetValue<string>();

        Assert.NotNull(Paging.Read(Request("/api/journeys/j2/runs", "continuationToken=" + Uri.EscapeDataString(token)), "journeys/j2/runs").Error);
        Assert.NotNull(Paging.Read(Request("/api/journeys", "continuationToken=" + Uri.EscapeDataString(token)), "journeys").Error);
        Assert.NotNull(Paging.Read(Request("/api/journeys/j1/runs", $"continuationToken={Uri.EscapeDataString(token)}&continuationToken=x"), "journeys/j1/runs").Error);
    }

    [Fact]
    public async Task A_token_is_sealed_to_the_route_s_own_filter_only_and_other_parameters_are_neither_checked_nor_copied()
    {
        JsonObject page = await RunAsync(Paging.Page(Request("/api/runs/r/deliveries", "node=n1&x=1&code=k&email=e"), "runs/r/deliveries", Items, 10, next: "pos", "node"));
        string token = page["continuationToken"]!.GetValue<string>();

        Assert.Equal($"http://localhost:7071/api/runs/r/deliveries?node=n1&pageSize=10&continuationToken={Uri.EscapeDataString(token)}", page["nextUrl"]!.GetValue<string>());
        Assert.Null(Paging.Read(Request("/api/runs/r/deliveries", $"node=n1&continuationToken={Uri.EscapeDataString(token)}&cacheBuster=7&since=x"), "runs/r/deliveries", "node").Error);
        Assert.NotNull(Paging.Read(Request("/api/runs/r/deliveries", $"node=n2&continuationToken={Uri.EscapeDataString(token)}"), "runs/r/deliveries", "node").Error);
        Assert.NotNull(Paging.Read(Request("/api/runs/r/deliveries", $"continuationToken={Uri.EscapeDataString(token)}"), "runs/r/deliveries", "node").Error);
    }

    [Fact]
    public async Task Another_route_s_filter_name_on_a_route_without_that_filter_is_ignored_like_any_other_parameter()
    {
        JsonObject page = await RunAsync(Paging.Page(Request("/api/journeys", "pageSize=2&email=cachebuster"), "journeys", Items, 2, next: "pos"));
        string token = page["continuationToken"]!.GetValue<string>();

        Assert.Equal($"http://localhost:7071/api/journeys?pageSize=2&continuationToken={Uri.EscapeDataString(token)}", page["nextUrl"]!.GetValue<string>());
        Assert.Null(Paging.Read(Request("/api/journeys", $"continuationToken={Uri.EscapeDataString(token)}&node=x&since=y"), "journeys").Error);
    }

    [Fact]
    public async Task The_last_page_writes_its_token_and_next_url_as_null_and_other_members_as_given()
    {
        JsonObject page = await RunAsync(Paging.Json(Request("/api/runs/r/nodes/n/accounts", ""), "runs/r/nodes/n/accounts", new { runId = "r", nodeId = (string?)null, items = Items }, 100, next: null));

        Assert.True(page.ContainsKey("continuationToken"));
        Assert.True(page.ContainsKey("nextUrl"));
        Assert.Null(page["continuationToken"]);
        Assert.Null(page["nextUrl"]);
        Assert.False(page.ContainsKey("nodeId"));
        Assert.Equal("r", page["runId"]!.GetValue<string>());
    }

    private static Task<JsonObject> PageAsync(string path, string route, string next) =>
        RunAsync(Paging.Page(Request(path, ""), route, Items, 10, next));

    private static HttpRequest Request(string path, string query)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().AddSingleton(new HandlerSettings()).BuildServiceProvider() };
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query.Length == 0 ? "" : "?" + query);
        context.Response.Body = new MemoryStream();
        return context.Request;
    }

    private static async Task<JsonObject> RunAsync(IResult result)
    {
        HttpContext context = Request("/api/x", "").HttpContext;
        await result.ExecuteAsync(context);
        context.Response.Body.Position = 0;
        return JsonNode.Parse(context.Response.Body)!.AsObject();
    }
}

using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using JourneyFunctions.Testing;
using Microsoft.Playwright;

namespace JourneyFunctions.Ui.Tests;

/// <summary>
/// The journey map as a user drives it in Chromium on the local host with sample data: a journey saved with a
/// mistake is marked on the node it names, fixed, published and run; the counts on the wait node rise and fall to
/// the API's final numbers; an event raised from the page moves its account; the run is aborted; the sync's
/// progress bar reaches 100%. With <c>UPDATE_DOCS_SCREENSHOTS=1</c> the tests also refresh docs/*.png.
/// </summary>
public sealed class JourneyMapTests(PageFixture fixture) : IClassFixture<PageFixture>
{
    private const int Audience = 4;

    // The deliberate mistake: "hold" waits for "later", which is not an ISO-8601 duration.
    private const string JourneyWithMistake = """
        { "name": "Browser test journey",
          "nodes": [
            { "id": "start", "type": "start", "audience": { "accounts": ["acct-000000", "acct-000001", "acct-000002", "acct-000003"] } },
            { "id": "hold", "type": "wait", "duration": "later" },
            { "id": "reply", "type": "listenForEvent", "event": { "scope": "account", "type": "interestingMoment", "momentType": "web" }, "timeout": "PT10M" },
            { "id": "done", "type": "end" },
            { "id": "gave-up", "type": "end" } ],
          "edges": [
            { "from": "start", "to": "hold" }, { "from": "hold", "to": "reply" },
            { "from": "reply", "to": "done", "path": "event" }, { "from": "reply", "to": "gave-up", "path": "timeout" } ] }
        """;

    private static readonly string[] NodeIds = ["start", "hold", "reply", "done", "gave-up"];

    private static bool UpdateScreenshots => Environment.GetEnvironmentVariable("UPDATE_DOCS_SCREENSHOTS") == "1";

    [Fact]
    public async Task A_journey_is_fixed_published_run_watched_evented_and_aborted_from_the_page()
    {
        (IPage page, List<string> errors) = await fixture.OpenAsync();
        await page.GotoAsync(fixture.Root);
        Assert.EndsWith("/api/ui/", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Journeys" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "New journey" }).ClickAsync();
        ILocator editor = page.Locator("#definition");
        await editor.FillAsync(JourneyWithMistake);
        await page.Locator("#save").ClickAsync();
        ILocator hold = page.Locator("g[data-node='hold']");
        await Assertions.Expect(hold).ToHaveClassAsync(new Regex("invalid"));
        await Assertions.Expect(page.Locator("g[data-node='start']")).Not.ToHaveClassAsync(new Regex("invalid"));
        await Assertions.Expect(page.Locator("#problems")).ToContainTextAsync("hold");
        await Assertions.Expect(page.Locator("g[data-node='reply']")).ToContainTextAsync("momentType: web"); // a listen's condition
        // Text that is no JSON: said, and the last drawing's problem marks go, as they were not this text's.
        await editor.FillAsync("{");
        await page.GetByRole(AriaRole.Button, new() { Name = "Redraw" }).ClickAsync();
        await Assertions.Expect(page.Locator("#problems")).ToContainTextAsync("JSON:");
        await Assertions.Expect(hold).Not.ToHaveClassAsync(new Regex("invalid"));
        // The start node says when its run takes the audience: until then every count of a run is 0.
        await editor.FillAsync("""{ "nodes": [ { "id": "start", "type": "start", "startAt": "2030-01-01T00:00:00Z", "audience": { "accounts": ["a"] } } ], "edges": [] }""");
        await page.GetByRole(AriaRole.Button, new() { Name = "Redraw" }).ClickAsync();
        await Assertions.Expect(page.Locator("g[data-node='start']")).ToContainTextAsync("starts 2030-01-01T00:00:00Z");

        await editor.FillAsync(JourneyWithMistake.Replace("\"later\"", "\"PT4S\"", StringComparison.Ordinal));
        await page.Locator("#save").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("#/journeys/j-"), new() { Timeout = 15_000 });
        string journeyId = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        await page.Locator("#publish").ClickAsync();
        await page.Locator("#confirm-yes").ClickAsync();
        await Assertions.Expect(page.Locator("#journey-status")).ToHaveTextAsync("live");

        await page.Locator("#start-run").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("#/runs/"), new() { Timeout = 15_000 });
        string runId = page.Url[(page.Url.LastIndexOf('/') + 1)..];

        // The wait node's counts rise to the whole audience, then fall as the timer ends.
        ILocator holdCounts = page.Locator("g[data-node='hold'] .node-counts");
        await Assertions.Expect(holdCounts).ToHaveTextAsync($"reached {Audience} · now {Audience} · left 0", new() { Timeout = 30_000 });
        JsonNode holding = await RunStatusAsync(runId);
        await Assertions.Expect(page.Locator("g[data-node='hold'] .node-people")).ToHaveTextAsync(
            $"people {Count(holding, "hold", "peopleReached")} · {Count(holding, "hold", "peopleCurrent")} · {Count(holding, "hold", "peopleLeft")}");
        Assert.True(Count(holding, "hold", "peopleReached") > 0, holding.ToJsonString()); // the sample accounts have people
        if (UpdateScreenshots)
        {
            await page.ScreenshotAsync(new() { Path = Repository.File("docs/journey-run.png") });
        }

        await Assertions.Expect(holdCounts).ToHaveTextAsync($"reached {Audience} · now 0 · left {Audience}", new() { Timeout = 30_000 });
        ILocator replyCounts = page.Locator("g[data-node='reply'] .node-counts");
        await Assertions.Expect(replyCounts).ToHaveTextAsync($"reached {Audience} · now {Audience} · left 0", new() { Timeout = 30_000 });
        JsonNode status = await RunStatusAsync(runId);
        Assert.Equal(Audience, Count(status, "hold", "reached"));
        Assert.Equal(0, Count(status, "hold", "current"));
        Assert.Equal(Audience, Count(status, "hold", "left"));

        // The route behind the node's list pages with a continuation token and refuses an out-of-range page size.
        // (The counts are published as the accounts arrive, their positions one activity call later.)
        JsonNode first = await GetJsonAsync($"runs/{runId}/nodes/reply/accounts?pageSize=3");
        for (int i = 0; i < 50 && first["continuationToken"] is null; i++)
        {
            await Task.Delay(200);
            first = await GetJsonAsync($"runs/{runId}/nodes/reply/accounts?pageSize=3");
        }

        Assert.Equal(3, first["items"]!.AsArray().Count);
        string token = first["continuationToken"]!.GetValue<string>();
        JsonNode second = await GetJsonAsync($"runs/{runId}/nodes/reply/accounts?pageSize=3&continuationToken={Uri.EscapeDataString(token)}");
        Assert.Equal(
            ["acct-000000", "acct-000001", "acct-000002", "acct-000003"],
            first["items"]!.AsArray().Concat(second["items"]!.AsArray()).Select(a => a!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Null(second["continuationToken"]);
        using (HttpResponseMessage tooLarge = await fixture.Host.Http.GetAsync(new Uri($"runs/{runId}/nodes/reply/accounts?pageSize=1001", UriKind.Relative)))
        {
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, tooLarge.StatusCode);
        }

        using (HttpResponseMessage noSuchNode = await fixture.Host.Http.GetAsync(new Uri($"runs/{runId}/nodes/repyl/accounts", UriKind.Relative)))
        {
            Assert.Equal(System.Net.HttpStatusCode.NotFound, noSuchNode.StatusCode);
            Assert.Equal($"Node 'repyl' of run '{runId}' was not found.", JsonNode.Parse(await noSuchNode.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>());
        }

        // The listen node lists the accounts held there; raising the event for one (carrying the moment type the node
        // asks for) moves it to "done".
        await page.Locator("g[data-node='reply']").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        ILocator raise = page.Locator("#node-accounts button[data-account='acct-000001']");
        await Assertions.Expect(page.Locator("#node-accounts li")).ToHaveCountAsync(Audience, new() { Timeout = 15_000 });
        await raise.ClickAsync();
        await Assertions.Expect(page.Locator("#node-accounts li")).ToHaveCountAsync(Audience - 1); // its row goes; no "none held" line while others are
        await Assertions.Expect(page.Locator("g[data-node='done'] .node-counts")).ToHaveTextAsync("reached 1 · now 0 · left 1", new() { Timeout = 30_000 });
        await Assertions.Expect(replyCounts).ToHaveTextAsync($"reached {Audience} · now {Audience - 1} · left 1");
        status = await RunStatusAsync(runId);
        Assert.Equal(1, Count(status, "done", "reached"));
        Assert.Equal(Audience - 1, Count(status, "reply", "current"));
        JsonNode held = JsonNode.Parse(await fixture.Host.Http.GetStringAsync(new Uri($"runs/{runId}/nodes/reply/accounts", UriKind.Relative)))!;
        Assert.DoesNotContain("acct-000001", held["items"]!.AsArray().Select(a => a!.GetValue<string>()));

        await page.Locator("#abort-run").ClickAsync();
        await page.Locator("#confirm-yes").ClickAsync();
        await Assertions.Expect(page.Locator("#run-facts")).ToHaveAttributeAsync("data-status", "Terminated", new() { Timeout = 30_000 });
        Assert.Equal("Terminated", (await RunStatusAsync(runId))["status"]!.GetValue<string>());
        JsonNode journey = JsonNode.Parse(await fixture.Host.Http.GetStringAsync(new Uri($"journeys/{journeyId}", UriKind.Relative)))!;
        Assert.Equal("aborted", journey["status"]!.GetValue<string>());

        // Chromium logs every 4xx answer to fetch as a console error: the one allowed is the deliberate mistake's 400.
        Assert.Single(errors, e => e.Contains("status of 400", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => !e.Contains("status of 400", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_sync_panel_shows_a_started_sync_reaching_100_percent()
    {
        (IPage page, List<string> errors) = await fixture.OpenAsync();
        await page.GotoAsync(fixture.Root + "api/ui/#/sync");
        await page.Locator("#start-sync").ClickAsync();
        await page.Locator("#confirm-yes").ClickAsync();
        await Assertions.Expect(page.Locator("#sync-status")).ToHaveAttributeAsync("data-status", "Completed", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#sync-percent")).ToHaveTextAsync("100%");
        Assert.Equal("100", await page.Locator("#sync-progress").GetAttributeAsync("value"));
        // The run history shows the run just completed, with the totals the API gives.
        JsonNode newest = (await GetJsonAsync("sync/runs?pageSize=1"))["items"]![0]!;
        ILocator run = page.Locator($"#sync-runs tr[data-run='{newest["runId"]!.GetValue<string>()}']");
        await Assertions.Expect(run.Locator("td").Nth(1)).ToHaveTextAsync("Completed", new() { Timeout = 15_000 });
        await Assertions.Expect(run.Locator("td").Nth(5)).ToHaveTextAsync(newest["written"]!.ToJsonString());
        if (UpdateScreenshots)
        {
            await page.ScreenshotAsync(new() { Path = Repository.File("docs/sync-panel.png") });
        }

        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_page_fits_a_narrow_window_and_is_reachable_by_keyboard()
    {
        (IPage page, List<string> errors) = await fixture.OpenAsync(width: 400, height: 800);
        await page.GotoAsync(fixture.Root + "api/ui/#/new");
        await Assertions.Expect(page.Locator("g[data-node='pause']")).ToBeVisibleAsync();
        int scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= 400, $"The page is {scrollWidth} px wide in a 400 px window.");

        // Tab reaches the header links first and then the graph's nodes.
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Journey map", await page.EvaluateAsync<string>("document.activeElement.textContent"));
        for (int i = 0; i < 30 && await page.EvaluateAsync<string?>("document.activeElement.dataset.node") is null; i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Equal("start", await page.EvaluateAsync<string?>("document.activeElement.dataset.node"));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Live_counts_survive_failed_requests_large_counts_stay_inside_their_nodes_and_runs_list_newest_first()
    {
        string journeyId = await PublishAsync(JourneyWithMistake.Replace("\"later\"", "\"PT1M\"", StringComparison.Ordinal).Replace("Browser test journey", "Browser polling journey", StringComparison.Ordinal));
        string first = await StartRunAsync(journeyId);
        (IPage page, List<string> errors) = await fixture.OpenAsync();
        try
        {
            await page.GotoAsync(fixture.Root + $"api/ui/#/runs/{first}");
            ILocator holdCounts = page.Locator("g[data-node='hold'] .node-counts");
            await Assertions.Expect(holdCounts).ToHaveTextAsync($"reached {Audience} · now {Audience} · left 0", new() { Timeout = 30_000 });

            // The API unreachable for a few seconds: the page says so, keeps trying, and carries on once it answers.
            await page.RouteAsync("**/api/runs/**", route => route.AbortAsync());
            await Assertions.Expect(page.Locator("#notice")).ToContainTextAsync("Connection lost", new() { Timeout = 10_000 });
            await Task.Delay(3000);
            await page.UnrouteAsync("**/api/runs/**");
            await Assertions.Expect(page.Locator("#notice")).ToBeEmptyAsync(new() { Timeout = 15_000 });

            // A refresh that gets no answer at all (a host that hangs) is a lost connection too, after 10 s.
            await page.RouteAsync("**/api/runs/**", _ => Task.CompletedTask);
            await Assertions.Expect(page.Locator("#notice")).ToContainTextAsync("Connection lost (no answer in 10 s)", new() { Timeout = 20_000 });
            await page.UnrouteAsync("**/api/runs/**");
            await Assertions.Expect(page.Locator("#notice")).ToBeEmptyAsync(new() { Timeout = 15_000 });

            // Counts of millions stay whole and inside their boxes.
            await page.RouteAsync($"**/api/runs/{first}", async route =>
            {
                IAPIResponse real = await route.FetchAsync();
                JsonNode body = JsonNode.Parse(await real.TextAsync())!;
                var nodes = new JsonObject();
                foreach (string id in NodeIds)
                {
                    nodes[id] = new JsonObject
                    {
                        ["reached"] = 1234567, ["current"] = 1234567, ["left"] = 1234567, ["peopleReached"] = 12345678, ["peopleCurrent"] = 12345678,
                        ["peopleLeft"] = 12345678, ["peopleAffected"] = 12345678, ["peopleSkipped"] = 12345678,
                    };
                }

                body["nodes"] = nodes;
                await route.FulfillAsync(new() { Response = real, Body = body.ToJsonString() });
            });
            await Assertions.Expect(holdCounts).ToHaveTextAsync("reached 1234567 · now 1234567 · left 1234567", new() { Timeout = 10_000 });
            await Assertions.Expect(page.Locator("g[data-node='hold'] .node-acted")).ToHaveTextAsync("acted 12345678 · skipped 12345678");
            string[] outside = await page.EvaluateAsync<string[]>("""
                [...document.querySelectorAll('g.node')].flatMap((g) => {
                  const width = Number(g.querySelector('rect').getAttribute('width'));
                  return [...g.querySelectorAll('text')].filter((t) => { const box = t.getBBox(); return box.x + box.width > width + 0.5; }).map((t) => t.textContent);
                })
                """);
            Assert.Empty(outside);
            await page.UnrouteAsync($"**/api/runs/{first}");

            // A failed run says where and why in words, and marks the node.
            await page.RouteAsync($"**/api/runs/{first}", async route =>
            {
                IAPIResponse real = await route.FetchAsync();
                JsonNode body = JsonNode.Parse(await real.TextAsync())!;
                body["status"] = "Failed";
                body["failure"] = new JsonObject { ["nodeId"] = "hold", ["batch"] = 0, ["message"] = "the store timed out" };
                await route.FulfillAsync(new() { Response = real, Body = body.ToJsonString() });
            });
            await Assertions.Expect(page.Locator("#run-facts")).ToContainTextAsync("failed at node hold (batch 0): the store timed out", new() { Timeout = 10_000 });
            await Assertions.Expect(page.Locator("g[data-node='hold']")).ToHaveClassAsync(new Regex("failed"));
            await page.UnrouteAsync($"**/api/runs/{first}");

            // Runs are listed by start, the newest first, whatever their (random) ids (this one admits no account:
            // they are all still in the first).
            string newest = await StartRunAsync(journeyId);
            await page.GotoAsync(fixture.Root + $"api/ui/#/journeys/{journeyId}");
            await Assertions.Expect(page.Locator("#runs li a")).ToHaveTextAsync([newest, first]);
        }
        finally
        {
            using HttpResponseMessage aborted = await fixture.Host.Http.PostAsync(new Uri($"journeys/{journeyId}/abort", UriKind.Relative), null);
        }

        Assert.DoesNotContain(errors, e => e.Contains("Uncaught", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_page_prints_no_null_reaches_the_api_when_served_in_another_case_and_a_malformed_address_says_so()
    {
        (IPage page, List<string> errors) = await fixture.OpenAsync();
        foreach ((string view, string heading) in new[] { ("api/ui/#/journeys", "Journeys"), ("api/ui/#/new", "New journey"), ("api/UI/#/journeys", "Journeys"), ("api/Ui/index.html#/sync", "Sales sync") })
        {
            await page.GotoAsync(fixture.Root + view);
            await Assertions.Expect(page.Locator("#view h2").First).ToHaveTextAsync(heading);
            Assert.DoesNotContain("null", await page.Locator("#view").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal(0, await page.Locator("#view .error").CountAsync());
            if (heading == "Sales sync")
            {
                // The sync's status comes from a poll: its status is only set once the API answered.
                await Assertions.Expect(page.Locator("#sync-status")).ToHaveAttributeAsync("data-status", new Regex(".+"));
            }
        }

        await page.GotoAsync(fixture.Root + "api/ui/#/journeys/%E0%A4%A");
        await Assertions.Expect(page.Locator("#view .error")).ToContainTextAsync("malformed");
        await page.GotoAsync(fixture.Root + "api/ui/#/journeys/../sync");
        await Assertions.Expect(page.Locator("#view .error")).ToHaveTextAsync("Nothing is shown at #/journeys/../sync.");
        await page.GotoAsync(fixture.Root + "api/ui/#/nonsense");
        await Assertions.Expect(page.Locator("#view .error")).ToHaveTextAsync("Nothing is shown at #/nonsense.");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Long_names_and_ids_wrap_in_a_narrow_window()
    {
        string name = "Journey" + new string('x', 190);
        string journeyId = await PublishAsync(JourneyWithMistake.Replace("\"later\"", "\"PT1S\"", StringComparison.Ordinal).Replace("Browser test journey", name, StringComparison.Ordinal));
        string runId = await StartRunAsync(journeyId);
        (IPage page, _) = await fixture.OpenAsync(width: 400, height: 800);
        // Each view is told by its heading: a change of the hash alone leaves the previous view's heading up a moment.
        foreach ((string view, string heading) in new[] { ("#/journeys", "Journeys"), ($"#/journeys/{journeyId}", name), ($"#/runs/{runId}", $"Run {runId}"), ("#/sync", "Sales sync") })
        {
            await page.GotoAsync(fixture.Root + "api/ui/" + view);
            await Assertions.Expect(page.Locator("#view h2").First).ToHaveTextAsync(heading);
            int scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            Assert.True(scrollWidth <= 400, $"{view} is {scrollWidth} px wide in a 400 px window.");
        }
    }

    [Fact]
    public async Task A_journey_without_a_name_is_headed_by_its_id_and_a_long_setting_is_cut_between_characters()
    {
        string journeyId = await PublishAsync($$"""
            { "nodes": [
                { "id": "start", "type": "start", "audience": { "accounts": ["acct-000000"] } },
                { "id": "note", "type": "action", "action": "changeAccountDataValue", "settings": { "attribute": "Note", "value": "x{{string.Concat(Enumerable.Repeat("\U0001F600", 30))}}" } },
                { "id": "done", "type": "end" } ],
              "edges": [ { "from": "start", "to": "note" }, { "from": "note", "to": "done" } ] }
            """);
        (IPage page, List<string> errors) = await fixture.OpenAsync();
        await page.GotoAsync(fixture.Root + $"api/ui/#/journeys/{journeyId}");

        await Assertions.Expect(page.Locator("#view h2").First).ToHaveTextAsync(journeyId);
        string settings = await page.Locator("g[data-node='note']").TextContentAsync() ?? "";
        Assert.Contains("\u2026", settings, StringComparison.Ordinal);
        Assert.DoesNotMatch(new Regex(@"[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]"), settings);
        Assert.DoesNotContain("\uFFFD", settings, StringComparison.Ordinal); // a lone half may reach here replaced
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_wide_split_reads_left_to_right_scrolls_at_a_readable_scale_and_long_path_ids_are_shortened()
    {
        const int Paths = 25;
        string longPath = "a-path-id-far-longer-than-twenty-four-characters";
        string PathId(int i) => i == 0 ? longPath : $"p{i}";
        var paths = new JsonArray([.. Enumerable.Range(0, Paths).Select(i => new JsonObject { ["id"] = PathId(i) })]);
        var nodes = new JsonArray(
            new JsonObject { ["id"] = "start", ["type"] = "start", ["audience"] = new JsonObject { ["accounts"] = new JsonArray("acct-000000") } },
            new JsonObject { ["id"] = "split", ["type"] = "splitByAccount", ["paths"] = paths });
        var edges = new JsonArray(new JsonObject { ["from"] = "start", ["to"] = "split" });
        // The edges listed in another order than the paths: the drawing follows the paths.
        foreach (int i in Enumerable.Range(0, Paths).OrderBy(i => (i * 7) % Paths))
        {
            nodes.Add(new JsonObject { ["id"] = $"end-{i}", ["type"] = "end" });
            edges.Add(new JsonObject { ["from"] = "split", ["to"] = $"end-{i}", ["path"] = PathId(i) });
        }

        (IPage page, List<string> errors) = await fixture.OpenAsync();
        await page.GotoAsync(fixture.Root + "api/ui/#/new");
        await page.Locator("#definition").FillAsync(new JsonObject { ["name"] = "Wide", ["nodes"] = nodes, ["edges"] = edges }.ToJsonString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Redraw" }).ClickAsync();
        await Assertions.Expect(page.Locator("g[data-node='end-24']")).ToBeAttachedAsync();
        // The paths read left to right in the split's order, as it tries them.
        double[] lefts = await page.EvaluateAsync<double[]>($"[...Array({Paths}).keys()].map(i => document.querySelector(`g[data-node='end-${{i}}']`).getBoundingClientRect().x)");
        Assert.Equal(lefts.Order(), lefts);

        double scale = await page.EvaluateAsync<double>("(() => { const svg = document.querySelector('svg.graph'); return svg.getBoundingClientRect().width / svg.viewBox.baseVal.width; })()");
        Assert.True(scale >= 0.74, $"The graph is drawn at {scale:P0}.");
        Assert.True(await page.EvaluateAsync<bool>("(() => { const box = document.getElementById('graph'); return box.scrollWidth > box.clientWidth; })()"), "The wide graph does not scroll.");
        ILocator label = page.Locator(".edge-label", new() { HasText = "a-path-id" });
        Assert.EndsWith("…", await label.EvaluateAsync<string>("text => text.firstChild.nodeValue"), StringComparison.Ordinal);
        Assert.Equal(longPath, await label.Locator("title").TextContentAsync());
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 1280, "The wide graph widens the page.");
        await page.Locator("#definition").FillAsync("""{ "name": "Empty", "nodes": [], "edges": [] }""");
        await page.GetByRole(AriaRole.Button, new() { Name = "Redraw" }).ClickAsync();
        await Assertions.Expect(page.Locator("#graph")).ToHaveTextAsync("No nodes to draw.");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_split_by_people_join_routed_round_the_outside_is_drawn_whole()
    {
        // dagre routes the join (the edge without a path) round the paths' actions, past the box it gives the graph.
        const string Definition = """
            { "name": "Join", "nodes": [ { "id": "start", "type": "start", "audience": { "accounts": ["acct-000000"] } },
                { "id": "ps", "type": "splitByPeople", "paths": [ { "id": "p1", "conditions": [] }, { "id": "p2", "conditions": [] } ] },
                { "id": "x1", "type": "action", "action": "changeScore", "settings": { "scoreName": "s", "change": 1 } },
                { "id": "x2", "type": "action", "action": "changeScore", "settings": { "scoreName": "s", "change": 2 } },
                { "id": "hold", "type": "wait", "duration": "PT1S" }, { "id": "end", "type": "end" } ],
              "edges": [ { "from": "start", "to": "ps" }, { "from": "ps", "to": "x1", "path": "p1" }, { "from": "ps", "to": "x2", "path": "p2" },
                { "from": "x1", "to": "hold" }, { "from": "x2", "to": "hold" }, { "from": "ps", "to": "hold" }, { "from": "hold", "to": "end" } ] }
            """;
        (IPage page, List<string> errors) = await fixture.OpenAsync();
        await page.GotoAsync(fixture.Root + "api/ui/#/new");
        await page.Locator("#definition").FillAsync(Definition);
        await page.GetByRole(AriaRole.Button, new() { Name = "Redraw" }).ClickAsync();
        await Assertions.Expect(page.Locator("g[data-node='hold']")).ToBeAttachedAsync();

        string[] outside = await page.EvaluateAsync<string[]>("""
            (() => {
              const svg = document.querySelector('svg.graph'); const box = svg.viewBox.baseVal;
              return [...svg.querySelectorAll('polyline.edge')].flatMap(line => [...line.points])
                .filter(p => p.x < box.x || p.y < box.y || p.x > box.x + box.width || p.y > box.y + box.height).map(p => `${p.x},${p.y}`);
            })()
            """);
        Assert.Empty(outside);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_run_offers_to_abort_its_journey_only_while_the_journey_can_be_aborted()
    {
        string journeyId = await PublishAsync(JourneyWithMistake.Replace("\"later\"", "\"PT1M\"", StringComparison.Ordinal).Replace("Browser test journey", "Browser abort journey", StringComparison.Ordinal));
        string runId = await StartRunAsync(journeyId);
        (IPage page, List<string> errors) = await fixture.OpenAsync();
        await page.GotoAsync(fixture.Root + $"api/ui/#/runs/{runId}");
        await Assertions.Expect(page.Locator("#abort-run")).ToHaveTextAsync("Abort journey");
        await page.Locator("#abort-run").ClickAsync();
        await Assertions.Expect(page.Locator("#confirm-text")).ToContainTextAsync("The journey is aborted: no new runs start");
        await page.GetByRole(AriaRole.Button, new() { Name = "No" }).ClickAsync();

        using (HttpResponseMessage aborted = await fixture.Host.Http.PostAsync(new Uri($"journeys/{journeyId}/abort", UriKind.Relative), null))
        {
            Assert.True(aborted.IsSuccessStatusCode);
        }

        // Aborted elsewhere: the open page takes the button away without a reload.
        await Assertions.Expect(page.Locator("#abort-run")).ToHaveCountAsync(0, new() { Timeout = 15_000 });
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#run-facts")).ToHaveAttributeAsync("data-status", "Terminated", new() { Timeout = 30_000 });
        Assert.Equal(0, await page.Locator("#abort-run").CountAsync());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task An_ended_runs_page_takes_the_abort_button_away_once_the_journey_is_aborted_elsewhere()
    {
        string journeyId = await PublishAsync("""
            { "name": "Browser ended run journey",
              "nodes": [ { "id": "start", "type": "start", "audience": { "accounts": ["acct-000000"] } }, { "id": "done", "type": "end" } ],
              "edges": [ { "from": "start", "to": "done" } ] }
            """);
        string runId = await StartRunAsync(journeyId);
        (IPage page, List<string> errors) = await fixture.OpenAsync();
        await page.GotoAsync(fixture.Root + $"api/ui/#/runs/{runId}");
        await Assertions.Expect(page.Locator("#run-facts")).ToHaveAttributeAsync("data-status", "Completed", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#abort-run")).ToHaveCountAsync(1);

        using (HttpResponseMessage aborted = await fixture.Host.Http.PostAsync(new Uri($"journeys/{journeyId}/abort", UriKind.Relative), null))
        {
            Assert.True(aborted.IsSuccessStatusCode);
        }

        await Assertions.Expect(page.Locator("#abort-run")).ToHaveCountAsync(0, new() { Timeout = 15_000 });
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_view_left_while_it_loads_draws_nothing_and_polls_nothing()
    {
        string journeyId = await PublishAsync(JourneyWithMistake.Replace("\"later\"", "\"PT1M\"", StringComparison.Ordinal).Replace("Browser test journey", "Browser slow network journey", StringComparison.Ordinal));
        string runId = await StartRunAsync(journeyId);
        (IPage page, List<string> errors) = await fixture.OpenAsync();
        try
        {
            await page.GotoAsync(fixture.Root + "api/ui/#/journeys");
            await Assertions.Expect(page.Locator("#view h2").First).ToHaveTextAsync("Journeys");
            var asked = new List<string>();
            page.Request += (_, request) =>
            {
                lock (asked)
                {
                    asked.Add(new Uri(request.Url).AbsolutePath);
                }
            };

            // Every answer 1.5 s late (a slow network, a cold start): the run page is left for the sync page while it loads.
            await page.RouteAsync("**/api/**", async route =>
            {
                await Task.Delay(1500);
                await route.ContinueAsync();
            });
            await page.EvaluateAsync($"location.hash = '#/runs/{runId}'");
            await Task.Delay(300);
            await page.EvaluateAsync("location.hash = '#/sync'");
            await Assertions.Expect(page.Locator("#sync-status")).Not.ToBeEmptyAsync(new() { Timeout = 15_000 });
            await Task.Delay(6000);
            Assert.Equal("Sales sync", await page.Locator("#view h2").First.TextContentAsync());
            int runAsks = AskedFor(asked, $"/api/runs/{runId}");
            await Task.Delay(4000);
            Assert.Equal(runAsks, AskedFor(asked, $"/api/runs/{runId}"));

            // Left for the journey list: the sync page's poll stops too.
            await page.EvaluateAsync("location.hash = '#/journeys'");
            await Assertions.Expect(page.Locator("#view h2").First).ToHaveTextAsync("Journeys", new() { Timeout = 15_000 });
            await Task.Delay(2000);
            int statusAsks = AskedFor(asked, "/api/sync/status");
            await Task.Delay(4000);
            Assert.Equal(statusAsks, AskedFor(asked, "/api/sync/status"));
            await page.UnrouteAsync("**/api/**");
        }
        finally
        {
            using HttpResponseMessage aborted = await fixture.Host.Http.PostAsync(new Uri($"journeys/{journeyId}/abort", UriKind.Relative), null);
        }

        Assert.DoesNotContain(errors, e => e.Contains("Uncaught", StringComparison.Ordinal));

        static int AskedFor(List<string> asked, string path)
        {
            lock (asked)
            {
                return asked.Count(p => p == path);
            }
        }
    }

    [Fact]
    public async Task An_action_node_lists_what_it_did_to_each_account_with_the_reason_of_a_skip()
    {
        string journeyId = await PublishAsync("""
            { "name": "Browser action journey",
              "nodes": [
                { "id": "start", "type": "start", "audience": { "accounts": ["acct-000000", "acct-000001"] } },
                { "id": "tier", "type": "action", "action": "changeAccountDataValue", "settings": { "attribute": "Tier", "value": "gold" } },
                { "id": "done", "type": "end" } ],
              "edges": [ { "from": "start", "to": "tier" }, { "from": "tier", "to": "done" } ] }
            """);
        string runId = await StartRunAsync(journeyId);
        (IPage page, List<string> errors) = await fixture.OpenAsync();
        await page.GotoAsync(fixture.Root + $"api/ui/#/runs/{runId}");
        await Assertions.Expect(page.Locator("#run-facts")).ToHaveAttributeAsync("data-status", "Completed", new() { Timeout = 30_000 });
        await page.Locator("g[data-node='tier']").ClickAsync();

        await Assertions.Expect(page.Locator("#node-panel h3")).ToHaveTextAsync("What tier did");
        await Assertions.Expect(page.Locator("#node-effects li")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#node-effects li[data-target='acct-000001']")).ToContainTextAsync("Tier");
        await page.Locator("g[data-node='done']").ClickAsync();
        await Assertions.Expect(page.Locator("#node-accounts li")).ToHaveTextAsync("Accounts pass this node within one step.");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Node_ids_that_name_built_in_members_are_drawn_and_counted_and_a_repeated_id_is_one_marked_box()
    {
        // Valid ids that a plain JavaScript object has as members: the layout used to key its nodes by them.
        string journeyId = await PublishAsync("""
            { "name": "Browser member-name journey",
              "nodes": [
                { "id": "constructor", "type": "start", "audience": { "accounts": ["acct-000000"] } },
                { "id": "__proto__", "type": "action", "action": "changeAccountDataValue", "settings": { "attribute": "Tier", "value": "gold" } },
                { "id": "toString", "type": "end" } ],
              "edges": [ { "from": "constructor", "to": "__proto__" }, { "from": "__proto__", "to": "toString" } ] }
            """);
        string runId = await StartRunAsync(journeyId);
        (IPage page, List<string> errors) = await fixture.OpenAsync();
        await page.GotoAsync(fixture.Root + $"api/ui/#/runs/{runId}");
        await Assertions.Expect(page.Locator("#run-facts")).ToHaveAttributeAsync("data-status", "Completed", new() { Timeout = 30_000 });
        foreach (string id in new[] { "constructor", "__proto__", "toString" })
        {
            await Assertions.Expect(page.Locator($"g[data-node='{id}'] .node-counts")).ToContainTextAsync("reached 1 · now 0");
        }

        await page.GotoAsync(fixture.Root + "api/ui/#/new");
        await page.Locator("#definition").FillAsync("""
            { "name": "Twice", "nodes": [ { "id": "start", "type": "start", "audience": { "accounts": ["acct-000000"] } },
              { "id": "w", "type": "wait", "duration": "PT1S" }, { "id": "w", "type": "wait", "duration": "PT2S" }, { "id": "end", "type": "end" } ],
              "edges": [ { "from": "start", "to": "w" }, { "from": "w", "to": "end" } ] }
            """);
        await page.GetByRole(AriaRole.Button, new() { Name = "Validate" }).ClickAsync();
        await Assertions.Expect(page.Locator("g[data-node='w'].invalid")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("g[data-node='w']")).ToHaveCountAsync(1);
        Assert.DoesNotContain(errors, e => !e.Contains("status of 400", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_journey_offers_only_the_steps_its_status_allows()
    {
        string journeyId = await PublishAsync(JourneyWithMistake.Replace("\"later\"", "\"PT1M\"", StringComparison.Ordinal).Replace("Browser test journey", "Browser lifecycle journey", StringComparison.Ordinal));
        (IPage page, List<string> errors) = await fixture.OpenAsync();
        string[] all = ["#save", "#publish", "#start-run", "#close", "#abort"];
        async Task ExpectOffered(string status, params string[] offered)
        {
            await page.GotoAsync(fixture.Root + "api/ui/#/journeys");
            await page.GotoAsync(fixture.Root + $"api/ui/#/journeys/{journeyId}");
            await Assertions.Expect(page.Locator("#journey-status")).ToHaveTextAsync(status);
            foreach (string button in all)
            {
                Assert.True(await page.Locator(button).CountAsync() == (offered.Contains(button) ? 1 : 0), $"{button} when {status}");
            }
        }

        await ExpectOffered("live", "#save", "#publish", "#start-run", "#close", "#abort");
        using (HttpResponseMessage closed = await fixture.Host.Http.PostAsync(new Uri($"journeys/{journeyId}/close", UriKind.Relative), null))
        {
            Assert.True(closed.IsSuccessStatusCode);
        }

        // Closed elsewhere while the page still offers a run: the API's 409 is said, and the page shows the journey as
        // it is now. No run was in flight, so the close finished it at once: nothing is left to do but look.
        await page.Locator("#start-run").ClickAsync();
        await Assertions.Expect(page.Locator("#journey-status")).ToHaveTextAsync("finished");
        await Assertions.Expect(page.Locator("#notice")).ToContainTextAsync("finished");
        Assert.Equal(0, await page.Locator("#start-run").CountAsync());
        await ExpectOffered("finished");
        string other = await PublishAsync(JourneyWithMistake.Replace("\"later\"", "\"PT1M\"", StringComparison.Ordinal).Replace("Browser test journey", "Browser closed journey", StringComparison.Ordinal));
        await StartRunAsync(other);
        using (HttpResponseMessage closed = await fixture.Host.Http.PostAsync(new Uri($"journeys/{other}/close", UriKind.Relative), null))
        {
            Assert.True(closed.IsSuccessStatusCode);
        }

        journeyId = other;
        await ExpectOffered("closed", "#abort");
        await page.Locator("#abort").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes" }).ClickAsync();
        await Assertions.Expect(page.Locator("#journey-status")).ToHaveTextAsync("aborted");
        foreach (string button in all)
        {
            Assert.Equal(0, await page.Locator(button).CountAsync());
        }

        // The refused start is the one answer the browser logs as failed.
        Assert.Single(errors, e => e.Contains("409", StringComparison.Ordinal));
        Assert.Single(errors);
    }

    [Fact]
    public async Task A_double_click_starts_one_run_and_a_write_that_cannot_reach_the_api_is_said()
    {
        string journeyId = await PublishAsync(JourneyWithMistake.Replace("\"later\"", "\"PT1M\"", StringComparison.Ordinal).Replace("Browser test journey", "Browser double click journey", StringComparison.Ordinal));
        (IPage page, List<string> errors) = await fixture.OpenAsync();
        await page.GotoAsync(fixture.Root + $"api/ui/#/journeys/{journeyId}");

        // The second click lands while the first start is in flight: the button is busy, so it sends nothing.
        await page.Locator("#start-run").DblClickAsync();
        // A hash change is no page load: poll the address rather than wait for a navigation event.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("#/runs/"), new() { Timeout = 60_000 });
        Assert.Single((await GetJsonAsync($"journeys/{journeyId}/runs"))["items"]!.AsArray());

        // The API unreachable for a write: the page says so instead of failing silently with an uncaught error.
        await page.GotoAsync(fixture.Root + $"api/ui/#/journeys/{journeyId}");
        await page.RouteAsync("**/api/journeys/validate", route => route.AbortAsync("connectionrefused"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Validate" }).ClickAsync();
        await Assertions.Expect(page.Locator("#notice")).ToContainTextAsync("The API could not be reached");

        // A view that could not load offers to try again, and loads once the API answers.
        await page.RouteAsync($"**/api/journeys/{journeyId}", route => route.AbortAsync("connectionrefused"));
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#view")).ToContainTextAsync("The page could not load");
        await page.UnrouteAsync($"**/api/journeys/{journeyId}");
        await page.Locator("#try-again").ClickAsync();
        await Assertions.Expect(page.Locator("#journey-status")).ToHaveTextAsync("live");
        Assert.DoesNotContain(errors, e => e.Contains("Failed to fetch", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_view_whose_definition_runs_or_sync_status_cannot_be_read_offers_to_try_again_instead_of_drawing_a_stand_in()
    {
        string journeyId = await PublishAsync(JourneyWithMistake.Replace("\"later\"", "\"PT1M\"", StringComparison.Ordinal).Replace("Browser test journey", "Browser unreadable version journey", StringComparison.Ordinal));
        (IPage page, _) = await fixture.OpenAsync();
        Task Unavailable(IRoute route) => route.FulfillAsync(new() { Status = 503, ContentType = "application/problem+json", Body = """{"title":"Storage unavailable","status":503}""" });

        // The live version unreadable: no template in the editor, which Save draft could store over the journey.
        await page.RouteAsync($"**/api/journeys/{journeyId}/versions/**", Unavailable);
        await page.GotoAsync(fixture.Root + $"api/ui/#/journeys/{journeyId}");
        await Assertions.Expect(page.Locator("#view")).ToContainTextAsync("The page could not load: Storage unavailable");
        Assert.Equal(0, await page.Locator("#definition").CountAsync());
        await page.UnrouteAsync($"**/api/journeys/{journeyId}/versions/**");

        // The runs unreadable: not "No runs."
        Func<string, bool> runs = url => url.Contains($"/api/journeys/{journeyId}/runs?", StringComparison.Ordinal);
        await page.RouteAsync(runs, Unavailable);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#view")).ToContainTextAsync("The page could not load: Storage unavailable");
        await page.UnrouteAsync(runs);
        await page.Locator("#try-again").ClickAsync();
        await Assertions.Expect(page.Locator("#definition")).ToHaveValueAsync(new Regex("Browser unreadable version journey"));

        // The journey itself answered with a 503 (storage down) as the view opens: Try again, not a dead end.
        await page.RouteAsync($"**/api/journeys/{journeyId}", Unavailable);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#view")).ToContainTextAsync("The page could not load: Storage unavailable");
        await page.UnrouteAsync($"**/api/journeys/{journeyId}");
        await page.Locator("#try-again").ClickAsync();
        await Assertions.Expect(page.Locator("#definition")).ToHaveValueAsync(new Regex("Browser unreadable version journey"));

        // The sync view with its status unreachable as it opens: said, with Try again, not an empty skeleton.
        await page.RouteAsync("**/api/sync/status", route => route.AbortAsync("connectionrefused"));
        await page.GotoAsync(fixture.Root + "api/ui/#/sync");
        await Assertions.Expect(page.Locator("#view")).ToContainTextAsync("The page could not load");
        Assert.Equal(0, await page.Locator("#sync-progress").CountAsync());
        await page.UnrouteAsync("**/api/sync/status");
        await page.Locator("#try-again").ClickAsync();
        await Assertions.Expect(page.Locator("#sync-progress")).ToBeVisibleAsync();

        // The history unreadable while no sync runs (so no run's start or end reads it again): said, and read again.
        Func<string, bool> history = url => url.Contains("/api/sync/runs?", StringComparison.Ordinal);
        await page.RouteAsync(history, Unavailable);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#view")).ToContainTextAsync("Storage unavailable");
        await page.UnrouteAsync(history);
        await Assertions.Expect(page.Locator("#view")).Not.ToContainTextAsync("Storage unavailable", new() { Timeout = 15_000 });
    }

    [Fact]
    public async Task The_page_route_answers_head_and_serves_only_the_page_file_types()
    {
        using var head = new HttpRequestMessage(HttpMethod.Head, new Uri("ui/index.html", UriKind.Relative));
        using HttpResponseMessage headAnswer = await fixture.Host.Http.SendAsync(head);
        Assert.Equal(System.Net.HttpStatusCode.OK, headAnswer.StatusCode);
        Assert.Equal("text/html", headAnswer.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await headAnswer.Content.ReadAsByteArrayAsync());

        using HttpResponseMessage license = await fixture.Host.Http.GetAsync(new Uri("ui/lib/dagre.LICENSE.txt", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, license.StatusCode);
        using HttpResponseMessage page = await fixture.Host.Http.GetAsync(new Uri("UI/index.html", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task A_refused_key_is_said_a_cancelled_dialog_is_not_shown_again_and_the_button_asks_anew()
    {
        (IPage page, _) = await fixture.OpenAsync();
        // The list answers 401 unless the key "good" is sent, as the Functions host does in Azure.
        await page.RouteAsync(url => url.Contains("/api/journeys?", StringComparison.Ordinal), async route =>
        {
            if (route.Request.Headers.TryGetValue("x-functions-key", out string? key) && key == "good")
            {
                await route.ContinueAsync();
            }
            else
            {
                await route.FulfillAsync(new() { Status = 401 });
            }
        });
        await page.GotoAsync(fixture.Root + "api/ui/#/journeys");
        ILocator dialog = page.Locator("#key-dialog");
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#key-refused")).ToBeHiddenAsync();
        await page.Locator("#key-input").FillAsync("bad");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator("#key-refused")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#key-input")).ToHaveValueAsync(string.Empty);

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Assertions.Expect(page.Locator("#view .error")).ToContainTextAsync("needs a function key");
        await page.GotoAsync(fixture.Root + "api/ui/#/sync");
        await page.GotoAsync(fixture.Root + "api/ui/#/journeys");
        await Assertions.Expect(page.Locator("#view .error")).ToContainTextAsync("needs a function key");
        await Assertions.Expect(dialog).ToBeHiddenAsync();

        await page.Locator("#key-button").ClickAsync();
        await page.Locator("#key-input").FillAsync("good");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator("#view table.list")).ToBeVisibleAsync();

        // A key forgotten is asked for on the next 401, unlike a dialog cancelled.
        await page.Locator("#key-button").ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Forget key" }).ClickAsync();
        await page.GotoAsync(fixture.Root + "api/ui/#/sync");
        await page.GotoAsync(fixture.Root + "api/ui/#/journeys");
        await Assertions.Expect(dialog).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_key_no_header_can_carry_is_not_saved_and_the_sync_view_says_a_key_is_needed()
    {
        (IPage page, _) = await fixture.OpenAsync();
        await page.RouteAsync(url => url.Contains("/api/sync/", StringComparison.Ordinal), route => route.FulfillAsync(new() { Status = 401 }));
        await page.GotoAsync(fixture.Root + "api/ui/#/sync");
        ILocator dialog = page.Locator("#key-dialog");
        await Assertions.Expect(dialog).ToBeVisibleAsync();

        // fetch throws on a header value past Latin-1, which would fail every view until the key was forgotten.
        await page.Locator("#key-input").FillAsync("\u043a\u043b\u044e\u0447");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        Assert.Null(await page.EvaluateAsync<string?>("localStorage.getItem('journey-map.functions-key')"));

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Assertions.Expect(page.Locator("#view .error")).ToContainTextAsync("needs a function key");
        await Assertions.Expect(page.Locator("#try-again")).ToHaveCountAsync(0); // a 4xx is the view's own word: trying again cannot help
    }

    /// <summary>Creates and publishes a journey over the API; its id.</summary>
    private async Task<string> PublishAsync(string definition)
    {
        using HttpResponseMessage created = await fixture.Host.Http.PostAsync(new Uri("journeys", UriKind.Relative), new StringContent(definition, System.Text.Encoding.UTF8, "application/json"));
        string journeyId = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        using HttpResponseMessage published = await fixture.Host.Http.PostAsync(new Uri($"journeys/{journeyId}/publish", UriKind.Relative), null);
        Assert.True(published.IsSuccessStatusCode, await published.Content.ReadAsStringAsync());
        return journeyId;
    }

    private async Task<string> StartRunAsync(string journeyId)
    {
        using HttpResponseMessage started = await fixture.Host.Http.PostAsync(new Uri($"journeys/{journeyId}/runs", UriKind.Relative), null);
        Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync());
        return JsonNode.Parse(await started.Content.ReadAsStringAsync())!["runId"]!.GetValue<string>();
    }

    private async Task<JsonNode> GetJsonAsync(string path) =>
        JsonNode.Parse(await fixture.Host.Http.GetStringAsync(new Uri(path, UriKind.Relative)))!;

    private async Task<JsonNode> RunStatusAsync(string runId) =>
        JsonNode.Parse(await fixture.Host.Http.GetStringAsync(new Uri($"runs/{runId}", UriKind.Relative)))!;

    private static int Count(JsonNode status, string node, string counter) => status["nodes"]?[node]?[counter]?.GetValue<int>() ?? 0;
}

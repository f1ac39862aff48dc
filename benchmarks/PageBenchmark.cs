using System.Globalization;
using System.IO.Compression;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using JourneyFunctions.Testing;
using Microsoft.Playwright;

namespace JourneyFunctions.Benchmarks;

/// <summary>
/// The journey map page: the bytes it ships (its files in the local host's output, raw and gzip-compressed) and the
/// time from navigation to the first drawn graph of a 100-node journey, beside a 3-node journey in the same run
/// (median of 5 page loads each, headless Chromium through Playwright).
/// </summary>
internal static class PageBenchmark
{
    private const int Loads = 5;

    public static async Task<int> RunAsync(int nodes)
    {
        string folder = Path.Combine(Path.GetDirectoryName(Repository.BuildOutput("devhost", "JourneyFunctions.DevHost.dll"))!, "ui");
        long raw = 0;
        long gzip = 0;
        foreach (string file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".txt", StringComparison.Ordinal) && !f.EndsWith(".json", StringComparison.Ordinal)))
        {
            byte[] bytes = await File.ReadAllBytesAsync(file);
            raw += bytes.Length;
            using var compressed = new MemoryStream();
            await using (var zip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                await zip.WriteAsync(bytes);
            }

            gzip += compressed.Length;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"page files (html, css, js): {raw:N0} bytes, {gzip:N0} gzip-compressed"));

        await using DevHostProcess host = await DevHostProcess.StartAsync(DevHostProcess.NewTaskHub());
        string small = await CreateAsync(host, Chain(1));
        string large = await CreateAsync(host, Chain(nodes - 2));
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        string page = new Uri(host.BaseUrl, "ui/").ToString();
        double baseline = await MedianRenderAsync(browser, page + "#/journeys/" + small);
        double measured = await MedianRenderAsync(browser, page + "#/journeys/" + large);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"first render, 3-node journey (baseline): {baseline:F0} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"first render, {nodes}-node journey: {measured:F0} ms ({measured / baseline:F1}x the baseline)"));
        return 0;
    }

    /// <summary>start, <paramref name="middle"/> nodes alternating wait and action, end.</summary>
    private static JsonObject Chain(int middle)
    {
        var nodes = new JsonArray { new JsonObject { ["id"] = "start", ["type"] = "start", ["audience"] = new JsonObject { ["accounts"] = new JsonArray("acct-000000") } } };
        var edges = new JsonArray();
        string previous = "start";
        for (int i = 0; i < middle; i++)
        {
            string id = string.Create(CultureInfo.InvariantCulture, $"n{i:D3}");
            nodes.Add(i % 2 == 0
                ? new JsonObject { ["id"] = id, ["type"] = "wait", ["duration"] = "PT1H" }
                : new JsonObject { ["id"] = id, ["type"] = "action", ["action"] = "changeAccountDataValue", ["settings"] = new JsonObject { ["attribute"] = "Tier", ["value"] = "nurture" } });
            edges.Add(new JsonObject { ["from"] = previous, ["to"] = id });
            previous = id;
        }

        nodes.Add(new JsonObject { ["id"] = "end", ["type"] = "end" });
        edges.Add(new JsonObject { ["from"] = previous, ["to"] = "end" });
        return new JsonObject { ["name"] = string.Create(CultureInfo.InvariantCulture, $"{middle + 2} nodes"), ["nodes"] = nodes, ["edges"] = edges };
    }

    private static async Task<string> CreateAsync(DevHostProcess host, JsonObject journey)
    {
        using HttpResponseMessage created = await host.Http.PostAsJsonAsync(new Uri("journeys", UriKind.Relative), journey);
        string body = await created.Content.ReadAsStringAsync();
        return created.IsSuccessStatusCode ? JsonNode.Parse(body)!["id"]!.GetValue<string>() : throw new InvalidOperationException(body);
    }

    /// <summary>Milliseconds from navigation start to the page's "graph drawn" mark, median of fresh page loads.</summary>
    private static async Task<double> MedianRenderAsync(IBrowser browser, string url)
    {
        var times = new List<double>();
        for (int i = 0; i < Loads; i++)
        {
            IPage page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
            await page.GotoAsync(url);
            await page.WaitForFunctionAsync("performance.getEntriesByName('journey-map:graph-drawn').length > 0");
            times.Add(await page.EvaluateAsync<double>("performance.getEntriesByName('journey-map:graph-drawn')[0].startTime"));
            await page.CloseAsync();
        }

        return times.Order().ElementAt(times.Count / 2);
    }
}

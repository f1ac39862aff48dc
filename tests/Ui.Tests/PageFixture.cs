using JourneyFunctions.Testing;
using Microsoft.Playwright;

namespace JourneyFunctions.Ui.Tests;

/// <summary>
/// One local host with sample data and one headless Chromium for every browser test. The browser is the machine's
/// own (Debian's <c>chromium</c>, or <c>CHROMIUM_PATH</c>): Playwright's browser downloads are not used. The host has
/// an Azurite of its own: on the shared one it would also take the app's queues (person changes, journey events) from
/// the end-to-end tests running beside it, and route their events to its own task hub, where no run listens.
/// </summary>
public sealed class PageFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private FreshAzurite? _azurite;

    public DevHostProcess Host { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The host's root: it redirects to the page at /api/ui/.</summary>
    public string Root => new Uri(Host.BaseUrl, "/").ToString();

    public async Task InitializeAsync()
    {
        _azurite = await FreshAzurite.StartAsync();
        Host = await DevHostProcess.StartAsync(DevHostProcess.NewTaskHub(), new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = _azurite.ConnectionString,
            ["DevHost__SeedSampleData"] = "true",
            ["DevHost__SamplePeople"] = "200",
        });
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A new page at 1280x800 that records console errors and uncaught exceptions.</summary>
    public async Task<(IPage Page, List<string> Errors)> OpenAsync(int width = 1280, int height = 800)
    {
        IPage page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (errors)
                {
                    errors.Add(message.Text);
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (errors)
            {
                errors.Add(error);
            }
        };
        return (page, errors);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}

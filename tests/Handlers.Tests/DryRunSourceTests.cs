using JourneyFunctions.Hosting;
using JourneyFunctions.Hosting.Settings;
using JourneyFunctions.Storage.Sync;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyFunctions.Handlers.Tests;

/// <summary>Which people source the sync's dry run reads: its own for the bulk export (which records a job), the sync's otherwise.</summary>
public sealed class DryRunSourceTests
{
    private static ServiceProvider Services(params (string Key, string Value)[] values) =>
        new ServiceCollection().AddLogging().AddJourneyFunctions(AppSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value)).Append(KeyValuePair.Create("AzureWebJobsStorage", (string?)"UseDevelopmentStorage=true")))
            .Build())).BuildServiceProvider();

    [Fact]
    public async Task With_the_bulk_export_the_dry_run_reads_through_a_source_of_its_own()
    {
        await using ServiceProvider services = Services(
            ("SyncSource", "marketo"), ("MarketoInitialSync", "bulk"), ("MarketoBulkSince", "2020-01-01"),
            ("MarketoBaseUrl", "https://123-abc-456.mktorest.com"), ("MarketoClientId", "id"), ("MarketoClientSecret", "secret"));

        IPeopleSource sync = services.GetRequiredService<IPeopleSource>();
        IPeopleSource dryRun = services.GetRequiredKeyedService<IPeopleSource>(JourneyServices.DryRunSource);

        Assert.IsType<JourneyFunctions.Marketo.MarketoBulkPeopleSource>(dryRun);
        Assert.NotSame(sync, dryRun);
    }

    [Fact]
    public async Task With_the_table_source_the_dry_run_reads_through_the_sync_s()
    {
        await using ServiceProvider services = Services();

        Assert.Same(services.GetRequiredService<IPeopleSource>(), services.GetRequiredKeyedService<IPeopleSource>(JourneyServices.DryRunSource));
    }
}

using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using JourneyFunctions.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace JourneyFunctions.Operations.Tests;

/// <summary>The settings infra/ gives the app make both hosts export to Application Insights as the managed identity.</summary>
public sealed class JourneyTelemetryTests
{
    [Fact]
    public void ApplicationInsightsSettingsExportAsTheManagedIdentity()
    {
        using ServiceProvider services = Services(new()
        {
            [JourneyTelemetry.ConnectionStringName] = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://example.invalid/",
            [JourneyTelemetry.AuthenticationStringName] = "ClientId=00000000-0000-0000-0000-000000000001;Authorization=AAD",
        });

        AzureMonitorExporterOptions exporter = services.GetRequiredService<IOptionsMonitor<AzureMonitorExporterOptions>>().Get(Options.DefaultName);

        Assert.StartsWith("InstrumentationKey=", exporter.ConnectionString, StringComparison.Ordinal);
        Assert.IsType<ManagedIdentityCredential>(exporter.Credential);
        Assert.NotNull(services.GetService<MeterProvider>());
    }

    [Fact]
    public void WithoutApplicationInsightsNothingIsExported()
    {
        using ServiceProvider services = Services([]);

        Assert.Null(services.GetRequiredService<IOptionsMonitor<AzureMonitorExporterOptions>>().Get(Options.DefaultName).ConnectionString);
        Assert.NotNull(services.GetService<MeterProvider>());
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddJourneyTelemetry(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services.BuildServiceProvider();
    }
}

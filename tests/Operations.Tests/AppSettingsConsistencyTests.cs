using JourneyFunctions.Hosting;
using JourneyFunctions.Hosting.Settings;

namespace JourneyFunctions.Operations.Tests;

/// <summary>
/// No setting known to one place and missing in another: every setting the code reads (AppSettings.Names) is in
/// local.settings.sample.json and set by infra/, and every setting those two define is read by the code or is on
/// the list of host settings below. A name added to AppSettings.Names fails here until both files have it.
/// </summary>
public sealed class AppSettingsConsistencyTests
{
    /// <summary>Settings read by the Functions host, its extensions or the telemetry exporter, not by AppSettings.</summary>
    private static readonly HostSetting[] HostSettings =
    [
        // The worker runtime. func and the local host read it from local settings; Flex Consumption takes it from
        // functionAppConfig.runtime in infra/modules/functionapp.bicep and refuses it as an app setting.
        new("FUNCTIONS_WORKER_RUNTIME", InLocalSample: true, InBicep: false),
        // The host name Durable's HTTP API and the DurableClient binding build their URLs from ("Webhooks are not
        // configured" without it). Azure sets it on every app and func start sets it itself, refusing to start when
        // local settings set it too (it adds the key to them), so it stays out of the local sample.
        new("WEBSITE_HOSTNAME", InLocalSample: false, InBicep: false),
        // Where the Functions host keeps its keys: "files" locally (next to the host); in Azure the default, the
        // azure-webjobs-secrets container of AzureWebJobsStorage.
        new("AzureWebJobsSecretStorageType", InLocalSample: true, InBicep: false),
        // Where telemetry goes, and the identity it is sent as (JourneyTelemetry and the host read both). Locally
        // there is no Application Insights: the local host logs to its console.
        new(JourneyTelemetry.ConnectionStringName, InLocalSample: false, InBicep: true),
        new(JourneyTelemetry.AuthenticationStringName, InLocalSample: false, InBicep: true),
    ];

    public static TheoryData<string> AppSettingNames => [.. AppSettings.Names];

    [Theory]
    [MemberData(nameof(AppSettingNames))]
    public void AppSettingIsInTheLocalSample(string setting) =>
        Assert.True(TemplateSettings.Sets(TemplateSettings.LocalSample, setting), $"'{setting}' is read by the code but not in local.settings.sample.json.");

    [Theory]
    [MemberData(nameof(AppSettingNames))]
    public void AppSettingIsSetByTheBicep(string setting) =>
        Assert.True(TemplateSettings.Sets(TemplateSettings.Bicep, setting), $"'{setting}' is read by the code but not set in infra/ (siteConfig.appSettings).");

    [Fact]
    public void LocalSampleHoldsOnlyKnownSettings() =>
        Assert.DoesNotContain(TemplateSettings.LocalSample, key => !Known(key, HostSettings.Where(h => h.InLocalSample)));

    [Fact]
    public void BicepSetsOnlyKnownSettings() =>
        Assert.DoesNotContain(TemplateSettings.Bicep, key => !Known(key, HostSettings.Where(h => h.InBicep)));

    /// <summary>The list above stays true: each host setting is exactly where it says, and is not also an app setting.</summary>
    [Fact]
    public void HostSettingsAreWhereTheListSays()
    {
        foreach (HostSetting host in HostSettings)
        {
            Assert.DoesNotContain(host.Name, AppSettings.Names);
            Assert.True(TemplateSettings.Sets(TemplateSettings.LocalSample, host.Name) == host.InLocalSample, $"local.settings.sample.json and the host settings list disagree on '{host.Name}'.");
            Assert.True(TemplateSettings.Sets(TemplateSettings.Bicep, host.Name) == host.InBicep, $"infra/ and the host settings list disagree on '{host.Name}'.");
        }
    }

    private static bool Known(string key, IEnumerable<HostSetting> hostSettings) =>
        AppSettings.Names.Concat(hostSettings.Select(h => h.Name)).Any(setting => TemplateSettings.Sets([key], setting));
}

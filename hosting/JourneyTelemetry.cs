using Azure.Core;
using Azure.Monitor.OpenTelemetry.Exporter;
using JourneyFunctions.Domain.Telemetry;
using JourneyFunctions.Hosting.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;

namespace JourneyFunctions.Hosting;

/// <summary>
/// OpenTelemetry for both hosts: the app's meter (<see cref="JourneyMetrics"/>) and logs with their scopes (run,
/// journey, node and account ids), exported to Application Insights when the app has one.
/// </summary>
public static class JourneyTelemetry
{
    /// <summary>Where telemetry goes; set by infra/ in Azure, absent locally (the local host logs to its console).</summary>
    public const string ConnectionStringName = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>"Authorization=AAD;ClientId=…": sign in with that managed identity (Application Insights has local auth off).</summary>
    public const string AuthenticationStringName = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    public static IOpenTelemetryBuilder AddJourneyTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        IOpenTelemetryBuilder telemetry = services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(JourneyMetrics.MeterName));
        // Scopes become custom dimensions: a log line can be found by its run, journey, node or account.
        services.Configure<OpenTelemetryLoggerOptions>(options => options.IncludeScopes = true);
        if (configuration[ConnectionStringName] is { Length: > 0 } connectionString)
        {
            TokenCredential? credential = Credential(configuration[AuthenticationStringName]);
            telemetry.UseAzureMonitorExporter(options =>
            {
                options.ConnectionString = connectionString;
                options.Credential = credential;
            });
        }

        return telemetry;
    }

    /// <summary>The managed identity an authentication string names, or none (instrumentation-key ingestion).</summary>
    private static TokenCredential? Credential(string? authentication)
    {
        Dictionary<string, string> parts = (authentication ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.OrdinalIgnoreCase);
        return parts.TryGetValue("Authorization", out string? kind) && string.Equals(kind, "AAD", StringComparison.OrdinalIgnoreCase)
            ? EntraCredential.For(EntraCredential.ManagedIdentity, parts.GetValueOrDefault("ClientId"))
            : null;
    }
}

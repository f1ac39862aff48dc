using JourneyFunctions.Functions;
using JourneyFunctions.Hosting;
using JourneyFunctions.Hosting.Settings;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

FunctionsApplicationBuilder builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddJourneyFunctions(AppSettings.From(builder.Configuration));
// With "telemetryMode": "OpenTelemetry" in host.json the host exports its own telemetry; this adds the worker's.
builder.Services.AddJourneyTelemetry(builder.Configuration).UseFunctionsWorkerDefaults();
// Orchestration payloads and custom status use the same JSON shape as the API (and as the local host).
builder.Services.UseJourneyJson();
await builder.Build().RunAsync();

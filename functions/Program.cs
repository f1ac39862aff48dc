using Azure.Core.Serialization;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Handlers.Hosting;
using JourneyFunctions.Handlers.Settings;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

FunctionsApplicationBuilder builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddJourneyFunctions(AppSettings.From(builder.Configuration));
// Orchestration payloads and custom status use the same JSON shape as the API (and as the local host).
builder.Services.Configure<WorkerOptions>(options => options.Serializer = new JsonObjectSerializer(JsonDefaults.Options));
await builder.Build().RunAsync();

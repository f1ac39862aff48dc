using System.Text.Json;
using Azure.Core.Serialization;
using JourneyFunctions.Domain.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyFunctions.Functions;

/// <summary>
/// The worker reads and writes JSON in the app's one shape (<see cref="JsonDefaults"/>), as the local host does.
/// <see cref="WorkerOptions.Serializer"/> is Durable's data converter (activity inputs and outputs, events, custom
/// status); an orchestration's input is read a second time with the container's <see cref="JsonSerializerOptions"/>,
/// which would otherwise be System.Text.Json's defaults: a depth of 64, which a journey at its documented nesting
/// bound passes once a batch's input wraps it, and none of the app's converters.
/// </summary>
internal static class WorkerJson
{
    public static IServiceCollection UseJourneyJson(this IServiceCollection services) => services
        .Configure<WorkerOptions>(options => options.Serializer = new JsonObjectSerializer(JsonDefaults.Options))
        .Configure<JsonSerializerOptions>(JsonDefaults.ApplyTo);
}

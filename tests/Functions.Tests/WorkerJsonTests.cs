using System.Text.Json;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JourneyFunctions.Functions.Tests;

/// <summary>
/// Under the Functions host an orchestration's input is read with the container's JsonSerializerOptions (the local
/// host reads it with JsonDefaults): both must be the app's one JSON shape.
/// </summary>
public sealed class WorkerJsonTests
{
    private static JsonSerializerOptions ContainerOptions()
    {
        using ServiceProvider services = new ServiceCollection().UseJourneyJson().BuildServiceProvider();
        return services.GetRequiredService<IOptions<JsonSerializerOptions>>().Value;
    }

    [Fact]
    public void The_container_s_options_are_the_app_s_JSON_shape()
    {
        JsonSerializerOptions container = ContainerOptions();
        JsonSerializerOptions app = JsonDefaults.Options;

        Assert.Equal(
            (app.PropertyNamingPolicy, app.PropertyNameCaseInsensitive, app.NumberHandling, app.DefaultIgnoreCondition, app.MaxDepth),
            (container.PropertyNamingPolicy, container.PropertyNameCaseInsensitive, container.NumberHandling, container.DefaultIgnoreCondition, container.MaxDepth));
        Assert.Equal(app.Converters.Select(c => c.GetType()), container.Converters.Select(c => c.GetType()));
    }

    [Fact]
    public void An_input_deeper_than_System_Text_Json_s_default_and_a_journey_read_back_unchanged()
    {
        JsonSerializerOptions container = ContainerOptions();
        string deep = new string('[', 100) + new string(']', 100);
        JsonElement wrapped = JsonSerializer.Deserialize<JsonElement>(deep, JsonDefaults.Options);
        string journey = File.ReadAllText(Repository.File("samples/welcome-journey.json"));
        JourneyDefinition definition = JsonSerializer.Deserialize<JourneyDefinition>(journey, JsonDefaults.Options)!;
        JsonElement written = JsonSerializer.SerializeToElement(definition, JsonDefaults.Options);

        Assert.Equal(deep, wrapped.Deserialize<JsonElement>(container).GetRawText());
        Assert.Equal(written.GetRawText(), JsonSerializer.Serialize(written.Deserialize<JourneyDefinition>(container), JsonDefaults.Options));
    }
}

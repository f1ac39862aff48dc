using System.Text.Json;
using JourneyFunctions.Domain.Actions;

namespace JourneyFunctions.Domain.Tests;

public sealed class ActionSettingsTests
{
    [Fact]
    public void Numbers_of_an_object_setting_are_text_as_written_so_a_condition_on_the_same_number_matches()
    {
        var settings = new ActionSettings(JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(
            """{ "attributes": { "Small": 0.0000001, "Big": 1e21, "Whole": 500, "Flag": true, "Text": "x" } }"""));

        IReadOnlyDictionary<string, string?> map = settings.Map("attributes")!;

        Assert.Equal(("0.0000001", "1e21", "500", "true", "x"), (map["Small"], map["Big"], map["Whole"], map["Flag"], map["Text"]));
    }
}

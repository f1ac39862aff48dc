using System.Text.Json;
using System.Text.Json.Serialization;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Json;

namespace JourneyFunctions.Domain.Tests;

/// <summary>Whole-number members take what JSON Schema's <c>integer</c> takes: <c>2.0</c> is 2, <c>2.5</c> is no whole number.</summary>
public sealed class WholeNumberTests
{
    private static readonly JsonSerializerOptions Strict = new(JsonDefaults.Options) { NumberHandling = JsonNumberHandling.Strict };

    [Theory]
    [InlineData("2", 2)]
    [InlineData("2.0", 2)]
    [InlineData("2e0", 2)]
    [InlineData("-0.0", 0)]
    [InlineData("2147483647.000", int.MaxValue)]
    public void A_whole_number_is_read_however_it_is_written(string written, int expected) =>
        Assert.Equal(expected, JsonSerializer.Deserialize<ReentryPolicy>($$"""{"enabled":true,"maxEntries":{{written}}}""", Strict)!.MaxEntries);

    [Theory]
    [InlineData("2.5")]
    [InlineData("2147483648")]
    [InlineData("1e400")]
    [InlineData("\"2\"")]
    public void A_fraction_a_number_out_of_range_or_text_is_a_json_error_with_its_path(string written)
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ReentryPolicy>($$"""{"enabled":true,"maxEntries":{{written}}}""", Strict));

        Assert.Equal("$.maxEntries", error.Path);
    }
}

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
    [InlineData("20e-1", 2)]
    [InlineData("0.02E2", 2)]
    public void A_whole_number_is_read_however_it_is_written(string written, int expected) =>
        Assert.Equal(expected, JsonSerializer.Deserialize<ReentryPolicy>($$"""{"enabled":true,"maxEntries":{{written}}}""", Strict)!.MaxEntries);

    [Theory]
    [InlineData("2.5")]
    [InlineData("4.9999999999999999")]
    [InlineData("1.000000000000000000000000000001")]
    [InlineData("25e-1")]
    [InlineData("2147483648")]
    [InlineData("1e400")]
    [InlineData("\"2\"")]
    public void A_fraction_a_number_out_of_range_or_text_is_a_json_error_with_its_path(string written)
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ReentryPolicy>($$"""{"enabled":true,"maxEntries":{{written}}}""", Strict));

        Assert.Equal("$.maxEntries", error.Path);
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("-0", true)]
    [InlineData("1.5e1", true)]
    [InlineData("1e400", true)]
    [InlineData("100e-2", true)]
    [InlineData("-0.99999999999999999", false)]
    [InlineData("1000000.0000000000000001", false)]
    [InlineData("1e-400", false)]
    [InlineData("1e99999999999999999999", false)]
    public void Whole_is_decided_on_the_digits_as_written_not_on_a_rounded_double(string written, bool whole) =>
        Assert.Equal(whole, WholeNumberConverter.IsWhole(written));
}

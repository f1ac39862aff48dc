using System.Text.Json;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Json;

namespace JourneyFunctions.Domain.Tests;

/// <summary>Changes the process's time zone, so its tests run alone, after the others.</summary>
[CollectionDefinition(nameof(ProcessTimeZone), DisableParallelization = true)]
public sealed class ProcessTimeZone;

/// <summary>
/// A journey's date-times without an offset are UTC whatever the host's time zone (the README's "dates may leave out
/// seconds or the offset (UTC)"); with an offset they keep it. Run in a zone away from UTC, where the serializer's own
/// reading would take local time.
/// </summary>
[Collection(nameof(ProcessTimeZone))]
public sealed class JsonDatesTests
{
    [Theory]
    [InlineData("2026-05-01T09:00", "2026-05-01T09:00:00+00:00")]
    [InlineData("2026-05-01T09:00:30", "2026-05-01T09:00:30+00:00")]
    [InlineData("2026-05-01T09:00:30.5", "2026-05-01T09:00:30.5+00:00")]
    [InlineData("2026-05-01T09:00:00Z", "2026-05-01T09:00:00+00:00")]
    [InlineData("2026-05-01T09:00:00+02:00", "2026-05-01T09:00:00+02:00")]
    [InlineData("2026-05-01T09:00:00-05:00", "2026-05-01T09:00:00-05:00")]
    [InlineData("2026-05-01t09:00:00z", "2026-05-01T09:00:00+00:00")]
    [InlineData("2026-05-01T09:00:30.1234567+09:00", "2026-05-01T09:00:30.1234567+09:00")]
    [InlineData("2026-05-01T09:00:30.123456789Z", "2026-05-01T09:00:30.1234568+00:00")]
    public void A_date_time_without_an_offset_is_utc_and_one_with_an_offset_keeps_it(string given, string expected)
    {
        DateTimeOffset read = InZone("Asia/Tokyo", () => JsonSerializer.Deserialize<JourneyNode>($$"""{"id":"w","type":"wait","until":"{{given}}"}""", JsonDefaults.Options)!.Until!.Value);

        DateTimeOffset wanted = DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal((wanted, wanted.Offset), (read, read.Offset));
    }

    [Theory]
    [InlineData("\"tomorrow\"")]
    [InlineData("\"2026-13-01T09:00\"")]
    [InlineData("20260501")]
    [InlineData("\"2026-05-01\"")]
    [InlineData("\"2026-05-01T09\"")]
    [InlineData("\"2026-05-01T09:00:00+09\"")]
    [InlineData("\"2026-05-01T09:00:00.Z\"")]
    [InlineData("\"2026-05-01 09:00:00Z\"")]
    public void A_value_that_is_no_rfc_3339_date_time_is_a_json_error_with_its_path(string given)
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<JourneyNode>($$"""{"id":"w","type":"wait","until":{{given}}}""", JsonDefaults.Options));

        Assert.Equal("$.until", error.Path);
    }

    private static T InZone<T>(string zone, Func<T> read)
    {
        string? before = Environment.GetEnvironmentVariable("TZ");
        Environment.SetEnvironmentVariable("TZ", zone);
        TimeZoneInfo.ClearCachedData();
        try
        {
            Assert.NotEqual(TimeSpan.Zero, TimeZoneInfo.Local.BaseUtcOffset);
            return read();
        }
        finally
        {
            Environment.SetEnvironmentVariable("TZ", before);
            TimeZoneInfo.ClearCachedData();
        }
    }
}

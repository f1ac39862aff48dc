using Azure.Data.Tables;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;

namespace JourneyFunctions.Domain.Tests;

public sealed class LargeTextTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(30_000)]
    [InlineData(200_001)]
    public void Text_of_any_length_round_trips_in_properties_a_table_accepts(int length)
    {
        string text = string.Concat(Enumerable.Range(0, length).Select(i => (char)('a' + (i % 26))));
        var entity = new TableEntity("p", "r");

        LargeText.Write(entity, "Json", text);

        Assert.Equal(text, LargeText.Read(entity, "Json"));
        Assert.All(entity.Select(p => p.Value).OfType<string>(), value => Assert.True(value.Length <= 32 * 1024));
    }

    [Fact]
    public void A_surrogate_pair_across_a_chunk_boundary_stays_whole_in_one_property()
    {
        string text = new string('a', 29_999) + "\U0001F600" + new string('b', 40_000);
        var entity = new TableEntity("p", "r");

        LargeText.Write(entity, "Body", text);

        Assert.Equal(text, LargeText.Read(entity, "Body"));
        Assert.All(entity.Select(p => p.Value).OfType<string>(), value =>
            Assert.False(value.Length > 0 && (char.IsHighSurrogate(value[^1]) || char.IsLowSurrogate(value[0])), "a property holds half a surrogate pair"));
    }

    [Fact]
    public void Shorter_text_drops_the_old_chunks()
    {
        var entity = new TableEntity("p", "r");
        LargeText.Write(entity, "Json", new string('x', 100_000));

        LargeText.Write(entity, "Json", "short");

        Assert.Equal("short", LargeText.Read(entity, "Json"));
        Assert.DoesNotContain(entity.Keys, k => k.StartsWith("Json_", StringComparison.Ordinal));
    }
}

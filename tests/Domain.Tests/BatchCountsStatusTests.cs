using System.Text.Json;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Json;

namespace JourneyFunctions.Domain.Tests;

/// <summary>A batch's counts as its custom status: compact enough for the Functions host's 16 KB, read back exactly.</summary>
public sealed class BatchCountsStatusTests
{
    [Fact]
    public void Counts_read_back_as_they_were_written()
    {
        var counts = new Dictionary<string, NodeCounts>
        {
            ["start"] = new() { Reached = 500, Left = 500, PeopleReached = 5_000, PeopleLeft = 5_000 },
            ["score"] = new() { Reached = 500, Current = 3, Left = 497, PeopleReached = 5_000, PeopleCurrent = 30, PeopleLeft = 4_970, PeopleAffected = 4_900, PeopleSkipped = 70 },
            ["end"] = new(),
        };

        string status = JsonSerializer.Serialize(new BatchCountsStatus(counts));

        Assert.Contains("\"end\":[]", status, StringComparison.Ordinal);
        Assert.Contains("\"start\":[500,0,500,5000,0,5000]", status, StringComparison.Ordinal);
        Assert.Equal(counts, BatchCountsStatus.Parse(status));
    }

    [Fact]
    public void A_batch_that_has_not_counted_yet_has_no_counts() => Assert.Empty(BatchCountsStatus.Parse("null"));

    [Fact]
    public void The_earlier_form_of_an_object_per_node_is_still_read()
    {
        var counts = new Dictionary<string, NodeCounts> { ["wait"] = new() { Reached = 7, Current = 7, PeopleReached = 70, PeopleCurrent = 70 } };

        Assert.Equal(counts, BatchCountsStatus.Parse(JsonSerializer.Serialize(counts, JsonDefaults.Options)));
    }

    [Fact]
    public void A_hundred_and_fifty_nodes_with_ids_of_ten_characters_fit_the_hosts_limit()
    {
        Dictionary<string, NodeCounts> counts = Enumerable.Range(0, 150).ToDictionary(
            i => $"node-{i:D5}",
            _ => new NodeCounts { Reached = 1_000, Left = 1_000, PeopleReached = 10_000, PeopleLeft = 10_000, PeopleAffected = 10_000 });

        Assert.InRange(JsonSerializer.Serialize(new BatchCountsStatus(counts)).Length, 1, BatchCountsStatus.MaxChars);
    }
}

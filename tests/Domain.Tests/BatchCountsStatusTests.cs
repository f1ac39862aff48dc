using System.Text.Json;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Json;

namespace JourneyFunctions.Domain.Tests;

public sealed class BatchCountsStatusTests
{
    [Fact]
    public void Counts_past_the_Functions_hosts_cap_leave_the_last_nodes_out_instead_of_passing_it()
    {
        var counts = Enumerable.Range(0, 500).ToDictionary(
            i => $"node-{i:D3}-" + new string('x', 118),
            i => new NodeCounts { Reached = 500, Current = i % 500, Left = 500, PeopleReached = 5000, PeopleCurrent = 4999, PeopleLeft = 5000, PeopleAffected = 123, PeopleSkipped = 45 });

        string status = JsonSerializer.Serialize(new BatchCountsStatus(counts), JsonDefaults.Options);
        Dictionary<string, NodeCounts> parsed = BatchCountsStatus.Parse(status);

        Assert.InRange(status.Length, BatchCountsStatus.MaxChars - 200, BatchCountsStatus.MaxChars);
        Assert.Equal(counts.Keys.Take(parsed.Count), parsed.Keys);
        Assert.Equal(500 - parsed.Count, JsonDocument.Parse(status).RootElement.GetProperty(BatchCountsStatus.Omitted)[0].GetInt32());
        Assert.Equal(counts.First().Value.PeopleSkipped, parsed.First().Value.PeopleSkipped);
    }

    [Fact]
    public void Counts_within_the_cap_are_written_whole()
    {
        var counts = new Dictionary<string, NodeCounts> { ["start"] = new() { Reached = 10, Left = 10 }, ["wait"] = new() { Reached = 10, Current = 10 } };

        string status = JsonSerializer.Serialize(new BatchCountsStatus(counts), JsonDefaults.Options);

        Assert.Equal("""{"start":[10,0,10],"wait":[10,10]}""", status);
        Assert.Equal(2, BatchCountsStatus.Parse(status).Count);
    }
}

using Azure.Data.Tables;
using JourneyFunctions.Domain.Effects;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Effects;

namespace JourneyFunctions.Activities.Tests;

/// <summary>
/// The effect journal: a call's targets packed into one row per slice in the call's own partition, each target read
/// back once, a retry merged into the rows it meets.
/// </summary>
public sealed class EffectJournalTests
{
    [Fact]
    public async Task A_calls_targets_are_a_row_per_slice_and_a_retry_merges_into_them_each_target_once()
    {
        ActionBed bed = await ActionBed.CreateAsync(accounts: 1, people: 1);
        Effect[] effects = [.. Enumerable.Range(0, 500).Select(i => new Effect(bed.RunId, "tag", $"{bed.Prefix}-target-{i:D3}", "tag", "tagged"))];
        var group = new EffectGroup("call-1", Slices: 5);

        Assert.Equal(500, await bed.Effects.RecordAsync(effects, group));
        Assert.InRange((await RowsAsync(bed.RunId)).Count, 1, 5);

        // A retry that has only 300 of the targets now, with another word on them: the other 200 keep theirs.
        await bed.Effects.RecordAsync(effects.Take(300).Select(e => e with { Detail = "tagged again" }), group);

        List<Effect> journal = await bed.Effects.GetRunEffectsAsync(bed.RunId);
        Assert.Equal(500, await bed.Effects.CountRunEffectsAsync(bed.RunId));
        Assert.Equal(effects.Select(e => e.TargetId).Order(StringComparer.Ordinal), journal.Select(e => e.TargetId).Order(StringComparer.Ordinal));
        Assert.Equal(300, journal.Count(e => e.Detail == "tagged again"));
        Assert.All(journal.Where(e => e.Detail == "tagged"), e => Assert.True(string.CompareOrdinal(e.TargetId, effects[300].TargetId) >= 0));
        Assert.Single((await RowsAsync(bed.RunId)).Select(r => r.PartitionKey).Distinct());
    }

    [Fact]
    public async Task A_slice_too_long_for_one_row_goes_on_in_the_next_and_a_retry_that_needs_fewer_rows_removes_the_rest()
    {
        ActionBed bed = await ActionBed.CreateAsync(accounts: 1, people: 1);
        var group = new EffectGroup("call-long", Slices: 1);
        // 300 details of 2,500 characters, each cut to 2,000: 600,000 characters, more than one row holds.
        Effect[] effects = [.. Enumerable.Range(0, 300).Select(i => new Effect(bed.RunId, "note", $"t-{i:D3}", "note", $"{i:D3}" + new string('x', 2_497)))];

        await bed.Effects.RecordAsync(effects, group);

        Assert.True((await RowsAsync(bed.RunId)).Count > 1);
        List<Effect> journal = await bed.Effects.GetRunEffectsAsync(bed.RunId);
        Assert.Equal(300, journal.Count);
        Assert.All(journal, e => Assert.Equal(EffectStore.MaxDetailChars, e.Detail.Length));
        Assert.All(journal, e => Assert.EndsWith("…", e.Detail, StringComparison.Ordinal));

        await bed.Effects.RecordAsync(effects.Select(e => e with { Detail = "short" }), group);

        Assert.Single(await RowsAsync(bed.RunId));
        Assert.All(await bed.Effects.GetRunEffectsAsync(bed.RunId), e => Assert.Equal("short", e.Detail));
        Assert.Equal(300, await bed.Effects.CountRunEffectsAsync(bed.RunId));
    }

    [Fact]
    public async Task Details_in_any_script_with_quotes_read_back_as_written()
    {
        ActionBed bed = await ActionBed.CreateAsync(accounts: 1, people: 1);
        // 200 distinct details of 1,900 Korean characters, quotes and backslashes: kept as text, not as \uXXXX escapes
        // six characters each, so the rows stay inside the entity limit.
        Effect[] effects = [.. Enumerable.Range(0, 200).Select(i => new Effect(bed.RunId, "note", $"t-{i:D3}", "note", $"{i:D3} \"직함\" \\ " + new string('변', 1_890)))];

        await bed.Effects.RecordAsync(effects, new EffectGroup("call-korean", Slices: 1));

        Assert.Equal(effects.OrderBy(e => e.TargetId, StringComparer.Ordinal), (await bed.Effects.GetRunEffectsAsync(bed.RunId)).OrderBy(e => e.TargetId, StringComparer.Ordinal));
        // Azure refuses an entity over 1 MiB (strings count two bytes a character); Azurite does not check, so this does.
        Assert.All(await RowsAsync(bed.RunId, allColumns: true), row => Assert.InRange(row.Select(p => p.Value).OfType<string>().Sum(v => v.Length), 1, 480_000));
    }

    [Fact]
    public async Task Two_attempts_of_a_call_merging_at_once_keep_each_others_targets()
    {
        ActionBed bed = await ActionBed.CreateAsync(accounts: 1, people: 1);
        var group = new EffectGroup("call-twice", Slices: 2);
        Effect Tagged(int i) => new(bed.RunId, "tag", $"t-{i:D3}", "tag", "tagged");
        await bed.Effects.RecordAsync(Enumerable.Range(0, 100).Select(Tagged), group);

        // Both meet the first attempt's rows, and each has targets the other has not.
        await Task.WhenAll(
            bed.Effects.RecordAsync(Enumerable.Range(0, 150).Select(Tagged), group),
            bed.Effects.RecordAsync(Enumerable.Range(0, 100).Concat(Enumerable.Range(150, 50)).Select(Tagged), group));

        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"t-{i:D3}"), (await bed.Effects.GetRunEffectsAsync(bed.RunId)).Select(e => e.TargetId).Order(StringComparer.Ordinal));
        Assert.Equal(200, await bed.Effects.CountRunEffectsAsync(bed.RunId));
    }

    [Fact]
    public async Task A_row_written_before_the_journal_was_packed_reads_as_its_one_target()
    {
        ActionBed bed = await ActionBed.CreateAsync(accounts: 1, people: 1);
        string partition = $"{bed.RunId}~old~0123456789abcdef~000";
        await ActionBed.Storage.Table(TableNames.Effects[StableId.Bucket(partition, TableNames.EffectShards)]).AddEntityAsync(
            new TableEntity(partition, "old~t-1") { ["NodeId"] = "old", ["TargetId"] = "t-1", ["Action"] = "tag", ["Detail"] = "tagged" });
        await bed.Effects.RecordAsync([new Effect(bed.RunId, "new", "t-2", "tag", "tagged")], new EffectGroup("call-new", Slices: 1));

        Assert.Equal([new Effect(bed.RunId, "new", "t-2", "tag", "tagged"), new Effect(bed.RunId, "old", "t-1", "tag", "tagged")], (await bed.Effects.GetRunEffectsAsync(bed.RunId)).OrderBy(e => e.NodeId, StringComparer.Ordinal));
        Assert.Equal(2, await bed.Effects.CountRunEffectsAsync(bed.RunId));
    }

    [Fact]
    public async Task A_nodes_journal_pages_through_every_call_row_and_table_each_target_once_and_no_other_nodes()
    {
        ActionBed bed = await ActionBed.CreateAsync(accounts: 1, people: 1);
        // Twelve calls (partitions spread over the eight tables), some of more than one row, and a node whose id
        // starts with this one's, which is another node.
        List<Effect> expected = [];
        for (int call = 0; call < 12; call++)
        {
            Effect[] effects = [.. Enumerable.Range(0, call % 3 == 0 ? 700 : 37).Select(i => new Effect(bed.RunId, "tag", $"c{call:D2}-t{i:D3}", "tag", i % 2 == 0 ? "tagged" : "skipped: no email"))];
            await bed.Effects.RecordAsync(effects, new EffectGroup($"call-{call}", Slices: 1));
            expected.AddRange(effects);
        }

        await bed.Effects.RecordAsync([new Effect(bed.RunId, "tag2", "other", "tag", "tagged")], new EffectGroup("call-x", Slices: 1));
        Assert.Equal(13, (await RowsAsync(bed.RunId, allColumns: true)).Select(r => r.PartitionKey).Distinct().Count());

        foreach (int pageSize in new[] { 1000, 333, 7 })
        {
            List<Effect> listed = [];
            string? position = null;
            int pages = 0;
            do
            {
                (List<Effect> items, position) = await bed.Effects.ListNodeAsync(bed.RunId, "tag", position, pageSize);
                Assert.True(items.Count == pageSize || position is null, $"A page of {items.Count} before the last (page size {pageSize}).");
                listed.AddRange(items);
                pages++;
            }
            while (position is not null);

            Assert.Equal(expected.OrderBy(e => e.TargetId, StringComparer.Ordinal), listed.OrderBy(e => e.TargetId, StringComparer.Ordinal));
            Assert.Equal((expected.Count + pageSize - 1) / pageSize, pages);
        }

        Assert.Empty((await bed.Effects.ListNodeAsync(bed.RunId, "nobody", null, 100)).Items);
        await Assert.ThrowsAsync<FormatException>(() => bed.Effects.ListNodeAsync(bed.RunId, "tag", $"0\n{bed.RunId}~tag2~x\n000.0\n0", 100));
        await Assert.ThrowsAsync<FormatException>(() => bed.Effects.ListNodeAsync(bed.RunId, "tag", "9\nx\ny\n0", 100));
    }

    private static async Task<List<TableEntity>> RowsAsync(string runId, bool allColumns = false)
    {
        string filter = TableClient.CreateQueryFilter($"PartitionKey ge {runId + "~"} and PartitionKey lt {runId + "\u007f"}");
        List<TableEntity> rows = [];
        foreach (string name in TableNames.Effects)
        {
            await foreach (TableEntity row in ActionBed.Storage.Table(name).QueryAsync<TableEntity>(filter, select: allColumns ? null : ["RowKey"]))
            {
                rows.Add(row);
            }
        }

        return rows;
    }
}

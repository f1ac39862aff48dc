using Azure.Data.Tables;
using JourneyFunctions.Domain.Effects;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage.Effects;

namespace JourneyFunctions.Activities.Tests;

/// <summary>The effect journal over its several tables: a run's rows are found wherever their partition put them, once each.</summary>
public sealed class EffectJournalTests
{
    [Fact]
    public async Task A_runs_effects_spread_over_the_tables_are_read_and_counted_once_even_after_a_retried_write()
    {
        ActionBed bed = await ActionBed.CreateAsync(accounts: 1, people: 1);
        Effect[] effects = [.. Enumerable.Range(0, 500).Select(i => new Effect(bed.RunId, "tag", $"{bed.Prefix}-target-{i:D3}", "tag", "tagged"))];
        var group = new EffectGroup("call-1", Slices: 40);

        await bed.Effects.RecordAsync(effects, group);
        await bed.Effects.RecordAsync(effects.Take(300), group);

        List<TableEntity> rows = await bed.Effects.GetRunRowsAsync(bed.RunId, ["TargetId"]);
        Assert.Equal(500, await bed.Effects.CountRunEffectsAsync(bed.RunId));
        Assert.Equal(effects.Select(e => e.TargetId).Order(StringComparer.Ordinal), rows.Select(r => r.GetString("TargetId")).Order(StringComparer.Ordinal));
        Assert.All(await RowsPerTableAsync(bed.RunId), n => Assert.InRange(n, 1, 499));
        Assert.Equal(500, (await bed.Effects.GetRunEffectsAsync(bed.RunId)).Count);
    }

    private static async Task<int[]> RowsPerTableAsync(string runId)
    {
        string filter = TableClient.CreateQueryFilter($"PartitionKey ge {runId + "~"} and PartitionKey lt {runId + "\u007f"}");
        return await Task.WhenAll(TableNames.Effects.Select(async name =>
        {
            int count = 0;
            await foreach (TableEntity _ in ActionBed.Storage.Table(name).QueryAsync<TableEntity>(filter, select: ["RowKey"]))
            {
                count++;
            }

            return count;
        }));
    }
}

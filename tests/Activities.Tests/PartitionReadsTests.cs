using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using JourneyFunctions.Storage;
using JourneyFunctions.Testing;

namespace JourneyFunctions.Activities.Tests;

/// <summary>
/// <see cref="PartitionReads"/>: the rows of exactly the partitions asked for, a range query when they lie together,
/// and about a first page of other partitions' rows at most when they are a few among many. The table holds 600
/// partitions of 7 rows (keys p000..p599; a first page of 100 rows ends inside a partition) and, in each, a row the
/// filter leaves out.
/// </summary>
[Trait("Tier", "Integration")] // Azurite
public sealed class PartitionReadsTests : IAsyncLifetime
{
    private const int Partitions = 600;
    private const int RowsEach = 7;

    private readonly ReadCounter _reads = new();
    private readonly TableClient _table;
    private readonly string _rows = TableClient.CreateQueryFilter($"RowKey lt {"~"}");

    public PartitionReadsTests()
    {
        var options = new TableClientOptions();
        options.AddPolicy(_reads, HttpPipelinePosition.PerCall);
        _table = new TableClient(TestStorage.ConnectionString, "PartitionReads" + Guid.NewGuid().ToString("N")[..12], options);
    }

    public async Task InitializeAsync()
    {
        await _table.CreateAsync();
        await Parallel.ForEachAsync(Enumerable.Range(0, Partitions), async (p, ct) =>
            await _table.SubmitTransactionAsync(
                Enumerable.Range(0, RowsEach).Select(r => new TableEntity(Key(p), $"r{r:D2}"))
                    .Append(new TableEntity(Key(p), "~marker"))
                    .Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)),
                ct));
    }

    public Task DisposeAsync() => _table.DeleteAsync();

    [Fact]
    public async Task Partitions_that_lie_together_are_one_range_query_of_a_first_page_and_the_rest()
    {
        string[] asked = [.. Enumerable.Range(40, 80).Select(Key)];

        List<TableEntity> rows = await ReadAsync(asked);

        AssertExactly(asked, rows);
        Assert.Equal(2, _reads.Requests);
        Assert.Equal(80 * RowsEach, _reads.Rows);
    }

    [Fact]
    public async Task A_few_partitions_among_many_read_about_a_first_page_of_others_at_most()
    {
        // Every 60th: 413 rows of others between one asked partition and the next.
        string[] asked = [.. Enumerable.Range(0, 10).Select(i => Key(i * 60))];

        List<TableEntity> rows = await ReadAsync(asked);

        AssertExactly(asked, rows);
        Assert.InRange(_reads.Rows, asked.Length * RowsEach, (asked.Length * RowsEach) + PartitionReads.FirstPageRows);
    }

    [Fact]
    public async Task A_partition_the_range_leaves_in_the_middle_of_is_read_whole_once()
    {
        // The first page (100 rows: p000 to 2 of p014's 7) is mostly others' rows and ends inside p014, which is
        // asked for: its 2 rows are dropped and it is read again whole with p200.
        string[] asked = [Key(0), Key(14), Key(200)];

        List<TableEntity> rows = await ReadAsync(asked);

        AssertExactly(asked, rows);
    }

    [Fact]
    public async Task The_columns_asked_for_and_no_partition_not_asked_for_come_back()
    {
        string[] asked = [Key(5), Key(250), "p999-not-stored"];

        List<TableEntity> rows = await PartitionReads.GetAsync(_table, asked, _rows, ["PartitionKey"]);

        Assert.Equal(2 * RowsEach, rows.Count);
        Assert.All(rows, r => Assert.Contains(r.PartitionKey, asked));
    }

    private static string Key(int partition) => $"p{partition:D3}";

    private async Task<List<TableEntity>> ReadAsync(string[] asked)
    {
        _reads.Reset();
        return await PartitionReads.GetAsync(_table, asked, _rows);
    }

    private static void AssertExactly(string[] asked, List<TableEntity> rows)
    {
        Assert.Equal(
            asked.SelectMany(p => Enumerable.Range(0, RowsEach).Select(r => $"{p}/r{r:D2}")).Order(StringComparer.Ordinal),
            rows.Select(r => $"{r.PartitionKey}/{r.RowKey}").Order(StringComparer.Ordinal));
    }

    /// <summary>Counts the query requests and the rows their answers hold.</summary>
    private sealed class ReadCounter : HttpPipelinePolicy
    {
        private int _requests;
        private int _rows;

        public int Requests => _requests;

        public int Rows => _rows;

        public void Reset() => (_requests, _rows) = (0, 0);

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) => throw new NotSupportedException();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            if (message.Request.Method != RequestMethod.Get || message.Response.ContentStream is not { CanSeek: true } body)
            {
                return;
            }

            using JsonDocument answer = await JsonDocument.ParseAsync(body);
            body.Position = 0;
            if (answer.RootElement.TryGetProperty("value", out JsonElement values))
            {
                Interlocked.Increment(ref _requests);
                Interlocked.Add(ref _rows, values.GetArrayLength());
            }
        }
    }
}

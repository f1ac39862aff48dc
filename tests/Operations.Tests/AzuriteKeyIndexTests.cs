using Azure;
using Azure.Data.Tables;
using JourneyFunctions.Testing;

namespace JourneyFunctions.Operations.Tests;

/// <summary>
/// <c>tools/azurite/key-indexed-reads.js</c> makes the local Azurite answer point reads and partition-keyed queries from
/// its key indices instead of scanning: it must return exactly the rows Azurite returned before. The keys here are the
/// ones its index orders differently from the Table service (numbers, "Infinity", leading spaces and signs, a key
/// that is a prefix of another), so a lookup that trusted the index's order or its loose equality would show here.
/// The same tests pass with the patch switched off (<c>AZURITE_KEY_INDEX=0</c>).
/// </summary>
[Trait("Tier", "Integration")] // Azurite
public sealed class AzuriteKeyIndexTests : IAsyncLifetime
{
    private static readonly string[] Keys =
    [
        "a", "a~1", "a~10", "a~9", "ab", "b", "A", "Z", "z", "1", "01", "1.0", "10", "9", "9a", "0x1", " 1", "-1", "+1",
        "Infinity", "I", "i", "e5", "E", "~", "a\u00e9", "journey~run~00", "journey~run~01", "journey~run~15",
        "0~1", "0~9", "0~a", "0x~1", "run-1", "run-10", "run-9", "run-a", "b1a2b3c-000001", "b1a2b3c-000450", "b1a2b3c-000500", "b1a2b3c-1",
        "1e~", "+I~", "0b2", "0o8",
    ];

    /// <summary>
    /// Keys LokiJS compares as plain strings (none number-like): a table of only these is walked in key order and each
    /// page stops once it is full, so paging must still see every row once and in the service's order.
    /// </summary>
    private static readonly string[] PlainKeys =
    [
        "a", "a~1", "a~10", "a~9", "ab", "b", "A", "Z", "z", "9a", "I", "i", "e5", "E", "~", "a\u00e9", "journey~run~00",
        "journey~run~01", "0~1", "0~a", "0x~1", "run-1", "run-10", "run-9", "run-a", "b1a2b3c-000001", "b1a2b3c-1", "1e~", "+I~", "0o8",
    ];

    private readonly TableClient _table = new TableServiceClient(TestStorage.ConnectionString).GetTableClient("KeyIndex" + Guid.NewGuid().ToString("N")[..12]);
    private readonly TableClient _plain = new TableServiceClient(TestStorage.ConnectionString).GetTableClient("KeyIndexPlain" + Guid.NewGuid().ToString("N")[..12]);
    private readonly HashSet<(string Partition, string Row)> _stored = [];
    private readonly HashSet<(string Partition, string Row)> _storedPlain = [];

    public async Task InitializeAsync()
    {
        await FillAsync(_table, Keys, _stored);
        await FillAsync(_plain, PlainKeys, _storedPlain);
    }

    public async Task DisposeAsync()
    {
        await _table.DeleteAsync();
        await _plain.DeleteAsync();
    }

    [Fact]
    public async Task A_point_read_finds_exactly_its_row_or_none()
    {
        foreach (string partition in Keys)
        {
            foreach (string row in Keys)
            {
                NullableResponse<TableEntity> read = await _table.GetEntityIfExistsAsync<TableEntity>(partition, row);
                Assert.Equal(_stored.Contains((partition, row)), read.HasValue);
                if (read.HasValue)
                {
                    Assert.Equal($"{partition}|{row}", read.Value!.GetString("Pair"));
                }
            }
        }
    }

    [Fact]
    public async Task A_point_read_among_plain_keys_finds_exactly_its_row_or_none_also_when_many_partitions_share_its_row_key()
    {
        // More partitions share this RowKey than a lookup walks along the RowKey index before it weighs the partition's
        // range, and the first of them holds more rows still, so its row is found through the whole RowKey range.
        string[] sharing = [.. Enumerable.Range(0, 100).Select(i => $"shared-{i:D3}")];
        foreach (string partition in sharing.Where((_, i) => i % 5 != 0))
        {
            await _plain.AddEntityAsync(new TableEntity(partition, "shared-row") { ["Pair"] = $"{partition}|shared-row" });
            _storedPlain.Add((partition, "shared-row"));
        }

        foreach (TableTransactionAction[] chunk in Enumerable.Range(0, 100)
            .Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(sharing[1], $"row-{i:D3}") { ["Pair"] = $"{sharing[1]}|row-{i:D3}" }))
            .Chunk(100))
        {
            await _plain.SubmitTransactionAsync(chunk);
            _storedPlain.UnionWith(chunk.Select(a => (a.Entity.PartitionKey, a.Entity.RowKey)));
        }

        foreach (string partition in PlainKeys.Concat(sharing))
        {
            foreach (string row in PlainKeys.Append("shared-row"))
            {
                NullableResponse<TableEntity> read = await _plain.GetEntityIfExistsAsync<TableEntity>(partition, row);
                Assert.True(_storedPlain.Contains((partition, row)) == read.HasValue, $"({partition}, {row}): found {read.HasValue}");
                Assert.Equal(read.HasValue ? $"{partition}|{row}" : null, read.HasValue ? read.Value!.GetString("Pair") : null);
            }
        }
    }

    [Fact]
    public async Task Writes_that_look_their_row_up_first_find_the_right_one()
    {
        // An insert over a stored row conflicts, one beside it (a loosely equal key) does not.
        await Assert.ThrowsAsync<RequestFailedException>(() => _table.AddEntityAsync(new TableEntity("01", "a")));
        await _table.AddEntityAsync(new TableEntity("001", "a") { ["Pair"] = "001|a" });
        Assert.Equal("001|a", (await _table.GetEntityAsync<TableEntity>("001", "a")).Value.GetString("Pair"));
        Assert.Equal("01|a", (await _table.GetEntityAsync<TableEntity>("01", "a")).Value.GetString("Pair"));

        // An update and a delete change only their own row.
        await _table.UpsertEntityAsync(new TableEntity("1", "ab") { ["Pair"] = "changed" }, TableUpdateMode.Replace);
        await _table.DeleteEntityAsync("1.0", "b");
        Assert.Equal("changed", (await _table.GetEntityAsync<TableEntity>("1", "ab")).Value.GetString("Pair"));
        Assert.False((await _table.GetEntityIfExistsAsync<TableEntity>("1.0", "b")).HasValue);
        Assert.Equal("01|ab", (await _table.GetEntityAsync<TableEntity>("01", "ab")).Value.GetString("Pair"));

        // Merges (which keep a row's place in the key indices) leave every row findable by key and by query.
        foreach ((string partition, string row) in _stored.Where(r => r.Partition is "01" or "a~1" or "Infinity").ToList())
        {
            await _table.UpsertEntityAsync(new TableEntity(partition, row) { ["Merged"] = true }, TableUpdateMode.Merge);
        }

        foreach ((string partition, string row) in _stored.Where(r => r.Partition is "01" or "a~1" or "Infinity"))
        {
            TableEntity merged = (await _table.GetEntityAsync<TableEntity>(partition, row)).Value;
            Assert.True(merged.GetBoolean("Merged"));
            Assert.Equal($"{partition}|{row}", merged.GetString("Pair"));
        }

        _stored.Remove(("1.0", "b"));
        _stored.Add(("001", "a"));
        await AssertQueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {"01"}"), r => r.Partition == "01");
        await AssertQueryAsync(TableClient.CreateQueryFilter($"PartitionKey ge {"a~"} and PartitionKey lt {"a~\u007f"} and Merged eq {true}"), r => r.Partition == "a~1");
    }

    [Fact]
    public async Task A_query_on_one_partition_returns_exactly_its_rows()
    {
        foreach (string partition in Keys)
        {
            await AssertQueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), r => r.Partition == partition);
            await AssertQueryAsync(
                TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {"a"} and RowKey lt {"b"}"),
                r => r.Partition == partition && Ordinal(r.Row, "a") >= 0 && Ordinal(r.Row, "b") < 0);
        }
    }

    [Theory]
    [InlineData("a", "b")]
    [InlineData("a~", "a~\u007f")]
    [InlineData("journey~run~", "journey~run~\u007f")]
    [InlineData("journey~run~00", "journey~run~01")]
    [InlineData("A", "Z")]
    [InlineData("E", "e5")]
    [InlineData("0", "A")]
    [InlineData(" ", "~")]
    [InlineData("1", "9")]
    [InlineData("Infinity", "a")]
    [InlineData("0~", "0~\u007f")]
    [InlineData("0x~", "0x~\u007f")]
    [InlineData("run-", "run-\u007f")]
    [InlineData("run-1", "run-9")]
    [InlineData("b1a2b3c-000000", "b1a2b3c-000499")]
    [InlineData("1e~", "1e~\u007f")]
    [InlineData("+I~", "+I\u007f")]
    [InlineData("0b2", "0b9")]
    [InlineData("0o8", "0o9")]
    public async Task A_query_on_a_partition_range_returns_exactly_its_rows(string low, string high)
    {
        await AssertQueryAsync(TableClient.CreateQueryFilter($"PartitionKey ge {low} and PartitionKey lt {high}"), r => Ordinal(r.Partition, low) >= 0 && Ordinal(r.Partition, high) < 0);
        await AssertQueryAsync(TableClient.CreateQueryFilter($"PartitionKey gt {low} and PartitionKey le {high}"), r => Ordinal(r.Partition, low) > 0 && Ordinal(r.Partition, high) <= 0);
        await AssertQueryAsync(
            TableClient.CreateQueryFilter($"PartitionKey ge {low} and RowKey eq {"a"} and PartitionKey lt {high}"),
            r => Ordinal(r.Partition, low) >= 0 && Ordinal(r.Partition, high) < 0 && r.Row == "a");
        // Not a plain conjunction: the whole table is looked at, as before.
        await AssertQueryAsync(
            TableClient.CreateQueryFilter($"PartitionKey ge {low} and PartitionKey lt {high} or RowKey eq {"z"}"),
            r => (Ordinal(r.Partition, low) >= 0 && Ordinal(r.Partition, high) < 0) || r.Row == "z");
    }

    [Fact]
    public async Task A_query_pages_through_a_partition_range_without_losing_or_repeating_rows()
    {
        var seen = new List<(string, string)>();
        await foreach (Page<TableEntity> page in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {"a"} and PartitionKey lt {"z"}"), maxPerPage: 7).AsPages())
        {
            seen.AddRange(page.Values.Select(e => (e.PartitionKey, e.RowKey)));
        }

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.True(_stored.Where(r => Ordinal(r.Partition, "a") >= 0 && Ordinal(r.Partition, "z") < 0).ToHashSet().SetEquals(seen));
    }

    [Theory]
    [InlineData(null, 11)]
    [InlineData("RowKey lt 'b'", 7)]
    [InlineData("RowKey eq 'z'", 2)]
    [InlineData("PartitionKey ge 'a' and PartitionKey le 'run-9'", 5)]
    [InlineData("PartitionKey gt 'a~1' and PartitionKey lt 'b1a2b3c-1' and RowKey ge 'E'", 4)]
    [InlineData("PartitionKey eq 'a~1'", 3)]
    [InlineData("PartitionKey eq 'a~1' or RowKey eq 'i'", 3)]
    [InlineData("PartitionKey gt 'zz'", 3)]
    [InlineData("RowKey ge 'a' and RowKey le 'b'", 4)]
    [InlineData("PartitionKey ge 'a' and PartitionKey lt 'z' and RowKey ge 'run-1' and RowKey le 'run-9'", 5)]
    [InlineData("PartitionKey eq 'run-1' and RowKey ge 'run-1' and RowKey le 'run-9'", 1)]
    public async Task Pages_of_a_table_of_plain_keys_hold_every_matching_row_once_in_key_order(string? filter, int pageSize)
    {
        var seen = new List<(string Partition, string Row)>();
        await foreach (Page<TableEntity> page in _plain.QueryAsync<TableEntity>(filter, maxPerPage: pageSize).AsPages())
        {
            Assert.InRange(page.Values.Count, 0, pageSize);
            seen.AddRange(page.Values.Select(e => (e.PartitionKey, e.RowKey)));
        }

        Func<(string Partition, string Row), bool> matches = filter switch
        {
            null => _ => true,
            "RowKey lt 'b'" => r => Ordinal(r.Row, "b") < 0,
            "RowKey eq 'z'" => r => r.Row == "z",
            "PartitionKey ge 'a' and PartitionKey le 'run-9'" => r => Ordinal(r.Partition, "a") >= 0 && Ordinal(r.Partition, "run-9") <= 0,
            "PartitionKey gt 'a~1' and PartitionKey lt 'b1a2b3c-1' and RowKey ge 'E'" =>
                r => Ordinal(r.Partition, "a~1") > 0 && Ordinal(r.Partition, "b1a2b3c-1") < 0 && Ordinal(r.Row, "E") >= 0,
            "PartitionKey eq 'a~1'" => r => r.Partition == "a~1",
            "PartitionKey eq 'a~1' or RowKey eq 'i'" => r => r.Partition == "a~1" || r.Row == "i",
            "RowKey ge 'a' and RowKey le 'b'" => r => Ordinal(r.Row, "a") >= 0 && Ordinal(r.Row, "b") <= 0,
            "PartitionKey ge 'a' and PartitionKey lt 'z' and RowKey ge 'run-1' and RowKey le 'run-9'" =>
                r => Ordinal(r.Partition, "a") >= 0 && Ordinal(r.Partition, "z") < 0 && Ordinal(r.Row, "run-1") >= 0 && Ordinal(r.Row, "run-9") <= 0,
            "PartitionKey eq 'run-1' and RowKey ge 'run-1' and RowKey le 'run-9'" =>
                r => r.Partition == "run-1" && Ordinal(r.Row, "run-1") >= 0 && Ordinal(r.Row, "run-9") <= 0,
            _ => r => Ordinal(r.Partition, "zz") > 0,
        };
        Assert.Equal(_storedPlain.Where(matches).OrderBy(r => r.Partition, StringComparer.Ordinal).ThenBy(r => r.Row, StringComparer.Ordinal), seen);
    }

    [Fact]
    public async Task A_row_is_found_by_key_and_by_query_right_after_its_insert_and_after_its_update_or_delete()
    {
        // Inserted rows wait beside the key indices until a few hundred have: every read in between (the one-row
        // inserts' own existence checks among them) must see them, before and after they are merged in.
        TableClient table = new TableServiceClient(TestStorage.ConnectionString).GetTableClient("KeyIndexFresh" + Guid.NewGuid().ToString("N")[..12]);
        await table.CreateAsync();
        try
        {
            var stored = new Dictionary<(string Partition, string Row), string>();
            for (int i = 0; i < 700; i++)
            {
                (string partition, string row) = (Keys[i % Keys.Length], i % 3 == 0 ? $"{i}" : $"r{i:D4}");
                await table.AddEntityAsync(new TableEntity(partition, row) { ["Value"] = "first" });
                stored[(partition, row)] = "first";
                Assert.Equal("first", (await table.GetEntityAsync<TableEntity>(partition, row)).Value.GetString("Value"));
                await Assert.ThrowsAsync<RequestFailedException>(() => table.AddEntityAsync(new TableEntity(partition, row)));
                if (i % 7 == 0)
                {
                    await table.UpsertEntityAsync(new TableEntity(partition, row) { ["Value"] = "replaced" }, TableUpdateMode.Replace);
                    stored[(partition, row)] = "replaced";
                }

                if (i % 11 == 0)
                {
                    await table.DeleteEntityAsync(partition, row);
                    stored.Remove((partition, row));
                    Assert.False((await table.GetEntityIfExistsAsync<TableEntity>(partition, row)).HasValue);
                }

                if (i % 97 == 0)
                {
                    await AssertPartitionHoldsAsync(table, partition, stored);
                }
            }

            foreach (string partition in Keys)
            {
                await AssertPartitionHoldsAsync(table, partition, stored);
            }
        }
        finally
        {
            await table.DeleteAsync();
        }
    }

    [Fact]
    public async Task Rows_inserted_in_transactions_between_reads_are_each_found_once()
    {
        // Hundreds of rows at a time (so the waiting rows are merged in several times), in random key order over
        // a few partitions, with a query of one partition between transactions.
        TableClient table = new TableServiceClient(TestStorage.ConnectionString).GetTableClient("KeyIndexBatches" + Guid.NewGuid().ToString("N")[..12]);
        await table.CreateAsync();
        try
        {
            var random = new Random(18);
            var stored = new Dictionary<(string Partition, string Row), string>();
            string[] partitions = ["b001", "b002", "b003", "1", "10"];
            for (int round = 0; round < 30; round++)
            {
                foreach (string partition in partitions)
                {
                    List<TableTransactionAction> rows = [.. Enumerable.Range(0, 20)
                        .Select(_ => random.Next(0, 2) == 0 ? $"{random.Next(1_000_000)}" : $"k{random.Next(1_000_000):x}")
                        .Distinct()
                        .Where(row => !stored.ContainsKey((partition, row)))
                        .Select(row => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partition, row) { ["Value"] = $"{round}" }))];
                    await table.SubmitTransactionAsync(rows);
                    rows.ForEach(a => stored[(a.Entity.PartitionKey, a.Entity.RowKey)] = $"{round}");
                }

                await AssertPartitionHoldsAsync(table, partitions[round % partitions.Length], stored);
            }

            foreach (string partition in partitions)
            {
                await AssertPartitionHoldsAsync(table, partition, stored);
            }

            foreach (((string partition, string row), string value) in stored.Where((_, i) => i % 13 == 0))
            {
                Assert.Equal(value, (await table.GetEntityAsync<TableEntity>(partition, row)).Value.GetString("Value"));
            }
        }
        finally
        {
            await table.DeleteAsync();
        }
    }

    /// <summary>A partition's query returns exactly its stored rows, each with its last value.</summary>
    private static async Task AssertPartitionHoldsAsync(TableClient table, string partition, Dictionary<(string Partition, string Row), string> stored)
    {
        var found = new Dictionary<(string, string), string?>();
        await foreach (TableEntity e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}")))
        {
            Assert.True(found.TryAdd((e.PartitionKey, e.RowKey), e.GetString("Value")), $"({e.PartitionKey}, {e.RowKey}) returned twice");
        }

        Assert.Equal(
            stored.Where(r => r.Key.Partition == partition).Select(r => (r.Key, (string?)r.Value)).OrderBy(r => r.Key.Row, StringComparer.Ordinal),
            found.Select(r => (r.Key, r.Value)).OrderBy(r => r.Key.Item2, StringComparer.Ordinal));
    }

    /// <summary>Most key pairs stored, some left out, so a loose match ("1" for "01") would find a row that is not the one asked for.</summary>
    private static async Task FillAsync(TableClient table, string[] keys, HashSet<(string Partition, string Row)> stored)
    {
        await table.CreateAsync();
        foreach ((string partition, int p) in keys.Select((k, i) => (k, i)))
        {
            List<TableTransactionAction> rows = [.. keys.Select((row, r) => (row, r)).Where(x => (p + x.r) % 3 != 0)
                .Select(x => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partition, x.row) { ["Pair"] = $"{partition}|{x.row}" }))];
            await table.SubmitTransactionAsync(rows);
            stored.UnionWith(rows.Select(a => (a.Entity.PartitionKey, a.Entity.RowKey)));
        }
    }

    private async Task AssertQueryAsync(string filter, Func<(string Partition, string Row), bool> expected)
    {
        var found = new List<(string, string)>();
        await foreach (TableEntity e in _table.QueryAsync<TableEntity>(filter))
        {
            found.Add((e.PartitionKey, e.RowKey));
        }

        Assert.True(found.Count == found.Distinct().Count() && _stored.Where(expected).ToHashSet().SetEquals(found), $"{filter}: expected {_stored.Count(expected)} rows, got {found.Count}");
    }

    private static int Ordinal(string a, string b) => string.CompareOrdinal(a, b);
}

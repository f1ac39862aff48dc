using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Effects;
using JourneyFunctions.Domain.Storage;

namespace JourneyFunctions.Storage.Effects;

/// <summary>
/// The journal of action effects: tables <c>Effects0..7</c> (<see cref="TableNames.Effects"/>, each partition in the
/// one its key hashes to), one partition per activity call, PK = <c>{run}~{node}~{group}</c>, and in it one row per
/// slice of the call's targets (<see cref="EffectGroup"/>, about 100 targets), RK = <c>{slice:D3}.{n}</c>, listing
/// each target with its action and detail (<c>Journal</c>, JSON). A row per target made the journal two fifths of a
/// run's entity writes; a row per slice is one entity per about 100 targets, written in one transaction per call.
/// A row that grows past <see cref="RowChars"/> continues in the slice's next row (<c>n</c> + 1).
/// A target always falls in the same slice, so a retried call writes to the same rows: its first write is a plain
/// insert, and one that meets its earlier rows merges into them (the newer word on a target wins, a target the
/// retry no longer has keeps its row; each row written only if unchanged since read), so each target is journaled
/// once. Rows from before the packing (one target each, columns <c>TargetId</c>, <c>Action</c>, <c>Detail</c>) still read.
/// </summary>
public sealed class EffectStore : IEffectStore
{
    /// <summary>A longer detail is cut to this many characters, ending in an ellipsis, so a row stays bounded.</summary>
    public const int MaxDetailChars = 2_000;

    /// <summary>A row's journal text, well inside the 1 MiB entity limit (UTF-16, two bytes a character).</summary>
    private const int RowChars = 400_000;

    /// <summary>How often a merge reads again after another attempt of the same call changed the rows under it.</summary>
    private const int MergeAttempts = 5;

    /// <summary>Transactions in flight at once.</summary>
    private const int Concurrency = 4;

    /// <summary>
    /// Web defaults, but text other than quotes, backslashes and control characters kept as is: the default encoder
    /// writes every non-ASCII character as six (<c>\uXXXX</c>), which a detail in Korean would pass the row's bound by.
    /// </summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Printable ASCII but the quote and the backslash: what <see cref="Json"/> writes as it is.</summary>
    private static readonly SearchValues<char> Unescaped = SearchValues.Create(
        [.. Enumerable.Range(' ', '~' - ' ' + 1).Select(c => (char)c).Where(c => c is not '"' and not '\\')]);

    private readonly ShardedTable _effects;

    public EffectStore(StorageAccount storage)
    {
        _effects = new ShardedTable(storage, TableNames.Effects, partition => StableId.Bucket(partition, TableNames.EffectShards));
    }

    /// <summary>Journals a call's effects into <paramref name="group"/>'s partition; returns how many targets were journaled.</summary>
    public async Task<int> RecordAsync(IEnumerable<Effect> effects, EffectGroup group, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(effects);
        ArgumentNullException.ThrowIfNull(group);
        var slices = new Dictionary<(string Partition, int Slice), Dictionary<string, Effect>>();
        foreach (Effect effect in effects)
        {
            (string, int) key = (Partition(effect.RunId, effect.NodeId, group), StableId.Bucket(effect.TargetId, group.Slices));
            if (!slices.TryGetValue(key, out Dictionary<string, Effect>? targets))
            {
                slices[key] = targets = new(StringComparer.Ordinal);
            }

            targets[effect.TargetId] = effect with { Detail = Cut(effect.Detail) };
        }

        IEnumerable<List<(int Slice, TableEntity Row)>> transactions = slices
            .SelectMany(s => Rows(s.Key.Partition, s.Key.Slice, s.Value.Values).Select(row => (s.Key.Slice, Row: row)))
            .GroupBy(r => r.Row.PartitionKey, StringComparer.Ordinal)
            .SelectMany(partition => BatchWriter.SizedTransactions(partition, r => r.Row));
        await Parallel.ForEachAsync(transactions, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken }, async (transaction, ct) =>
        {
            string partition = transaction[0].Row.PartitionKey;
            TableClient table = _effects.For(partition);
            try
            {
                await table.SubmitTransactionAsync(transaction.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r.Row)), ct);
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                foreach (int slice in transaction.Select(r => r.Slice).Distinct())
                {
                    Dictionary<string, Effect> targets = slices[(partition, slice)];
                    await MergeAsync(table, partition, slice, targets.Values.First().RunId, targets.Values, ct);
                }
            }
        });
        return slices.Values.Sum(s => s.Count);
    }

    /// <summary>Every effect of a run, with when its row was last written, from each effects table side by side.</summary>
    public async Task<List<(Effect Effect, DateTimeOffset? JournaledAt)>> GetRunJournalAsync(string runId, CancellationToken cancellationToken = default) =>
        [.. (await _effects.QueryAllAsync(RunFilter(runId), cancellationToken: cancellationToken))
            .SelectMany(row => Parse(runId, row).Select(effect => (effect, row.Timestamp)))];

    public async Task<List<Effect>> GetRunEffectsAsync(string runId, CancellationToken cancellationToken = default) =>
        [.. (await GetRunJournalAsync(runId, cancellationToken)).Select(j => j.Effect)];

    /// <summary>How many targets a run's journal holds (each row's count, page by page: a large run's rows are not kept).</summary>
    public async Task<int> CountRunEffectsAsync(string runId, CancellationToken cancellationToken = default)
    {
        int count = 0;
        foreach (TableClient table in _effects.Tables)
        {
            await foreach (TableEntity row in table.QueryAsync<TableEntity>(RunFilter(runId), select: ["Count", "TargetId"], cancellationToken: cancellationToken))
            {
                // A row from before the journal was packed names one target.
                count += row.GetInt32("Count") ?? (row.GetString("TargetId") is null ? 0 : 1);
            }
        }

        return count;
    }

    /// <summary>
    /// One page of a node's journal in a run: its targets as stored (table by table, each in key order, each row's
    /// targets in their order), from <paramref name="position"/> (null: the start), and where the next page starts
    /// (null after the last). A position is the table, the row's keys and a target's index in the row.
    /// </summary>
    /// <exception cref="FormatException">The position is not one this method handed out.</exception>
    public async Task<(List<Effect> Items, string? Next)> ListNodeAsync(string runId, string nodeId, string? position, int pageSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        // The node's partitions are every key from "{run}~{node}~" up to "{run}~{node}\u007f" ('\u007f' follows '~').
        string first = $"{runId}~{nodeId}~", end = $"{runId}~{nodeId}\u007f";
        (int table, string? partition, string? rowKey, int skip) = position is null ? (0, null, null, 0) : ParsePosition(position, first);
        var items = new List<Effect>();
        for (; table < _effects.Tables.Count; table++, partition = null)
        {
            // Going on inside a row: the rest of its partition first, then the partitions after it.
            string[] filters = partition is null
                ? [TableClient.CreateQueryFilter($"PartitionKey ge {first} and PartitionKey lt {end}")]
                : [TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {rowKey}"), TableClient.CreateQueryFilter($"PartitionKey gt {partition} and PartitionKey lt {end}")];
            foreach (string filter in filters)
            {
                await foreach (TableEntity row in _effects.Tables[table].QueryAsync<TableEntity>(filter, maxPerPage: 20, cancellationToken: cancellationToken))
                {
                    List<Effect> targets = Parse(runId, row);
                    for (int i = row.PartitionKey == partition && row.RowKey == rowKey ? skip : 0; i < targets.Count; i++)
                    {
                        if (items.Count == pageSize)
                        {
                            return (items, string.Join('\n', table.ToString(CultureInfo.InvariantCulture), row.PartitionKey, row.RowKey, i.ToString(CultureInfo.InvariantCulture)));
                        }

                        items.Add(targets[i]);
                    }
                }
            }
        }

        return (items, null);
    }

    private (int Table, string Partition, string RowKey, int Skip) ParsePosition(string position, string partitionStart)
    {
        string[] parts = position.Split('\n');
        return parts.Length == 4
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int table) && table < _effects.Tables.Count
            && parts[1].StartsWith(partitionStart, StringComparison.Ordinal)
            && int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out int skip)
            ? (table, parts[1], parts[2], skip)
            : throw new FormatException("Not a position of the effect journal's listing.");
    }

    /// <summary>One detail of one action and the targets that got it, as a row stores it.</summary>
    private sealed record Entry(string Action, string Detail, List<string> Targets);

    /// <summary>The filter for every effect row of a run, across its calls.</summary>
    private static string RunFilter(string runId) =>
        TableClient.CreateQueryFilter($"PartitionKey ge {runId + "~"} and PartitionKey lt {runId + "\u007f"}");

    private static string Partition(string runId, string nodeId, EffectGroup group) => $"{runId}~{nodeId}~{group.Key}";

    private static string RowKey(int slice, int row) => string.Create(CultureInfo.InvariantCulture, $"{slice:D3}.{row}");

    /// <summary>
    /// A retried call met its earlier rows: the slice's rows now hold the earlier targets with this call's word on
    /// the ones it has, and any row the slice no longer needs is removed. Each row is written on the condition that
    /// nobody changed it since it was read (another attempt of the same call merging at once), else read again.
    /// </summary>
    private static async Task MergeAsync(TableClient table, string partition, int slice, string runId, IEnumerable<Effect> effects, CancellationToken cancellationToken)
    {
        // The slice's rows are {slice:D3}.0, .1, ...: every key from "{slice:D3}." up to "{slice:D3}/" ('/' follows '.').
        string number = slice.ToString("D3", CultureInfo.InvariantCulture);
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {number + "."} and RowKey lt {number + "/"}");
        for (int attempt = 1; ; attempt++)
        {
            List<TableEntity> earlier = [];
            await foreach (TableEntity row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                earlier.Add(row);
            }

            Dictionary<string, Effect> merged = earlier.SelectMany(row => Parse(runId, row)).ToDictionary(e => e.TargetId, StringComparer.Ordinal);
            foreach (Effect effect in effects)
            {
                merged[effect.TargetId] = effect;
            }

            Dictionary<string, TableEntity> read = earlier.ToDictionary(r => r.RowKey, StringComparer.Ordinal);
            List<TableEntity> rows = Rows(partition, slice, merged.Values);
            HashSet<string> kept = rows.Select(r => r.RowKey).ToHashSet(StringComparer.Ordinal);
            List<TableTransactionAction> writes =
            [
                .. rows.Select(r => read.TryGetValue(r.RowKey, out TableEntity? was)
                    ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, r, was.ETag)
                    : new TableTransactionAction(TableTransactionActionType.Add, r)),
                .. earlier.Where(r => !kept.Contains(r.RowKey)).Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, r.ETag)),
            ];
            try
            {
                foreach (List<TableTransactionAction> transaction in BatchWriter.SizedTransactions(writes, w => (TableEntity)w.Entity))
                {
                    await table.SubmitTransactionAsync(transaction, cancellationToken);
                }

                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 or 404 && attempt < MergeAttempts)
            {
            }
        }
    }

    /// <summary>
    /// How long <paramref name="text"/> is as a JSON string in a row: its length and the quotes when nothing in it is
    /// escaped (ids, most details), measured by serializing it otherwise.
    /// </summary>
    private static int JsonLength(string text) =>
        text.AsSpan().ContainsAnyExcept(Unescaped) ? JsonSerializer.Serialize(text, Json).Length : text.Length + 2;

    /// <summary>A slice's targets (details already cut) as rows, in a stable order, a new row whenever one passes <see cref="RowChars"/>.</summary>
    private static List<TableEntity> Rows(string partition, int slice, IEnumerable<Effect> effects)
    {
        List<TableEntity> rows = [];
        List<Entry> entries = [];
        int chars = 0, count = 0;
        string nodeId = "";
        void Close()
        {
            var row = new TableEntity(partition, RowKey(slice, rows.Count)) { ["NodeId"] = nodeId, ["Count"] = count };
            LargeText.Write(row, "Journal", JsonSerializer.Serialize(entries, Json));
            rows.Add(row);
            (entries, chars, count) = ([], 0, 0);
        }

        foreach (Effect effect in effects.OrderBy(e => e.Action, StringComparer.Ordinal).ThenBy(e => e.Detail, StringComparer.Ordinal).ThenBy(e => e.TargetId, StringComparer.Ordinal))
        {
            nodeId = effect.NodeId;
            string detail = effect.Detail;
            if (chars > RowChars)
            {
                Close();
            }

            if (entries.Count == 0 || entries[^1].Action != effect.Action || entries[^1].Detail != detail)
            {
                entries.Add(new Entry(effect.Action, detail, []));
                chars += JsonLength(effect.Action) + JsonLength(detail) + 40;
            }

            entries[^1].Targets.Add(effect.TargetId);
            chars += JsonLength(effect.TargetId) + 1;
            count++;
        }

        if (count > 0)
        {
            Close();
        }

        return rows;
    }

    private static List<Effect> Parse(string runId, TableEntity row)
    {
        string nodeId = row.GetString("NodeId") ?? "";
        if (row.GetString("TargetId") is { } target)
        {
            // A row from before the journal was packed: one target, its columns of its own.
            return [new Effect(runId, nodeId, target, row.GetString("Action") ?? "", row.GetString("Detail") ?? "")];
        }

        List<Entry> entries = JsonSerializer.Deserialize<List<Entry>>(LargeText.Read(row, "Journal") ?? "[]", Json) ?? [];
        return [.. entries.SelectMany(e => e.Targets.Select(target => new Effect(runId, nodeId, target, e.Action, e.Detail)))];
    }

    private static string Cut(string detail) => detail.Length <= MaxDetailChars ? detail : string.Concat(detail.AsSpan(0, MaxDetailChars - 1), "…");
}

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
/// retry no longer has keeps its row), so each target is journaled once.
/// </summary>
public sealed class EffectStore : IEffectStore
{
    /// <summary>A longer detail is cut to this many characters, ending in an ellipsis, so a row stays bounded.</summary>
    public const int MaxDetailChars = 2_000;

    /// <summary>A row's journal text, well inside the 1 MiB entity limit (UTF-16, two bytes a character).</summary>
    private const int RowChars = 400_000;

    /// <summary>The text of one transaction, well inside its 4 MiB limit.</summary>
    private const int TransactionChars = 1_000_000;

    /// <summary>Transactions in flight at once.</summary>
    private const int Concurrency = 4;

    /// <summary>
    /// Web defaults, but text other than quotes, backslashes and control characters kept as is: the default encoder
    /// writes every non-ASCII character as six (<c>\uXXXX</c>), which a detail in Korean would pass the row's bound by.
    /// </summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

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

            targets[effect.TargetId] = effect;
        }

        IEnumerable<List<Slice>> transactions = slices
            .Select(s => new Slice(s.Value.Values.First().RunId, s.Key.Partition, s.Key.Slice, Rows(s.Key.Partition, s.Key.Slice, s.Value.Values)))
            .GroupBy(s => s.Partition, StringComparer.Ordinal)
            .SelectMany(partition => Transactions(partition));
        await Parallel.ForEachAsync(transactions, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken }, async (transaction, ct) =>
        {
            TableClient table = _effects.For(transaction[0].Partition);
            try
            {
                await table.SubmitTransactionAsync(transaction.SelectMany(s => s.Rows).Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)), ct);
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                foreach (Slice slice in transaction)
                {
                    await MergeAsync(table, slice, slices[(slice.Partition, slice.Number)].Values, ct);
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
            await foreach (TableEntity row in table.QueryAsync<TableEntity>(RunFilter(runId), select: ["Count"], cancellationToken: cancellationToken))
            {
                count += row.GetInt32("Count") ?? 0;
            }
        }

        return count;
    }

    /// <summary>A call's slice, the rows it is written as.</summary>
    private sealed record Slice(string RunId, string Partition, int Number, List<TableEntity> Rows)
    {
        public int Chars => Rows.Sum(r => r.GetString("Journal")?.Length ?? 0);
    }

    /// <summary>One detail of one action and the targets that got it, as a row stores it.</summary>
    private sealed record Entry(string Action, string Detail, List<string> Targets);

    /// <summary>The filter for every effect row of a run, across its calls.</summary>
    private static string RunFilter(string runId) =>
        TableClient.CreateQueryFilter($"PartitionKey ge {runId + "~"} and PartitionKey lt {runId + "\u007f"}");

    private static string Partition(string runId, string nodeId, EffectGroup group) => $"{runId}~{nodeId}~{group.Key}";

    private static string RowKey(int slice, int row) => string.Create(CultureInfo.InvariantCulture, $"{slice:D3}.{row}");

    /// <summary>A partition's slices in transactions of at most 100 rows and <see cref="TransactionChars"/>.</summary>
    private static IEnumerable<List<Slice>> Transactions(IEnumerable<Slice> slices)
    {
        List<Slice> current = [];
        int rows = 0, chars = 0;
        foreach (Slice slice in slices)
        {
            if (current.Count > 0 && (rows + slice.Rows.Count > 100 || chars + slice.Chars > TransactionChars))
            {
                yield return current;
                current = [];
                rows = chars = 0;
            }

            current.Add(slice);
            rows += slice.Rows.Count;
            chars += slice.Chars;
        }

        if (current.Count > 0)
        {
            yield return current;
        }
    }

    /// <summary>
    /// A retried call met its earlier rows: the slice's rows now hold the earlier targets with this call's word on
    /// the ones it has, rewritten in one transaction with any row the slice no longer needs removed.
    /// </summary>
    private static async Task MergeAsync(TableClient table, Slice slice, IEnumerable<Effect> effects, CancellationToken cancellationToken)
    {
        // The slice's rows are {slice:D3}.0, .1, ...: every key from "{slice:D3}." up to "{slice:D3}/" ('/' follows '.').
        string number = slice.Number.ToString("D3", CultureInfo.InvariantCulture);
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {slice.Partition} and RowKey ge {number + "."} and RowKey lt {number + "/"}");
        List<TableEntity> earlier = [];
        await foreach (TableEntity row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            earlier.Add(row);
        }

        Dictionary<string, Effect> merged = earlier.SelectMany(row => Parse(slice.RunId, row)).ToDictionary(e => e.TargetId, StringComparer.Ordinal);
        foreach (Effect effect in effects)
        {
            merged[effect.TargetId] = effect;
        }

        List<TableEntity> rows = Rows(slice.Partition, slice.Number, merged.Values);
        HashSet<string> kept = rows.Select(r => r.RowKey).ToHashSet(StringComparer.Ordinal);
        await table.SubmitTransactionAsync(
            rows.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r))
                .Concat(earlier.Where(r => !kept.Contains(r.RowKey)).Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All))),
            cancellationToken);
    }

    /// <summary>A slice's targets as rows, in a stable order, a new row whenever one passes <see cref="RowChars"/>.</summary>
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

        foreach (Effect effect in effects.OrderBy(e => e.Action, StringComparer.Ordinal).ThenBy(e => Cut(e.Detail), StringComparer.Ordinal).ThenBy(e => e.TargetId, StringComparer.Ordinal))
        {
            nodeId = effect.NodeId;
            string detail = Cut(effect.Detail);
            if (chars > RowChars)
            {
                Close();
            }

            if (entries.Count == 0 || entries[^1].Action != effect.Action || entries[^1].Detail != detail)
            {
                entries.Add(new Entry(effect.Action, detail, []));
                // Twice the text: every character of it could be a quote or backslash, escaped in two.
                chars += (2 * (effect.Action.Length + detail.Length)) + 40;
            }

            entries[^1].Targets.Add(effect.TargetId);
            chars += (2 * effect.TargetId.Length) + 3;
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
        List<Entry> entries = JsonSerializer.Deserialize<List<Entry>>(LargeText.Read(row, "Journal") ?? "[]", Json) ?? [];
        return [.. entries.SelectMany(e => e.Targets.Select(target => new Effect(runId, nodeId, target, e.Action, e.Detail)))];
    }

    private static string Cut(string detail) => detail.Length <= MaxDetailChars ? detail : string.Concat(detail.AsSpan(0, MaxDetailChars - 1), "…");
}

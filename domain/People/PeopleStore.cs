using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Domain.Storage;

namespace JourneyFunctions.Domain.People;

/// <summary>
/// The marketing people store: table <c>People</c>, one partition per account so an account's people
/// are read and written in batch transactions. Every write emits a <see cref="PersonChange"/> so the
/// sales sync sees journey changes like any other.
/// </summary>
public sealed class PeopleStore
{
    /// <summary>Row keys of effect markers start here; person row keys (Marketo IDs) sort before it.</summary>
    private const string MarkerPrefix = "~fx~";

    private readonly TableClient _people;
    private readonly QueueClient _changes;

    public PeopleStore(StorageAccount storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _people = storage.Table(TableNames.People);
        _changes = storage.Queue(QueueNames.PersonChanges);
    }

    /// <summary>The people of one account (markers excluded).</summary>
    public async Task<List<TableEntity>> GetAccountPeopleAsync(string accountId, CancellationToken cancellationToken = default)
    {
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {accountId} and RowKey lt {MarkerPrefix}");
        var people = new List<TableEntity>();
        await foreach (TableEntity person in _people.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            people.Add(person);
        }

        return people;
    }

    /// <summary>One person, or null.</summary>
    public async Task<TableEntity?> GetAsync(string accountId, string marketoId, CancellationToken cancellationToken = default)
    {
        NullableResponse<TableEntity> found = await _people.GetEntityIfExistsAsync<TableEntity>(accountId, marketoId, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>Sets <paramref name="field"/> to <paramref name="value"/> on the given people (one account) and emits their changes.</summary>
    public async Task<int> SetFieldAsync(string accountId, IReadOnlyCollection<string> marketoIds, string field, string? value, CancellationToken cancellationToken = default)
    {
        long version = NewVersion();
        IEnumerable<ITableEntity> updates = marketoIds.Select(id => (ITableEntity)new TableEntity(accountId, id)
        {
            [field] = value,
            [PersonFields.ChangeVersion] = version,
        });
        await MergeAsync(updates, cancellationToken);
        await EmitAsync(accountId, marketoIds, version, [field], cancellationToken);
        return marketoIds.Count;
    }

    /// <summary>
    /// Adds <paramref name="delta"/> to a named score once per effect key: a marker row written in the same
    /// transaction as the score makes a retried call skip people it already scored.
    /// </summary>
    /// <returns>How many people were scored by this call (0 on a full retry).</returns>
    public async Task<int> ChangeScoreOnceAsync(string accountId, string effectKey, IReadOnlyCollection<string> marketoIds, string scoreName, double delta, CancellationToken cancellationToken = default)
    {
        string field = PersonFields.ScorePrefix + scoreName;
        string markerBase = $"{MarkerPrefix}{effectKey}~";
        var applied = new List<string>();
        HashSet<string> done = await GetMarkedAsync(accountId, markerBase, cancellationToken);
        long version = NewVersion();
        foreach (string[] chunk in marketoIds.Where(id => !done.Contains(id)).Chunk(BatchWriter.MaxBatchSize / 2))
        {
            var actions = new List<TableTransactionAction>();
            foreach (string id in chunk)
            {
                Response<TableEntity> person = await _people.GetEntityAsync<TableEntity>(accountId, id, cancellationToken: cancellationToken);
                double current = person.Value.GetDouble(field) ?? 0;
                var update = new TableEntity(accountId, id) { [field] = current + delta, [PersonFields.ChangeVersion] = version };
                actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateMerge, update, person.Value.ETag));
                actions.Add(new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(accountId, markerBase + id)));
            }

            // A conflict here means another writer raced us; the activity fails and Durable retries it,
            // and the markers already committed keep the retry from scoring anyone twice.
            await _people.SubmitTransactionAsync(actions, cancellationToken);
            applied.AddRange(chunk);
        }

        return applied.Count;
    }

    /// <summary>Upserts whole people (sample data, tests); emits a change for each.</summary>
    public async Task UpsertAsync(IEnumerable<TableEntity> people, CancellationToken cancellationToken = default)
    {
        List<TableEntity> list = people.ToList();
        long version = NewVersion();
        foreach (TableEntity person in list)
        {
            person[PersonFields.ChangeVersion] = version;
        }

        await BatchWriter.UpsertAsync(_people, list, cancellationToken);
        foreach (IGrouping<string, TableEntity> account in list.GroupBy(p => p.PartitionKey, StringComparer.Ordinal))
        {
            await EmitAsync(account.Key, account.Select(p => p.RowKey).ToList(), version, PersonFields.Synced, cancellationToken);
        }
    }

    /// <summary>
    /// Versions come from the clock in ticks: later writes get larger versions without a read,
    /// and the sync compares them to keep the newest.
    /// </summary>
    private static long NewVersion() => DateTimeOffset.UtcNow.UtcTicks;

    private async Task<HashSet<string>> GetMarkedAsync(string accountId, string markerBase, CancellationToken cancellationToken)
    {
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {accountId} and RowKey ge {markerBase} and RowKey lt {markerBase + "~"}");
        var marked = new HashSet<string>(StringComparer.Ordinal);
        await foreach (TableEntity marker in _people.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            marked.Add(marker.RowKey[markerBase.Length..]);
        }

        return marked;
    }

    private async Task MergeAsync(IEnumerable<ITableEntity> updates, CancellationToken cancellationToken)
    {
        foreach (IGrouping<string, ITableEntity> partition in updates.GroupBy(e => e.PartitionKey, StringComparer.Ordinal))
        {
            foreach (ITableEntity[] chunk in partition.Chunk(BatchWriter.MaxBatchSize))
            {
                await _people.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertMerge, e)), cancellationToken);
            }
        }
    }

    /// <summary>
    /// Emits one change message per person, but only when a field the sales sync reads changed:
    /// other changes (scores, custom attributes) cannot alter the sales copy. Re-emitting on a retry is
    /// harmless because the sync is version-guarded.
    /// </summary>
    private async Task EmitAsync(string accountId, IEnumerable<string> marketoIds, long version, IReadOnlyList<string> fields, CancellationToken cancellationToken)
    {
        if (!fields.Any(PersonFields.AffectsSync))
        {
            return;
        }

        await Parallel.ForEachAsync(
            marketoIds,
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (id, ct) =>
            {
                string message = JsonSerializer.Serialize(new PersonChange(accountId, id, version, fields), JsonDefaults.Options);
                await _changes.SendMessageAsync(message, ct);
            });
    }
}

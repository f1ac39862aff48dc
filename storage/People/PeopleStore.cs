using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;

namespace JourneyFunctions.Storage.People;

/// <summary>
/// The marketing people store: tables <c>People0..7</c> (<see cref="TableNames.People"/>), an account's people in the
/// table its id hashes to, one partition per account so they are read and written in batch transactions. Every write
/// emits a <see cref="PersonChange"/> so the sales sync sees journey changes like any other. Several tables let the
/// initial sync read them side by side (one query's pages come one after another), and keep each small: Azurite
/// rewrites a table's whole index on every update, so its cost per update grows with the table.
/// </summary>
public sealed class PeopleStore : IPeopleStore
{
    /// <summary>
    /// Row keys of the effect markers earlier versions wrote beside each scored person start with this; stores written
    /// then still hold them, so reads skip the keys from here to <see cref="AfterMarkers"/>.
    /// </summary>
    private const string MarkerPrefix = "~fx~";

    /// <summary>The first key after every key that starts with <see cref="MarkerPrefix"/> ('~' + 1 is U+007F).</summary>
    private const string AfterMarkers = "~fx\u007f";

    /// <summary>How many recent score changes a person remembers (<see cref="PersonFields.ScoreEffects"/>): a retry comes long before 64 more.</summary>
    private const int RememberedScoreEffects = 64;

    /// <summary>Hex characters of an effect key's hash in <see cref="PersonFields.ScoreEffects"/>: 64 bits.</summary>
    private const int ScoreEffectLength = 16;

    /// <summary>
    /// The row filter that keeps person rows and leaves earlier versions' effect markers out, for every reader of the people tables
    /// (journey actions here, the sync's table source): any other Marketo ID, one that sorts after the markers
    /// ('~zz', 'ü-1') too, is a person to both.
    /// </summary>
    public static readonly string PersonRows = TableClient.CreateQueryFilter($"RowKey lt {MarkerPrefix} or RowKey ge {AfterMarkers}");

    private readonly ShardedTable _people;
    private readonly QueueClient _changes;

    public PeopleStore(StorageAccount storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _people = TablesOf(storage);
        _changes = storage.Queue(QueueNames.PersonChanges);
    }

    /// <summary>The name of the table that holds an account's people.</summary>
    public static string TableOf(string accountId) => TableNames.People[AccountOrder.GroupOf(accountId)];

    /// <summary>The people tables of <paramref name="storage"/>, each account's partition in the one its id hashes to.</summary>
    public static ShardedTable TablesOf(StorageAccount storage) => new(storage, TableNames.People, AccountOrder.GroupOf);

    /// <summary>Whether a stored person row is unsubscribed (<see cref="PersonFields.IsUnsubscribed"/>: the flag or its text).</summary>
    public static bool IsUnsubscribed(TableEntity person)
    {
        ArgumentNullException.ThrowIfNull(person);
        return person.TryGetValue(PersonFields.Unsubscribed, out object? value) && PersonFields.IsUnsubscribed(value);
    }

    /// <summary>The people of one account (markers excluded).</summary>
    public async Task<List<TableEntity>> GetAccountPeopleAsync(string accountId, CancellationToken cancellationToken = default) =>
        (await GetPeopleOfAccountsAsync([accountId], cancellationToken)).GetValueOrDefault(accountId) ?? [];

    /// <summary>The people of several accounts (see <see cref="GetPeopleOfAccountsAsync"/>) as the model's <see cref="Person"/>.</summary>
    public async Task<Dictionary<string, List<Person>>> PeopleOfAccountsAsync(IReadOnlyCollection<string> accountIds, CancellationToken cancellationToken = default) =>
        (await GetPeopleOfAccountsAsync(accountIds, cancellationToken)).ToDictionary(
            a => a.Key, a => a.Value.Select(p => new Person(p.PartitionKey, p.RowKey, EntityAttributes.Properties(p), p.ETag.ToString())).ToList(), StringComparer.Ordinal);

    /// <summary>The people of several accounts (markers excluded), read as <see cref="QueryAccountsAsync"/> says.</summary>
    public async Task<Dictionary<string, List<TableEntity>>> GetPeopleOfAccountsAsync(IReadOnlyCollection<string> accountIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accountIds);
        var people = accountIds.Distinct(StringComparer.Ordinal).ToDictionary(a => a, _ => new List<TableEntity>(), StringComparer.Ordinal);
        foreach (TableEntity person in await QueryAccountsAsync(people.Keys, columns: null, cancellationToken))
        {
            people.GetValueOrDefault(person.PartitionKey)?.Add(person);
        }

        return people;
    }

    /// <summary>How many people each account has (markers excluded), reading keys only, as <see cref="QueryAccountsAsync"/> says.</summary>
    public async Task<IReadOnlyDictionary<string, int>> CountPeopleOfAccountsAsync(IReadOnlyCollection<string> accountIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accountIds);
        List<TableEntity> found = await QueryAccountsAsync(accountIds, columns: ["PartitionKey"], cancellationToken);
        return found.GroupBy(p => p.PartitionKey, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
    }

    /// <summary>One person, or null.</summary>
    public async Task<TableEntity?> GetAsync(string accountId, string marketoId, CancellationToken cancellationToken = default)
    {
        NullableResponse<TableEntity> found = await _people.For(accountId).GetEntityIfExistsAsync<TableEntity>(accountId, marketoId, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>
    /// The given people of one account that exist (a person change's people), by <see cref="KeyedReads"/>: one
    /// key-range query for two or more, since an account's partition holds only its own people (and earlier versions'
    /// markers, whose keys sort after those of nearly every person), so the range reads little that was not asked for.
    /// </summary>
    public Task<Dictionary<string, TableEntity>> GetPeopleAsync(string accountId, IReadOnlyCollection<string> marketoIds, CancellationToken cancellationToken = default) =>
        KeyedReads.GetAsync(_people.For(accountId), accountId, marketoIds, pointReadsAtMost: 1, cancellationToken: cancellationToken);

    /// <summary>
    /// One person by Marketo ID alone, or null. People are partitioned by account, so this queries every table for the
    /// row key: fine for a single lookup, not for bulk reads.
    /// </summary>
    public async Task<TableEntity?> FindAsync(string marketoId, CancellationToken cancellationToken = default)
    {
        string filter = TableClient.CreateQueryFilter($"RowKey eq {marketoId}");
        TableEntity?[] found = await Task.WhenAll(_people.Tables.Select(async shard =>
        {
            await foreach (TableEntity person in shard.QueryAsync<TableEntity>(filter, maxPerPage: 1, cancellationToken: cancellationToken))
            {
                return person;
            }

            return null;
        }));
        return found.FirstOrDefault(p => p is not null);
    }

    /// <summary>
    /// Sets fields (name -> value) on the given people of one account, in batch transactions, and emits their changes.
    /// Only a change of a field the sales sync reads gives the people a new <see cref="PersonFields.ChangeVersion"/>:
    /// the sync compares versions, and a sales copy whose data did not change is not out of date.
    /// </summary>
    public async Task<int> SetFieldsAsync(string accountId, IReadOnlyCollection<string> marketoIds, IReadOnlyDictionary<string, string?> fields, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(marketoIds);
        ArgumentNullException.ThrowIfNull(fields);
        long version = NewVersion();
        bool synced = fields.Keys.Any(PersonFields.AffectsSync);
        IEnumerable<ITableEntity> updates = marketoIds.Select(id =>
        {
            var update = new TableEntity(accountId, id);
            if (synced)
            {
                update[PersonFields.ChangeVersion] = version;
            }

            foreach (KeyValuePair<string, string?> field in fields)
            {
                // A merge leaves out a null property, so the old value would stay: a cleared field is stored as empty text.
                update[field.Key] = field.Value ?? "";
            }

            return (ITableEntity)update;
        });
        await BatchWriter.MergeAsync(_people.For(accountId), updates, cancellationToken);
        await EmitAsync(accountId, marketoIds, version, [.. fields.Keys], cancellationToken);
        return marketoIds.Count;
    }

    /// <summary>
    /// Adds <paramref name="delta"/> to a named score of each given person once per effect key: the update that changes
    /// the score also adds the effect to the person's <see cref="PersonFields.ScoreEffects"/>, and a person whose list
    /// holds it is skipped, so a retried call scores only the people the first attempt did not. The people are the
    /// people as read; their versions (ETags) guard against a concurrent change in between: a conflict fails the call,
    /// and Durable retries it with fresh reads. Scores are not synced, so the people keep their
    /// <see cref="PersonFields.ChangeVersion"/>.
    /// </summary>
    /// <returns>How many people were scored by this call (0 on a full retry).</returns>
    public async Task<int> ChangeScoreOnceAsync(string effectKey, IReadOnlyCollection<Person> people, string scoreName, double delta, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(people);
        string effect = StableId.Of(effectKey, ScoreEffectLength);
        string field = PersonFields.ScorePrefix + scoreName;
        var updates = new List<TableTransactionAction>();
        foreach (Person person in people.DistinctBy(p => (p.AccountId, p.Id)))
        {
            string[] recent = person.Text(PersonFields.ScoreEffects)?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
            if (recent.Contains(effect, StringComparer.Ordinal))
            {
                continue;
            }

            var update = new TableEntity(person.AccountId, person.Id)
            {
                [field] = (person.Number(field) ?? 0) + delta,
                [PersonFields.ScoreEffects] = string.Join(' ', recent.TakeLast(RememberedScoreEffects - 1).Append(effect)),
            };
            updates.Add(new TableTransactionAction(TableTransactionActionType.UpdateMerge, update, new ETag(person.Version)));
        }

        await Parallel.ForEachAsync(
            updates.GroupBy(u => u.Entity.PartitionKey, StringComparer.Ordinal).SelectMany(account => account.Chunk(BatchWriter.MaxBatchSize)),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (chunk, ct) => await _people.For(chunk[0].Entity.PartitionKey).SubmitTransactionAsync(chunk, ct));
        return updates.Count;
    }

    /// <summary>
    /// Upserts whole people and emits a change for each: with <paramref name="oldValues"/> (Marketo ID -> changed field
    /// -> old value, from Marketo's lead changes) naming those fields, else every synced field (sample data, tests).
    /// With <paramref name="keepOtherFields"/> a stored person keeps the fields these rows do not name (what journeys
    /// wrote to a sample person: scores and their memory, attributes), else the row is replaced.
    /// </summary>
    public async Task UpsertAsync(
        IEnumerable<TableEntity> people,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string?>>? oldValues = null,
        bool keepOtherFields = false,
        CancellationToken cancellationToken = default)
    {
        List<TableEntity> list = people.ToList();
        long version = NewVersion();
        foreach (TableEntity person in list)
        {
            person[PersonFields.ChangeVersion] = version;
        }

        await WriteByTableAsync(list, keepOtherFields ? BatchWriter.MergeAsync : BatchWriter.UpsertAsync, cancellationToken);

        foreach (IGrouping<string, TableEntity> account in list.GroupBy(p => p.PartitionKey, StringComparer.Ordinal))
        {
            if (oldValues is null)
            {
                await EmitAsync(account.Key, account.Select(p => p.RowKey).ToList(), version, PersonFields.Synced, cancellationToken);
                continue;
            }

            foreach (TableEntity person in account)
            {
                IReadOnlyDictionary<string, string?> old = oldValues.GetValueOrDefault(person.RowKey) ?? new Dictionary<string, string?>();
                await EmitAsync(account.Key, [person.RowKey], version, [.. old.Keys], cancellationToken, old);
            }
        }
    }

    /// <summary>
    /// Bulk-loads whole people as they are, without change messages (a load the sync reads in full, not a change it
    /// must replay): benchmarks and tests.
    /// </summary>
    public Task LoadAsync(IEnumerable<ITableEntity> people, CancellationToken cancellationToken = default) =>
        WriteByTableAsync(people, BatchWriter.UpsertAsync, cancellationToken);

    /// <summary>Writes people with <paramref name="write"/> (replace or merge), the people tables side by side.</summary>
    private Task WriteByTableAsync(
        IEnumerable<ITableEntity> people, Func<TableClient, IEnumerable<ITableEntity>, CancellationToken, Task<int>> write, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(people.GroupBy(p => _people.For(p.PartitionKey)), cancellationToken, async (shard, ct) =>
            await write(shard.Key, shard, ct));

    /// <summary>
    /// Versions come from the clock in ticks: later writes get larger versions without a read,
    /// and the sync compares them to keep the newest.
    /// </summary>
    private static long NewVersion() => DateTimeOffset.UtcNow.UtcTicks;

    /// <summary>
    /// The person rows (markers excluded) of <paramref name="accountIds"/>, the people tables that hold some of them
    /// read side by side, each by <see cref="PartitionReads"/>: one key-range query for a table's accounts when they lie
    /// close together in key order (a batch of a dense audience, in one or two tables by <see cref="AccountOrder"/>), a
    /// partition query each when they are a few among many (an account list in a large database, one path of a split).
    /// </summary>
    private async Task<List<TableEntity>> QueryAccountsAsync(IEnumerable<string> accountIds, IReadOnlyList<string>? columns, CancellationToken cancellationToken)
    {
        // PartitionReads drops repeated accounts itself.
        List<TableEntity>[] found = await Task.WhenAll(accountIds.GroupBy(_people.For).Select(shard =>
            PartitionReads.GetAsync(shard.Key, [.. shard], PersonRows, columns, cancellationToken)));
        return [.. found.SelectMany(rows => rows)];
    }

    /// <summary>
    /// Emits the change of these people as one message per <see cref="PersonChange.MaxPeople"/> of them, but only when
    /// a field the sales sync reads changed: other changes (scores, custom attributes) cannot alter the sales copy, and
    /// journey actions raise their events for those themselves (<c>ActionContext.SetPeopleFieldsAsync</c>), so a bulk
    /// action does not put a message per person here. One message for the people written together lets the handler
    /// read them with one query, write their sales copies in batches and route their events in one call. Each
    /// message's fields become <c>personDataChange</c> events. Re-emitting on a retry is harmless: the sync is
    /// version-guarded, and an account moves on once.
    /// </summary>
    private async Task EmitAsync(
        string accountId, IEnumerable<string> marketoIds, long version, IReadOnlyList<string> fields, CancellationToken cancellationToken, IReadOnlyDictionary<string, string?>? oldValues = null)
    {
        if (!fields.Any(PersonFields.AffectsSync))
        {
            return;
        }

        await Parallel.ForEachAsync(
            marketoIds.Distinct(StringComparer.Ordinal).Chunk(PersonChange.MaxPeople),
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (ids, ct) =>
            {
                string message = JsonSerializer.Serialize(PersonChange.Of(accountId, ids, version, fields, oldValues), JsonDefaults.Options);
                await _changes.SendMessageAsync(message, ct);
            });
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Storage;

namespace JourneyFunctions.Storage.Sync;

/// <summary>One field of a settings change: its value before and after.</summary>
public sealed record SyncSettingChange(string Field, JsonNode? From, JsonNode? To);

/// <summary>One recorded change of the sync settings: the version it made, who and when, what changed, and the settings after it.</summary>
public sealed record SyncSettingsRevision(int Version, DateTimeOffset ChangedAt, string ChangedBy, IReadOnlyList<SyncSettingChange> Changes, SyncSettings Settings);

/// <summary>
/// The admin's sync settings (<see cref="SyncSettings"/>): table <c>SyncState</c>, PK <c>settings-{scope}</c> (the
/// scope is the app's task hub, so apps sharing a storage account keep their own), RK <c>current</c> for the values
/// and <c>v{inverted version}</c> for each change, newest first. A change writes both rows in one transaction under
/// the current row's ETag, so no change is lost or recorded twice. Reads are cached for <see cref="CacheFor"/> per
/// instance (a change is seen at once by the instance that made it); before the first change the defaults apply.
/// </summary>
public sealed class SyncSettingsStore : ISyncSettings
{
    /// <summary>How long an instance reuses what it read: the longest a change takes to reach the other instances.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(2);

    private const string CurrentRow = "current";
    private const string SettingsProperty = "Settings";
    private const string VersionProperty = "Version";
    private const string ChangedAtProperty = "ChangedAt";
    private const string ChangedByProperty = "ChangedBy";
    private const string ChangesProperty = "Changes";
    private const string SwitchedOnVersionProperty = "SwitchedOnVersion";
    /// <summary>
    /// Tries of one change against others made at the same time: each round lets one through, so this many lets that
    /// many admins' changes at once all land (with a short random pause between tries, so they do not collide again).
    /// </summary>
    private const int ConflictAttempts = 64;

    private readonly TableClient _state;
    private readonly SyncSettings _defaults;
    private readonly string _partition;
    private readonly TimeProvider _clock;
    private (StoredSyncSettings Value, DateTimeOffset ReadAt)? _cached;

    public SyncSettingsStore(StorageAccount storage, SyncSettings defaults, string scope, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _state = storage.Table(TableNames.SyncState);
        _defaults = defaults ?? throw new ArgumentNullException(nameof(defaults));
        _partition = "settings-" + TableKey.Require(scope, nameof(scope));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
    }

    /// <summary>The settings in force (at most <see cref="CacheFor"/> old).</summary>
    public async Task<StoredSyncSettings> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_cached is { } cached && _clock.GetUtcNow() - cached.ReadAt < CacheFor)
        {
            return cached.Value;
        }

        return (await ReadAsync(cancellationToken)).Stored;
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the current settings and records it with who and when; a change that
    /// changes nothing records nothing. Decided again when another change got in first.
    /// </summary>
    public async Task<StoredSyncSettings> ChangeAsync(Func<SyncSettings, SyncSettings> change, string changedBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        for (int attempt = 1; ; attempt++)
        {
            (StoredSyncSettings current, ETag? etag) = await ReadAsync(cancellationToken);
            SyncSettings next = change(current.Settings);
            IReadOnlyList<SyncSettingChange> changes = Diff(current.Settings, next);
            if (changes.Count == 0)
            {
                return current;
            }

            var stored = new StoredSyncSettings(next, current.Version + 1, _clock.GetUtcNow(), changedBy)
            {
                SwitchedOnVersion = next.Enabled && !current.Settings.Enabled ? current.Version + 1 : current.SwitchedOnVersion,
            };
            TableEntity row = Row(CurrentRow, stored);
            TableEntity revision = Row(RevisionKey(stored.Version), stored);
            revision[ChangesProperty] = JsonSerializer.Serialize(changes, JsonDefaults.Options);
            try
            {
                await _state.SubmitTransactionAsync(
                    [
                        etag is { } tag ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, tag) : new TableTransactionAction(TableTransactionActionType.Add, row),
                        new TableTransactionAction(TableTransactionActionType.Add, revision),
                    ],
                    cancellationToken);
                _cached = (stored, _clock.GetUtcNow());
                return stored;
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < ConflictAttempts)
            {
                // Another change got in first: judge this one again against it.
                await Task.Delay(Random.Shared.Next(1, 10 + Math.Min(attempt, 10) * 10), cancellationToken);
            }
        }
    }

    /// <summary>One page of recorded changes, newest first; the next token is null at the end.</summary>
    public async Task<(IReadOnlyList<SyncSettingsRevision> Revisions, string? Next)> ListRevisionsAsync(string? continuation, int pageSize, CancellationToken cancellationToken = default)
    {
        return await _state.PageAsync(
            TableClient.CreateQueryFilter($"PartitionKey eq {_partition} and RowKey ge {"v"} and RowKey lt {"w"}"), pageSize, continuation, Revision, cancellationToken: cancellationToken);
    }

    /// <summary>The fields whose values differ, by their JSON names.</summary>
    public static IReadOnlyList<SyncSettingChange> Diff(SyncSettings before, SyncSettings after)
    {
        JsonObject from = JsonSerializer.SerializeToNode(before, JsonDefaults.Options)!.AsObject();
        JsonObject to = JsonSerializer.SerializeToNode(after, JsonDefaults.Options)!.AsObject();
        return [.. to.Where(field => !JsonNode.DeepEquals(from[field.Key], field.Value))
            .Select(field => new SyncSettingChange(field.Key, from[field.Key]?.DeepClone(), field.Value?.DeepClone()))];
    }

    private async Task<(StoredSyncSettings Stored, ETag? ETag)> ReadAsync(CancellationToken cancellationToken)
    {
        NullableResponse<TableEntity> found = await _state.GetEntityIfExistsAsync<TableEntity>(_partition, CurrentRow, cancellationToken: cancellationToken);
        (StoredSyncSettings stored, ETag? etag) = found.HasValue
            ? (Stored(found.Value!), found.Value!.ETag)
            : (new StoredSyncSettings(_defaults, 0, null, null), (ETag?)null);
        _cached = (stored, _clock.GetUtcNow());
        return (stored, etag);
    }

    private TableEntity Row(string rowKey, StoredSyncSettings stored) => new(_partition, rowKey)
    {
        [SettingsProperty] = JsonSerializer.Serialize(stored.Settings, JsonDefaults.Options),
        [VersionProperty] = stored.Version,
        [ChangedAtProperty] = stored.ChangedAt,
        [ChangedByProperty] = stored.ChangedBy,
        [SwitchedOnVersionProperty] = stored.SwitchedOnVersion,
    };

    private static StoredSyncSettings Stored(TableEntity row) => new(
        JsonSerializer.Deserialize<SyncSettings>(row.GetString(SettingsProperty)!, JsonDefaults.Options)!,
        row.GetInt32(VersionProperty) ?? 0,
        row.GetDateTimeOffset(ChangedAtProperty),
        row.GetString(ChangedByProperty))
    {
        SwitchedOnVersion = row.GetInt32(SwitchedOnVersionProperty) ?? 0,
    };

    private static SyncSettingsRevision Revision(TableEntity row)
    {
        StoredSyncSettings stored = Stored(row);
        return new SyncSettingsRevision(
            stored.Version,
            stored.ChangedAt ?? row.Timestamp ?? DateTimeOffset.MinValue,
            stored.ChangedBy ?? "",
            JsonSerializer.Deserialize<List<SyncSettingChange>>(row.GetString(ChangesProperty) ?? "[]", JsonDefaults.Options)!,
            stored.Settings);
    }

    private static string RevisionKey(int version) =>
        "v" + (int.MaxValue - version).ToString("D10", System.Globalization.CultureInfo.InvariantCulture);
}

using System.Collections.Concurrent;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;

namespace JourneyFunctions.Storage.Journeys;

/// <summary>
/// Journeys and their immutable published versions: table <c>Journeys</c>, PK = journey id,
/// RK = <c>head</c> (status, draft) or <c>v000001</c>... (one row per published version).
/// </summary>
public sealed class JourneyStore : IJourneyStore
{
    private const string Head = "head";

    /// <summary>
    /// Rounds of read-decide-write of the head that keep losing to other requests before giving up with a conflict. Each
    /// round one of the racing requests wins, so this many requests changing one journey at once all get through.
    /// </summary>
    private const int ConflictAttempts = 64;

    /// <summary>Characters of a run's failure message kept (a table string property holds 32K).</summary>
    private const int MaxFailureMessage = 4000;

    /// <summary>Published versions kept in memory (at most 400,000 characters each), emptied when full.</summary>
    private const int VersionsKept = 64;
    private readonly TableClient _journeys;
    private readonly TableClient _runs;

    /// <summary>
    /// Versions read before: a published version never changes, so every action call of a run (which reads its node's
    /// settings from the version) after the first is served from memory.
    /// </summary>
    private readonly ConcurrentDictionary<(string JourneyId, int Version), JourneyDefinition> _versions = new();

    public JourneyStore(StorageAccount storage)
        : this((storage ?? throw new ArgumentNullException(nameof(storage))).Tables)
    {
    }

    /// <summary>On tables of a client of its own (tests that lose a storage answer).</summary>
    internal JourneyStore(TableServiceClient tables)
    {
        _journeys = tables.GetTableClient(TableNames.Journeys);
        _runs = tables.GetTableClient(TableNames.JourneyRuns);
    }

    /// <summary>Stores a new draft journey under a fresh id.</summary>
    public async Task<JourneyInfo> CreateAsync(JourneyDefinition draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        string draftJson = JsonSerializer.Serialize(draft, JsonDefaults.Options);
        for (int attempt = 1; ; attempt++)
        {
            var head = new TableEntity("j-" + Guid.NewGuid().ToString("N")[..12], Head)
            {
                ["Name"] = draft.Name,
                ["Status"] = nameof(JourneyStatus.Draft),
                ["LatestVersion"] = 0,
            };
            LargeText.Write(head, "DraftJson", draftJson);
            try
            {
                await _journeys.AddEntityAsync(head, cancellationToken);
                return ToInfo(head);
            }
            catch (RequestFailedException e) when (e.ErrorCode == Azure.Data.Tables.Models.TableErrorCode.EntityAlreadyExists && attempt < 3)
            {
                // The id is fresh, so the row there is this insert's own when the storage client sent it again after an
                // answer it did not get (a slow account): that journey is the one created, not a conflict to report.
                if (await GetHeadAsync(head.PartitionKey, cancellationToken) is { } stored && IsDraftOf(stored, draftJson))
                {
                    return ToInfo(stored);
                }
            }
        }
    }

    private static bool IsDraftOf(TableEntity head, string draftJson) =>
        StatusOf(head) == JourneyStatus.Draft && head.GetInt32("LatestVersion") == 0 && LargeText.Read(head, "DraftJson") == draftJson;

    public async Task<JourneyInfo?> GetAsync(string journeyId, CancellationToken cancellationToken = default)
    {
        TableEntity? head = await GetHeadAsync(journeyId, cancellationToken);
        return head is null ? null : ToInfo(head);
    }

    public async Task<bool> IsAbortedAsync(string journeyId, CancellationToken cancellationToken = default)
    {
        NullableResponse<TableEntity> head = await _journeys.GetEntityIfExistsAsync<TableEntity>(journeyId, Head, ["Status"], cancellationToken);
        return head.HasValue && StatusOf(head.Value!) == JourneyStatus.Aborted;
    }

    /// <summary>
    /// Publishes the draft read as <paramref name="etag"/> (the one the caller validated; null: the current draft) as
    /// the next immutable version and makes the journey live: the version row and the head in one transaction, so a publish is never
    /// half done and two publishes cannot both number the same version.
    /// </summary>
    /// <returns>The published version number, or null when the journey does not exist.</returns>
    /// <exception cref="InvalidOperationException">The journey changed since that read, has no draft, or is closed, finished or aborted.</exception>
    public async Task<int?> PublishAsync(string journeyId, string? etag = null, CancellationToken cancellationToken = default)
    {
        TableEntity? head = await GetHeadAsync(journeyId, cancellationToken);
        if (head is null)
        {
            return null;
        }

        string? draftJson = LargeText.Read(head, "DraftJson");
        if (etag is not null && head.ETag.ToString() != etag)
        {
            throw new InvalidOperationException(Changed(journeyId));
        }

        JourneyStatus status = StatusOf(head);
        if (status is not (JourneyStatus.Draft or JourneyStatus.Live))
        {
            throw new InvalidOperationException($"Journey '{journeyId}' is {Name(status)}; only a draft or live journey can be published.");
        }

        if (draftJson is null)
        {
            throw new InvalidOperationException($"Journey '{journeyId}' has no draft to publish.");
        }

        int version = (head.GetInt32("LatestVersion") ?? 0) + 1;
        var versionRow = new TableEntity(journeyId, VersionRow(version));
        LargeText.Write(versionRow, "DefinitionJson", draftJson);
        head["LatestVersion"] = version;
        head["LiveVersion"] = version;
        head["Status"] = nameof(JourneyStatus.Live);
        LargeText.Write(head, "DraftJson", null);
        try
        {
            await _journeys.SubmitTransactionAsync(
                [new TableTransactionAction(TableTransactionActionType.UpsertReplace, versionRow), new TableTransactionAction(TableTransactionActionType.UpdateReplace, head, head.ETag)],
                cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            throw new InvalidOperationException(Changed(journeyId), e);
        }

        return version;
    }

    /// <summary>One page of journeys (heads only), in id order, and the token of the next page (null on the last).</summary>
    public async Task<(IReadOnlyList<JourneyInfo> Journeys, string? Next)> ListPageAsync(int pageSize, string? continuation, CancellationToken cancellationToken = default) =>
        await _journeys.PageAsync(TableClient.CreateQueryFilter($"RowKey eq {Head}"), pageSize, continuation, ToInfo, cancellationToken: cancellationToken);

    /// <summary>One page of a journey's runs, in run id order, and the token of the next page.</summary>
    public async Task<(IReadOnlyList<RunRecord> Runs, string? Next)> ListRunsPageAsync(
        string journeyId, int pageSize, string? continuation, CancellationToken cancellationToken = default) =>
        await _runs.PageAsync(TableClient.CreateQueryFilter($"PartitionKey eq {journeyId}"), pageSize, continuation, RunRecord.From, cancellationToken: cancellationToken);

    /// <summary>Replaces the draft. Editing a live journey makes a new draft; its live version keeps running until the draft is published.</summary>
    /// <returns>The updated journey, or null when it does not exist.</returns>
    /// <exception cref="InvalidOperationException">The journey is closed, finished or aborted.</exception>
    public async Task<JourneyInfo?> UpdateDraftAsync(string journeyId, JourneyDefinition draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        string draftJson = JsonSerializer.Serialize(draft, JsonDefaults.Options);
        TableEntity? head = await UpdateHeadAsync(journeyId, head =>
        {
            JourneyStatus status = StatusOf(head);
            if (status is not (JourneyStatus.Draft or JourneyStatus.Live))
            {
                throw new InvalidOperationException($"Journey '{journeyId}' is {Name(status)} and can no longer be edited.");
            }

            head["Name"] = draft.Name;
            LargeText.Write(head, "DraftJson", draftJson);
            return true;
        }, cancellationToken);
        return head is null ? null : ToInfo(head);
    }

    /// <summary>
    /// Moves the journey to <paramref name="to"/> when its current status is one of <paramref name="from"/> (checked
    /// against the stored head under its ETag); a journey already there, or in one of <paramref name="alreadyDone"/>
    /// (statuses the step counts as made), is answered unchanged.
    /// </summary>
    /// <returns>The journey after the change, or null when it does not exist.</returns>
    /// <exception cref="InvalidOperationException">The journey's status does not allow the change.</exception>
    public async Task<JourneyInfo?> TransitionAsync(
        string journeyId, JourneyStatus to, IReadOnlySet<JourneyStatus> from, IReadOnlySet<JourneyStatus>? alreadyDone = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(from);
        TableEntity? head = await UpdateHeadAsync(journeyId, head =>
        {
            JourneyStatus status = StatusOf(head);
            if (status == to || alreadyDone?.Contains(status) == true)
            {
                return false;
            }

            if (!from.Contains(status))
            {
                throw new InvalidOperationException($"Journey '{journeyId}' is {Name(status)}; it cannot become {Name(to)}.");
            }

            head["Status"] = to.ToString();
            return true;
        }, cancellationToken);
        return head is null ? null : ToInfo(head);
    }

    /// <summary>A closed journey whose runs have all ended becomes finished (by the engine at a run's end, and on close).</summary>
    /// <returns>Whether the journey is finished now.</returns>
    public async Task<bool> FinishIfRunsEndedAsync(string journeyId, CancellationToken cancellationToken = default)
    {
        await foreach (TableEntity run in _runs.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {journeyId}"), select: ["EndedAt"], cancellationToken: cancellationToken))
        {
            if (run.GetDateTimeOffset("EndedAt") is null)
            {
                return false;
            }
        }

        TableEntity? head = await UpdateHeadAsync(journeyId, head =>
        {
            if (StatusOf(head) != JourneyStatus.Closed)
            {
                return false;
            }

            head["Status"] = nameof(JourneyStatus.Finished);
            return true;
        }, cancellationToken);
        return head is not null && StatusOf(head) == JourneyStatus.Finished;
    }

    /// <summary>Records a run of a journey (idempotent by run id).</summary>
    public Task RecordRunAsync(string journeyId, string runId, int version, DateTimeOffset startedAt, CancellationToken cancellationToken = default) =>
        _runs.UpsertEntityAsync(new TableEntity(journeyId, runId) { ["Version"] = version, ["StartedAt"] = startedAt }, TableUpdateMode.Replace, cancellationToken);

    /// <summary>Removes the record of a run that did not start after all (its journey closed as it started).</summary>
    public Task ForgetRunAsync(string journeyId, string runId, CancellationToken cancellationToken = default) =>
        _runs.DeleteEntityAsync(journeyId, runId, cancellationToken: cancellationToken);

    /// <summary>Removes a run's record as read, unless it was written again since (a retried start records its run anew).</summary>
    /// <returns>Whether it was removed (or was gone already).</returns>
    public async Task<bool> ForgetRunIfUnchangedAsync(string journeyId, RunRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        try
        {
            await _runs.DeleteEntityAsync(journeyId, record.RunId, record.Row, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return false;
        }
    }

    /// <summary>
    /// Records that a run ended, and where and why it failed if it did (idempotent). A run whose record is gone was
    /// refused as it started (<see cref="ForgetRunAsync"/>) and stays unlisted: its end creates no record.
    /// </summary>
    public async Task RecordRunEndAsync(string journeyId, string runId, DateTimeOffset endedAt, RunFailure? failure, CancellationToken cancellationToken = default)
    {
        try
        {
            await _runs.UpdateEntityAsync(
                new TableEntity(journeyId, runId)
                {
                    ["EndedAt"] = endedAt,
                    ["FailedNodeId"] = failure?.NodeId,
                    ["FailedBatch"] = failure?.Batch,
                    ["FailureMessage"] = failure?.Message is { } message && message.Length > MaxFailureMessage ? message[..MaxFailureMessage] : failure?.Message,
                },
                ETag.All,
                TableUpdateMode.Merge,
                cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Forgotten: nothing to record.
        }
    }

    /// <summary>Where and why a run failed, as recorded at its end; null when it did not fail or is unknown.</summary>
    public async Task<RunFailure?> GetRunFailureAsync(string journeyId, string runId, CancellationToken cancellationToken = default)
    {
        NullableResponse<TableEntity> run = await _runs.GetEntityIfExistsAsync<TableEntity>(journeyId, runId, cancellationToken: cancellationToken);
        return run.HasValue && run.Value!.GetString("FailureMessage") is { } message
            ? new RunFailure(run.Value.GetString("FailedNodeId"), run.Value.GetInt32("FailedBatch"), message)
            : null;
    }

    /// <summary>The runs of a journey, oldest first.</summary>
    public async Task<List<RunRecord>> ListRunsAsync(string journeyId, CancellationToken cancellationToken = default)
    {
        var runs = new List<RunRecord>();
        await foreach (TableEntity run in _runs.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {journeyId}"), cancellationToken: cancellationToken))
        {
            runs.Add(RunRecord.From(run));
        }

        return runs.OrderBy(r => r.StartedAt).ToList();
    }

    /// <summary>A published version's definition, or null.</summary>
    public async Task<JourneyDefinition?> GetVersionAsync(string journeyId, int version, CancellationToken cancellationToken = default)
    {
        if (_versions.TryGetValue((journeyId, version), out JourneyDefinition? kept))
        {
            return kept;
        }

        NullableResponse<TableEntity> row = await _journeys.GetEntityIfExistsAsync<TableEntity>(journeyId, VersionRow(version), cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return null;
        }

        JourneyDefinition definition = JsonSerializer.Deserialize<JourneyDefinition>(LargeText.Read(row.Value!, "DefinitionJson")!, JsonDefaults.Options)!;
        if (_versions.Count >= VersionsKept)
        {
            _versions.Clear();
        }

        _versions[(journeyId, version)] = definition;
        return definition;
    }

    private static string VersionRow(int version) => $"v{version:D6}";

    private static JourneyStatus StatusOf(TableEntity head) => Enum.Parse<JourneyStatus>(head.GetString("Status"));

    private static string Name(JourneyStatus status) => status.ToString().ToLowerInvariant();

    private static string Changed(string journeyId) => $"Journey '{journeyId}' changed while publishing (an edit or another publish came first); try again.";

    /// <summary>
    /// Reads the head, lets <paramref name="change"/> decide on it (false: nothing to write; it may throw to refuse),
    /// and writes it under the read's ETag. When another request changed the head in between, it is read and decided
    /// again, so every change is judged against the current state and a conflict never surfaces as a storage error.
    /// </summary>
    /// <returns>The head as written (or as read, when nothing changed); null when the journey does not exist.</returns>
    private async Task<TableEntity?> UpdateHeadAsync(string journeyId, Func<TableEntity, bool> change, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            TableEntity? head = await GetHeadAsync(journeyId, cancellationToken);
            if (head is null || !change(head))
            {
                return head;
            }

            try
            {
                await _journeys.UpdateEntityAsync(head, head.ETag, TableUpdateMode.Replace, cancellationToken);
                return head;
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                if (attempt == ConflictAttempts)
                {
                    throw new InvalidOperationException($"Journey '{journeyId}' kept changing while this request tried to change it; try again.", e);
                }
            }
        }
    }

    private async Task<TableEntity?> GetHeadAsync(string journeyId, CancellationToken cancellationToken)
    {
        NullableResponse<TableEntity> head = await _journeys.GetEntityIfExistsAsync<TableEntity>(journeyId, Head, cancellationToken: cancellationToken);
        return head.HasValue ? head.Value : null;
    }

    private static JourneyInfo ToInfo(TableEntity head)
    {
        string? draftJson = LargeText.Read(head, "DraftJson");
        return new JourneyInfo(
            head.PartitionKey,
            head.GetString("Name") ?? "",
            Enum.Parse<JourneyStatus>(head.GetString("Status")),
            head.GetInt32("LiveVersion"),
            head.GetInt32("LatestVersion") ?? 0,
            draftJson is null ? null : JsonSerializer.Deserialize<JourneyDefinition>(draftJson, JsonDefaults.Options),
            head.ETag.ToString());
    }
}

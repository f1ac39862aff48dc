using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Domain.Storage;

namespace JourneyFunctions.Domain.Journeys;

/// <summary>
/// Journeys and their immutable published versions: table <c>Journeys</c>, PK = journey id,
/// RK = <c>head</c> (status, draft) or <c>v000001</c>... (one row per published version).
/// </summary>
public sealed class JourneyStore
{
    private const string Head = "head";
    private readonly TableClient _journeys;
    private readonly TableClient _runs;

    public JourneyStore(StorageAccount storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _journeys = storage.Table(TableNames.Journeys);
        _runs = storage.Table(TableNames.JourneyRuns);
    }

    /// <summary>Stores a new draft journey under a fresh id.</summary>
    public async Task<JourneyInfo> CreateAsync(JourneyDefinition draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        string id = "j-" + Guid.NewGuid().ToString("N")[..12];
        var head = new TableEntity(id, Head)
        {
            ["Name"] = draft.Name,
            ["Status"] = nameof(JourneyStatus.Draft),
            ["LatestVersion"] = 0,
        };
        LargeText.Write(head, "DraftJson", JsonSerializer.Serialize(draft, JsonDefaults.Options));
        await _journeys.AddEntityAsync(head, cancellationToken);
        return ToInfo(head);
    }

    public async Task<JourneyInfo?> GetAsync(string journeyId, CancellationToken cancellationToken = default)
    {
        TableEntity? head = await GetHeadAsync(journeyId, cancellationToken);
        return head is null ? null : ToInfo(head);
    }

    /// <summary>Publishes the draft as the next immutable version and makes the journey live.</summary>
    /// <returns>The published version number, or null when the journey does not exist or has no draft.</returns>
    public async Task<int?> PublishAsync(string journeyId, CancellationToken cancellationToken = default)
    {
        TableEntity? head = await GetHeadAsync(journeyId, cancellationToken);
        string? draftJson = head is null ? null : LargeText.Read(head, "DraftJson");
        if (head is null || draftJson is null)
        {
            return null;
        }

        int version = (head.GetInt32("LatestVersion") ?? 0) + 1;
        // The version row first: a crash before the head update leaves an unreferenced version, never a dangling head.
        var versionRow = new TableEntity(journeyId, VersionRow(version));
        LargeText.Write(versionRow, "DefinitionJson", draftJson);
        await _journeys.UpsertEntityAsync(versionRow, TableUpdateMode.Replace, cancellationToken);
        head["LatestVersion"] = version;
        head["LiveVersion"] = version;
        head["Status"] = nameof(JourneyStatus.Live);
        LargeText.Write(head, "DraftJson", null);
        await _journeys.UpdateEntityAsync(head, head.ETag, TableUpdateMode.Replace, cancellationToken);
        return version;
    }

    /// <summary>One page of journeys (heads only), in id order, and the token of the next page (null on the last).</summary>
    public Task<(IReadOnlyList<JourneyInfo> Journeys, string? Next)> ListPageAsync(int pageSize, string? continuation, CancellationToken cancellationToken = default) =>
        PageAsync(_journeys, TableClient.CreateQueryFilter($"RowKey eq {Head}"), pageSize, continuation, ToInfo, cancellationToken);

    /// <summary>One page of a journey's runs, in run id order, and the token of the next page.</summary>
    public Task<(IReadOnlyList<(string RunId, int Version, DateTimeOffset StartedAt)> Runs, string? Next)> ListRunsPageAsync(
        string journeyId, int pageSize, string? continuation, CancellationToken cancellationToken = default) =>
        PageAsync(_runs, TableClient.CreateQueryFilter($"PartitionKey eq {journeyId}"), pageSize, continuation,
            run => (run.RowKey, run.GetInt32("Version") ?? 0, run.GetDateTimeOffset("StartedAt") ?? default), cancellationToken);

    private static async Task<(IReadOnlyList<T>, string?)> PageAsync<T>(
        TableClient table, string filter, int pageSize, string? continuation, Func<TableEntity, T> map, CancellationToken cancellationToken)
    {
        await foreach (Page<TableEntity> page in table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken).AsPages(continuation, pageSize))
        {
            return (page.Values.Select(map).ToList(), page.ContinuationToken);
        }

        return ([], null);
    }

    /// <summary>Replaces the draft. Editing a live journey makes a new draft; its live version keeps running until the draft is published.</summary>
    /// <returns>The updated journey, or null when it does not exist.</returns>
    /// <exception cref="InvalidOperationException">The journey is closed, finished or aborted.</exception>
    public async Task<JourneyInfo?> UpdateDraftAsync(string journeyId, JourneyDefinition draft, CancellationToken cancellationToken = default)
    {
        TableEntity? head = await GetHeadAsync(journeyId, cancellationToken);
        if (head is null)
        {
            return null;
        }

        JourneyStatus status = Enum.Parse<JourneyStatus>(head.GetString("Status"));
        if (status is not (JourneyStatus.Draft or JourneyStatus.Live))
        {
            throw new InvalidOperationException($"Journey '{journeyId}' is {status.ToString().ToLowerInvariant()} and can no longer be edited.");
        }

        head["Name"] = draft.Name;
        LargeText.Write(head, "DraftJson", JsonSerializer.Serialize(draft, JsonDefaults.Options));
        await _journeys.UpdateEntityAsync(head, head.ETag, TableUpdateMode.Replace, cancellationToken);
        return ToInfo(head);
    }

    /// <summary>Moves the journey to <paramref name="to"/> when its status is one of <paramref name="from"/>.</summary>
    /// <returns>The journey after the change, or null when it does not exist.</returns>
    /// <exception cref="InvalidOperationException">The journey's status does not allow the change.</exception>
    public async Task<JourneyInfo?> TransitionAsync(string journeyId, JourneyStatus to, IReadOnlySet<JourneyStatus> from, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(from);
        TableEntity? head = await GetHeadAsync(journeyId, cancellationToken);
        if (head is null)
        {
            return null;
        }

        JourneyStatus status = Enum.Parse<JourneyStatus>(head.GetString("Status"));
        if (status == to)
        {
            return ToInfo(head);
        }

        if (!from.Contains(status))
        {
            throw new InvalidOperationException($"Journey '{journeyId}' is {status.ToString().ToLowerInvariant()}; it cannot become {to.ToString().ToLowerInvariant()}.");
        }

        head["Status"] = to.ToString();
        await _journeys.UpdateEntityAsync(head, head.ETag, TableUpdateMode.Replace, cancellationToken);
        return ToInfo(head);
    }

    /// <summary>Records a run of a journey (idempotent by run id).</summary>
    public Task RecordRunAsync(string journeyId, string runId, int version, DateTimeOffset startedAt, CancellationToken cancellationToken = default) =>
        _runs.UpsertEntityAsync(new TableEntity(journeyId, runId) { ["Version"] = version, ["StartedAt"] = startedAt }, TableUpdateMode.Replace, cancellationToken);

    /// <summary>The runs of a journey, oldest first.</summary>
    public async Task<List<(string RunId, int Version, DateTimeOffset StartedAt)>> ListRunsAsync(string journeyId, CancellationToken cancellationToken = default)
    {
        var runs = new List<(string, int, DateTimeOffset)>();
        await foreach (TableEntity run in _runs.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {journeyId}"), cancellationToken: cancellationToken))
        {
            runs.Add((run.RowKey, run.GetInt32("Version") ?? 0, run.GetDateTimeOffset("StartedAt") ?? default));
        }

        return runs.OrderBy(r => r.Item3).ToList();
    }

    /// <summary>A published version's definition, or null.</summary>
    public async Task<JourneyDefinition?> GetVersionAsync(string journeyId, int version, CancellationToken cancellationToken = default)
    {
        NullableResponse<TableEntity> row = await _journeys.GetEntityIfExistsAsync<TableEntity>(journeyId, VersionRow(version), cancellationToken: cancellationToken);
        return row.HasValue ? JsonSerializer.Deserialize<JourneyDefinition>(LargeText.Read(row.Value!, "DefinitionJson")!, JsonDefaults.Options) : null;
    }

    private static string VersionRow(int version) => $"v{version:D6}";

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
            draftJson is null ? null : JsonSerializer.Deserialize<JourneyDefinition>(draftJson, JsonDefaults.Options));
    }
}

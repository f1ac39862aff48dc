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

    public JourneyStore(StorageAccount storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _journeys = storage.Table(TableNames.Journeys);
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
            ["DraftJson"] = JsonSerializer.Serialize(draft, JsonDefaults.Options),
        };
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
        string? draftJson = head?.GetString("DraftJson");
        if (head is null || draftJson is null)
        {
            return null;
        }

        int version = (head.GetInt32("LatestVersion") ?? 0) + 1;
        // The version row first: a crash before the head update leaves an unreferenced version, never a dangling head.
        await _journeys.UpsertEntityAsync(new TableEntity(journeyId, VersionRow(version)) { ["DefinitionJson"] = draftJson }, TableUpdateMode.Replace, cancellationToken);
        head["LatestVersion"] = version;
        head["LiveVersion"] = version;
        head["Status"] = nameof(JourneyStatus.Live);
        head["DraftJson"] = null;
        await _journeys.UpdateEntityAsync(head, head.ETag, TableUpdateMode.Replace, cancellationToken);
        return version;
    }

    /// <summary>A published version's definition, or null.</summary>
    public async Task<JourneyDefinition?> GetVersionAsync(string journeyId, int version, CancellationToken cancellationToken = default)
    {
        NullableResponse<TableEntity> row = await _journeys.GetEntityIfExistsAsync<TableEntity>(journeyId, VersionRow(version), cancellationToken: cancellationToken);
        return row.HasValue ? JsonSerializer.Deserialize<JourneyDefinition>(row.Value!.GetString("DefinitionJson"), JsonDefaults.Options) : null;
    }

    private static string VersionRow(int version) => $"v{version:D6}";

    private async Task<TableEntity?> GetHeadAsync(string journeyId, CancellationToken cancellationToken)
    {
        NullableResponse<TableEntity> head = await _journeys.GetEntityIfExistsAsync<TableEntity>(journeyId, Head, cancellationToken: cancellationToken);
        return head.HasValue ? head.Value : null;
    }

    private static JourneyInfo ToInfo(TableEntity head)
    {
        string? draftJson = head.GetString("DraftJson");
        return new JourneyInfo(
            head.PartitionKey,
            head.GetString("Name") ?? "",
            Enum.Parse<JourneyStatus>(head.GetString("Status")),
            head.GetInt32("LiveVersion"),
            head.GetInt32("LatestVersion") ?? 0,
            draftJson is null ? null : JsonSerializer.Deserialize<JourneyDefinition>(draftJson, JsonDefaults.Options));
    }
}

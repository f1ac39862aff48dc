using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Marketo;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;

namespace JourneyFunctions.Storage.Marketo;

/// <summary>
/// The Marketo Engage objects journeys act on (table <c>MarketoEngage</c>): connections with their static lists and
/// programs (each with its statuses), workspaces with their request campaigns and emails, and the people journeys put
/// on a list, into a campaign or at a program status. Catalog rows live in partitions starting with <c>~</c>;
/// memberships in <c>list~{connection}~{list}</c>, <c>campaign~{workspace}~{campaign}</c> and
/// <c>program~{connection}~{program}</c>. Names are escaped with <see cref="TableKey.ForName"/>.
/// </summary>
public sealed class MarketoEngageStore : IMarketoEngageStore
{
    private const string Connections = "~connections";
    private const string Workspaces = "~workspaces";
    private const string ProgramStatuses = "Statuses";
    private const string ProgramStatus = "Status";
    private readonly TableClient _marketo;

    public MarketoEngageStore(StorageAccount storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _marketo = storage.Table(TableNames.MarketoEngage);
    }

    public Task AddConnectionAsync(string connection, CancellationToken cancellationToken = default) =>
        AddAsync(Connections, connection, null, cancellationToken);

    public Task<bool> ConnectionExistsAsync(string connection, CancellationToken cancellationToken = default) =>
        ExistsAsync(Connections, connection, cancellationToken);

    public Task AddListAsync(string connection, string list, CancellationToken cancellationToken = default) =>
        AddAsync("~lists~" + Key(connection), list, null, cancellationToken);

    public Task<bool> ListExistsAsync(string connection, string list, CancellationToken cancellationToken = default) =>
        TableKey.ForName(connection) is { } c ? ExistsAsync("~lists~" + c, list, cancellationToken) : Task.FromResult(false);

    /// <summary>Adds a program of a connection with its statuses (e.g. Invited, Registered, Attended), in progression order.</summary>
    public Task AddProgramAsync(string connection, string program, IReadOnlyList<string> statuses, CancellationToken cancellationToken = default) =>
        AddAsync("~programs~" + Key(connection), program, new Dictionary<string, object?> { [ProgramStatuses] = JsonSerializer.Serialize(statuses) }, cancellationToken);

    /// <summary>A program's statuses, or null when the connection has no such program.</summary>
    public async Task<IReadOnlyList<string>?> GetProgramStatusesAsync(string connection, string program, CancellationToken cancellationToken = default)
    {
        if (TableKey.ForName(connection) is not { } c || TableKey.ForName(program) is not { } p)
        {
            return null;
        }

        NullableResponse<TableEntity> found = await _marketo.GetEntityIfExistsAsync<TableEntity>("~programs~" + c, p, cancellationToken: cancellationToken);
        return found.HasValue ? JsonSerializer.Deserialize<List<string>>(found.Value!.GetString(ProgramStatuses) ?? "[]") : null;
    }

    /// <summary>Sets people's membership status in a program (one row per person, rewritten by a retry).</summary>
    public Task<int> SetProgramStatusAsync(
        string connection, string program, IEnumerable<string> personIds, string status, IReadOnlyDictionary<string, object?> by, CancellationToken cancellationToken = default) =>
        Memberships.SetAsync(_marketo, ProgramPartition(connection, program), personIds, isMember: true, new Dictionary<string, object?>(by) { [ProgramStatus] = status }, cancellationToken);

    /// <summary>A program's members and their status.</summary>
    public async Task<Dictionary<string, string?>> GetProgramMembersAsync(string connection, string program, CancellationToken cancellationToken = default) =>
        (await Memberships.GetAsync(_marketo, ProgramPartition(connection, program), cancellationToken)).ToDictionary(m => m.RowKey, m => (string?)m.GetString(ProgramStatus), StringComparer.Ordinal);

    public Task AddWorkspaceAsync(string workspace, CancellationToken cancellationToken = default) =>
        AddAsync(Workspaces, workspace, null, cancellationToken);

    public Task AddCampaignAsync(string workspace, string campaign, CancellationToken cancellationToken = default) =>
        AddAsync("~campaigns~" + Key(workspace), campaign, null, cancellationToken);

    public Task<bool> CampaignExistsAsync(string workspace, string campaign, CancellationToken cancellationToken = default) =>
        TableKey.ForName(workspace) is { } w ? ExistsAsync("~campaigns~" + w, campaign, cancellationToken) : Task.FromResult(false);

    public Task AddEmailAsync(MarketoEmail email, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(email);
        return AddAsync("~emails~" + Key(email.Workspace), email.Name, new Dictionary<string, object?> { ["Subject"] = email.Subject, ["Body"] = email.Body }, cancellationToken);
    }

    public async Task<MarketoEmail?> GetEmailAsync(string workspace, string name, CancellationToken cancellationToken = default)
    {
        if (TableKey.ForName(workspace) is not { } w || TableKey.ForName(name) is not { } n)
        {
            return null;
        }

        NullableResponse<TableEntity> found = await _marketo.GetEntityIfExistsAsync<TableEntity>("~emails~" + w, n, cancellationToken: cancellationToken);
        return found.HasValue ? new MarketoEmail(workspace, name, found.Value!.GetString("Subject") ?? "", found.Value.GetString("Body") ?? "") : null;
    }

    /// <summary>Puts people on (or takes them off) a static list of a connection.</summary>
    public Task<int> SetListMembersAsync(string connection, string list, IEnumerable<string> personIds, bool isMember, IReadOnlyDictionary<string, object?> by, CancellationToken cancellationToken = default) =>
        Memberships.SetAsync(_marketo, ListPartition(connection, list), personIds, isMember, by, cancellationToken);

    public async Task<List<string>> GetListMembersAsync(string connection, string list, CancellationToken cancellationToken = default) =>
        (await Memberships.GetAsync(_marketo, ListPartition(connection, list), cancellationToken)).Select(m => m.RowKey).ToList();

    /// <summary>Adds people to a request campaign (the campaign then runs its flow for them in Marketo).</summary>
    public Task<int> RequestCampaignAsync(string workspace, string campaign, IEnumerable<string> personIds, IReadOnlyDictionary<string, object?> by, CancellationToken cancellationToken = default) =>
        Memberships.SetAsync(_marketo, CampaignPartition(workspace, campaign), personIds, isMember: true, by, cancellationToken);

    public async Task<List<string>> GetCampaignMembersAsync(string workspace, string campaign, CancellationToken cancellationToken = default) =>
        (await Memberships.GetAsync(_marketo, CampaignPartition(workspace, campaign), cancellationToken)).Select(m => m.RowKey).ToList();

    private static string ListPartition(string connection, string list) => $"list~{Key(connection)}~{Key(list)}";

    private static string ProgramPartition(string connection, string program) => $"program~{Key(connection)}~{Key(program)}";

    private static string CampaignPartition(string workspace, string campaign) => $"campaign~{Key(workspace)}~{Key(campaign)}";

    private async Task AddAsync(string partition, string name, IReadOnlyDictionary<string, object?>? properties, CancellationToken cancellationToken)
    {
        var row = new TableEntity(partition, Key(name)) { ["Name"] = name };
        foreach (KeyValuePair<string, object?> property in properties ?? new Dictionary<string, object?>())
        {
            row[property.Key] = property.Value;
        }

        await _marketo.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    private async Task<bool> ExistsAsync(string partition, string name, CancellationToken cancellationToken) =>
        TableKey.ForName(name) is { } key && (await _marketo.GetEntityIfExistsAsync<TableEntity>(partition, key, cancellationToken: cancellationToken)).HasValue;

    private static string Key(string name) => TableKey.ForName(name) ?? throw new ArgumentException($"'{name}' is not a usable name.", nameof(name));
}

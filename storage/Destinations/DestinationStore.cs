using Azure;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Destinations;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;

namespace JourneyFunctions.Storage.Destinations;

/// <summary>
/// Ad destinations such as LinkedIn (table <c>Destinations</c>): configured destinations in partition
/// <c>~destinations</c>, each activated audience in <c>~audiences~{destination}</c>, and the accounts pushed to an
/// audience in <c>{destination}~{audience}</c> (member flag: active, or deactivated later).
/// </summary>
public sealed class DestinationStore : IDestinationStore
{
    private const string Destinations = "~destinations";
    private readonly TableClient _destinations;

    public DestinationStore(StorageAccount storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _destinations = storage.Table(TableNames.Destinations);
    }

    public Task AddDestinationAsync(string name, CancellationToken cancellationToken = default) =>
        _destinations.UpsertEntityAsync(new TableEntity(Destinations, Key(name)) { ["Name"] = name }, TableUpdateMode.Replace, cancellationToken);

    public async Task<bool> ExistsAsync(string name, CancellationToken cancellationToken = default) =>
        TableKey.ForName(name) is { } key && (await _destinations.GetEntityIfExistsAsync<TableEntity>(Destinations, key, cancellationToken: cancellationToken)).HasValue;

    /// <summary>Pushes accounts to (or withdraws them from) the named audience of a destination; activation creates the audience.</summary>
    public async Task<int> SetAccountsAsync(string destination, string audience, IReadOnlyCollection<string> accountIds, bool active, IReadOnlyDictionary<string, object?> by, CancellationToken cancellationToken = default)
    {
        if (active)
        {
            await _destinations.UpsertEntityAsync(new TableEntity($"~audiences~{Key(destination)}", Key(audience)) { ["Name"] = audience }, TableUpdateMode.Replace, cancellationToken);
        }

        return await Memberships.SetAsync(_destinations, Partition(destination, audience), accountIds, active, by, cancellationToken);
    }

    /// <summary>Accounts currently pushed to the audience.</summary>
    public async Task<List<string>> GetAccountsAsync(string destination, string audience, CancellationToken cancellationToken = default) =>
        (await Memberships.GetAsync(_destinations, Partition(destination, audience), cancellationToken)).Select(m => m.RowKey).ToList();

    private static string Partition(string destination, string audience) => $"{Key(destination)}~{Key(audience)}";

    private static string Key(string name) => TableKey.ForName(name) ?? throw new ArgumentException($"'{name}' is not a usable name.", nameof(name));
}

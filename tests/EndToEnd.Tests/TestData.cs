using System.Globalization;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Accounts;
using JourneyFunctions.Domain.Effects;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Accounts;
using JourneyFunctions.Storage.Effects;
using JourneyFunctions.Storage.People;
using JourneyFunctions.Storage.Samples;
using JourneyFunctions.Testing;

namespace JourneyFunctions.EndToEnd.Tests;

/// <summary>Accounts and people with ids unique to one test, written straight into Azurite.</summary>
public sealed class TestData
{
    public TestData()
    {
        Prefix = "t" + Guid.NewGuid().ToString("N")[..8];
        Storage = new StorageAccount(TestStorage.ConnectionString);
    }

    public string Prefix { get; }

    public StorageAccount Storage { get; }

    public string Account(int i) => string.Create(CultureInfo.InvariantCulture, $"{Prefix}-a{i}");

    public string Person(int account, int person) => string.Create(CultureInfo.InvariantCulture, $"{Prefix}-p{account}-{person}");

    /// <summary>Accounts whose even indexes are in the Software industry; each with <paramref name="people"/> sales-owned people.</summary>
    public async Task SeedAsync(int accounts, int people)
    {
        await Storage.EnsureCreatedAsync();
        await new AccountStore(Storage).UpsertAsync(Enumerable.Range(0, accounts).Select(a =>
            (Account(a), (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?> { ["Industry"] = a % 2 == 0 ? "Software" : "Retail" })));
        await new PeopleStore(Storage).UpsertAsync(Enumerable.Range(0, accounts).SelectMany(a => Enumerable.Range(0, people).Select(p =>
            new TableEntity(Account(a), Person(a, p))
            {
                [PersonFields.FirstName] = "First" + p,
                [PersonFields.Email] = $"{Person(a, p)}@example.com",
                [PersonFields.LeadOwner] = "seller@example.com",
            })));
    }

    /// <summary>
    /// Sample people (varied: some without an owner, some sharing an email) loaded straight into the marketing store at
    /// version 0, as a bulk load is: no change messages, so only the initial sync can copy them.
    /// </summary>
    public async Task<List<TableEntity>> LoadSamplePeopleAsync(int accounts, int people)
    {
        await Storage.EnsureCreatedAsync();
        var loaded = Enumerable.Range(0, accounts).SelectMany(a => SampleData.People(a, people, Account(a), Prefix + "-")).ToList();
        await new PeopleStore(Storage).LoadAsync(loaded);
        return loaded;
    }

    /// <summary>The Marketo IDs of this test's people now in the sales store (tombstones excluded).</summary>
    public async Task<List<string>> SalesPeopleAsync()
    {
        var ids = new List<string>();
        string filter = TableClient.CreateQueryFilter($"RowKey ge {Prefix + "-"} and RowKey lt {Prefix + "."} and Removed eq {false}");
        foreach (string table in TableNames.SalesPeople)
        {
            await foreach (TableEntity person in Storage.Table(table).QueryAsync<TableEntity>(filter, select: ["RowKey"]))
            {
                ids.Add(person.RowKey);
            }
        }

        return ids;
    }

    public Task<List<Effect>> EffectsAsync(string runId) => new EffectStore(Storage).GetRunEffectsAsync(runId);

    /// <summary>The effect journal's partitions holding a node's rows in a run: one per activity call.</summary>
    public async Task<List<string>> EffectPartitionsAsync(string runId, string nodeId)
    {
        string prefix = $"{runId}~{nodeId}~";
        string filter = TableClient.CreateQueryFilter($"PartitionKey ge {prefix} and PartitionKey lt {prefix[..^1] + "\u007f"}");
        var partitions = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string table in TableNames.Effects)
        {
            await foreach (TableEntity row in Storage.Table(table).QueryAsync<TableEntity>(filter, select: ["RowKey"]))
            {
                partitions.Add(row.PartitionKey);
            }
        }

        return [.. partitions];
    }

    public async Task<TableEntity> PersonAsync(int account, int person) =>
        (await new PeopleStore(Storage).GetAsync(Account(account), Person(account, person)))!;

    public async Task<TableEntity> AccountAsync(int account) =>
        (await new AccountStore(Storage).GetAsync(Account(account)))!;
}

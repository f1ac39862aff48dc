using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Sync;
using JourneyFunctions.Testing;

namespace JourneyFunctions.Sync.Tests;

/// <summary>
/// The sales rows a store remembers with their ETags: a change to a person it wrote or read is written without a read,
/// and a row another writer changed or removed since is read and judged again, so memory never decides alone.
/// </summary>
public sealed class RememberedSalesRowsTests : IAsyncLifetime
{
    private readonly RequestCounter _requests = new();
    private SyncData _data = null!;
    private TableClient _sales = null!;
    private TableClient _byEmail = null!;

    public async Task InitializeAsync()
    {
        _data = await SyncData.CreateAsync();
        var options = new TableClientOptions();
        options.AddPolicy(_requests, HttpPipelinePosition.PerCall);
        _sales = new TableClient(TestStorage.ConnectionString, "RememberedSales" + _data.Prefix, options);
        _byEmail = new TableClient(TestStorage.ConnectionString, "RememberedSalesByEmail" + _data.Prefix, options);
        await _sales.CreateAsync();
        await _byEmail.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        await _sales.DeleteAsync();
        await _byEmail.DeleteAsync();
    }

    [Fact]
    public async Task A_change_to_people_this_store_wrote_is_written_without_reading_them_first()
    {
        SalesPeopleStore store = Store();
        // Three of one bucket (one transaction, whose answer carries an ETag per row) and two people on their own.
        int[] people = [.. Enumerable.Range(1, 10_000).Where(n => SalesBuckets.PartitionOf(_data.Id(n)) == SalesBuckets.PartitionOf(_data.Id(1))).Take(3)];
        people = [.. people, .. Enumerable.Range(2, 100).Where(n => SalesBuckets.PartitionOf(_data.Id(n)) != SalesBuckets.PartitionOf(_data.Id(1))).Take(2)];
        await store.WriteIfNewerAsync(people.Select(n => SalesPerson.From(_data.Person(n, 1))));

        _requests.Reset();
        SalesWriteResult changed = await store.WriteChangesIfNewerAsync(people.Select(n => SalesPerson.From(_data.Person(n, 2, title: "Second"))));
        int readsOfFirstChange = _requests.Gets;
        SalesWriteResult again = await store.WriteChangesIfNewerAsync(people.Select(n => SalesPerson.From(_data.Person(n, 3, title: "Third"))));

        Assert.Equal(new SalesWriteResult(5, 0), changed);
        Assert.Equal(new SalesWriteResult(5, 0), again);
        Assert.Equal(0, readsOfFirstChange);
        Assert.Equal(0, _requests.Gets);
        Assert.True(_requests.Writes > 0);
        foreach (int n in people)
        {
            Assert.Equal("Third", (await store.GetAsync(_data.Id(n)))!.GetString(PersonFields.Title));
        }
    }

    [Fact]
    public async Task A_person_another_instance_changed_since_is_read_and_judged_again()
    {
        SalesPeopleStore first = Store();
        SalesPeopleStore other = Store();
        await first.WriteIfNewerAsync([SalesPerson.From(_data.Person(1, 1))]);
        await other.WriteChangesIfNewerAsync([SalesPerson.From(_data.Person(1, 5, title: "Other five"))]);

        SalesWriteResult older = await first.WriteChangesIfNewerAsync([SalesPerson.From(_data.Person(1, 3, title: "First three"))]);
        await other.WriteChangesIfNewerAsync([SalesPerson.From(_data.Person(1, 8, title: "Other eight"))]);
        SalesWriteResult olderAgain = await first.WriteChangesIfNewerAsync([SalesPerson.From(_data.Person(1, 6, title: "First six"))]);
        SalesWriteResult newer = await first.WriteChangesIfNewerAsync([SalesPerson.From(_data.Person(1, 9, title: "First nine"))]);

        Assert.Equal(new SalesWriteResult(0, 1), older);
        Assert.Equal(new SalesWriteResult(0, 1), olderAgain);
        Assert.Equal(new SalesWriteResult(1, 0), newer);
        Assert.Equal("First nine", (await first.GetAsync(_data.Id(1)))!.GetString(PersonFields.Title));
    }

    [Fact]
    public async Task A_remembered_person_whose_row_is_gone_is_written_again()
    {
        SalesPeopleStore store = Store();
        TableEntity copy = SalesPerson.From(_data.Person(1, 1));
        await store.WriteIfNewerAsync([copy]);
        await _sales.DeleteEntityAsync(copy.PartitionKey, copy.RowKey);

        SalesWriteResult changed = await store.WriteChangesIfNewerAsync([SalesPerson.From(_data.Person(1, 2, title: "Back"))]);

        Assert.Equal(new SalesWriteResult(1, 0), changed);
        Assert.Equal("Back", (await store.GetAsync(_data.Id(1)))!.GetString(PersonFields.Title));
    }

    [Fact]
    public async Task Only_the_most_recently_written_people_are_remembered()
    {
        // Two generations of two: after five people, the first four's generations have been dropped or replaced.
        SalesPeopleStore store = Store(rememberedRowsPerGeneration: 2);
        foreach (int n in Enumerable.Range(1, 5))
        {
            await store.WriteIfNewerAsync([SalesPerson.From(_data.Person(n, 1))]);
        }

        _requests.Reset();
        await store.WriteChangesIfNewerAsync([SalesPerson.From(_data.Person(5, 2))]);
        int readsOfLatest = _requests.Gets;
        await store.WriteChangesIfNewerAsync([SalesPerson.From(_data.Person(1, 2))]);

        Assert.Equal(0, readsOfLatest);
        Assert.Equal(1, _requests.Gets);
    }

    private SalesPeopleStore Store(int rememberedRowsPerGeneration = SalesPeopleStore.RememberedRowsPerGeneration) =>
        new(ShardedTable.Unsharded(_sales), ShardedTable.Unsharded(_byEmail), rememberedRowsPerGeneration: rememberedRowsPerGeneration);

    /// <summary>Counts the reads and writes of the sales table.</summary>
    private sealed class RequestCounter : HttpPipelinePolicy
    {
        private int _gets;
        private int _writes;

        public int Gets => _gets;

        public int Writes => _writes;

        public void Reset() => (_gets, _writes) = (0, 0);

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) => throw new NotSupportedException();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            if (message.Request.Uri.Path.Contains("RememberedSalesByEmail", StringComparison.Ordinal))
            {
                return;
            }

            Interlocked.Increment(ref message.Request.Method == RequestMethod.Get ? ref _gets : ref _writes);
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Azure.Data.Tables;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.People;
using JourneyFunctions.Storage.SalesActivities;
using JourneyFunctions.Storage.Sync;
using JourneyFunctions.Testing;

namespace JourneyFunctions.Benchmarks;

/// <summary>
/// Records <c>activities</c> sales activities over HTTP on the local host (arrays of 100, spread over 10 people, every
/// type) and waits until the marketing and Salesforce loggers have written them all through the storage-queue
/// transport; prints the recording rate and the end-to-end delivery rate, and checks nothing was written twice.
/// </summary>
internal static class SalesActivityBenchmark
{
    private const int People = 10;

    private static readonly string[] Types =
    [
        "sendSalesEmail", "openSalesEmail", "clickSalesEmail", "replySalesEmail", "bounceSalesEmail",
        "receiveSalesCall", "addToSalesCampaign", "removeFromSalesCampaign", "reminderTask",
    ];

    public static async Task<int> RunAsync(int activities)
    {
        var storage = new StorageAccount(TestStorage.ConnectionString);
        await storage.EnsureCreatedAsync();
        string prefix = "sa" + Guid.NewGuid().ToString("N")[..6];
        string Person(int i) => string.Create(CultureInfo.InvariantCulture, $"{prefix}-p{i}");
        string Contact(int i) => string.Create(CultureInfo.InvariantCulture, $"003{prefix}{i}");
        await new SalesPeopleStore(storage).WriteIfNewerAsync(Enumerable.Range(0, People).Select(i => SalesPerson.From(new TableEntity(prefix, Person(i))
        {
            [PersonFields.ContactOwner] = "seller@example.com",
            [PersonFields.SalesforceContactId] = Contact(i),
        })));

        await using DevHostProcess host = await DevHostProcess.StartAsync(DevHostProcess.NewTaskHub(), new Dictionary<string, string>
        {
            ["SalesforceTaskTypes"] = string.Join(',', Types),
        });
        var requests = Enumerable.Range(0, activities)
            .Select(n => (Person: n % People, Body: (object)new { id = $"{prefix}-{n}", type = Types[n % Types.Length], subject = "Benchmark" }))
            .GroupBy(a => a.Person)
            .SelectMany(person => person.Chunk(100).Select(chunk => (Person: person.Key, Bodies: chunk.Select(c => c.Body).ToArray())))
            .ToList();

        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (request, ct) =>
            (await host.Http.PostAsJsonAsync(new Uri($"sales/people/{Person(request.Person)}/activities", UriKind.Relative), request.Bodies, ct)).EnsureSuccessStatusCode());
        TimeSpan recorded = clock.Elapsed;

        int expectedMarketing = Enumerable.Range(0, activities).Count(n => Types[n % Types.Length] != "reminderTask");
        var marketing = new TableMarketingActivityLog(storage);
        var salesforce = new TableSalesforceActivityLog(storage);
        int marketingCount;
        int taskCount;
        do
        {
            await Task.Delay(250);
            marketingCount = (await Task.WhenAll(Enumerable.Range(0, People).Select(i => marketing.ListAsync(Person(i))))).Sum(l => l.Count);
            taskCount = (await Task.WhenAll(Enumerable.Range(0, People).Select(i => salesforce.ListTasksAsync(Contact(i))))).Sum(l => l.Count);
        }
        while ((marketingCount < expectedMarketing || taskCount < activities) && clock.Elapsed < TimeSpan.FromMinutes(10));
        TimeSpan delivered = clock.Elapsed;

        Console.WriteLine($"{activities:N0} activities in {requests.Count} requests: recorded in {recorded.TotalSeconds:F1} s ({activities / recorded.TotalSeconds:F0}/s)");
        Console.WriteLine($"delivered to both loggers in {delivered.TotalSeconds:F1} s ({activities / delivered.TotalSeconds:F0} activities/s end to end)");
        Console.WriteLine($"marketing activities {marketingCount:N0} (expected {expectedMarketing:N0}), Salesforce tasks {taskCount:N0} (expected {activities:N0})");
        return marketingCount == expectedMarketing && taskCount == activities ? 0 : 1;
    }
}

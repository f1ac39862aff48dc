using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Journeys;
using JourneyFunctions.Testing;

namespace JourneyFunctions.Handlers.Tests;

/// <summary>
/// A create whose insert landed but whose answer was lost (a slow storage account): the storage client sends the insert
/// again and gets 409. That journey was created, by this request: it must be answered as created, not as a conflict the
/// client would retry into a second journey.
/// </summary>
[Trait("Tier", "Integration")] // Azurite
public sealed class JourneyCreateLostAnswerTests
{
    [Fact]
    public async Task An_insert_sent_again_after_its_lost_answer_is_the_journey_created_once()
    {
        await new StorageAccount(TestStorage.ConnectionString).EnsureCreatedAsync();
        var lose = new LoseFirstInsertAnswer();
        var options = new TableClientOptions();
        options.Retry.Delay = TimeSpan.FromMilliseconds(10);
        options.AddPolicy(lose, HttpPipelinePosition.PerRetry);
        var journeys = new JourneyStore(new TableServiceClient(TestStorage.ConnectionString, options));
        string name = "lost answer " + Guid.NewGuid().ToString("N");
        var draft = JsonSerializer.Deserialize<JourneyDefinition>(
            $$"""{ "name": "{{name}}", "nodes": [ { "id": "start", "type": "start", "audience": { "accounts": ["a-1"] } }, { "id": "end", "type": "end" } ], "edges": [ { "from": "start", "to": "end" } ] }""",
            JsonDefaults.Options)!;

        JourneyInfo created = await journeys.CreateAsync(draft);

        Assert.Equal(2, lose.Inserts); // the insert was sent again and refused as already there
        Assert.Equal(JourneyStatus.Draft, created.Status);
        Assert.Equal(name, (await journeys.GetAsync(created.Id))!.Name);
        var table = new TableClient(TestStorage.ConnectionString, TableNames.Journeys);
        List<TableEntity> named = [];
        await foreach (TableEntity row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Name eq {name}")))
        {
            named.Add(row);
        }

        Assert.Equal(created.Id, Assert.Single(named).PartitionKey);
    }

    /// <summary>Lets the first insert into the journeys table reach storage, then fails its answer as a broken connection would.</summary>
    private sealed class LoseFirstInsertAnswer : HttpPipelinePolicy
    {
        private int _inserts;

        public int Inserts => _inserts;

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) => throw new NotSupportedException();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            bool insert = message.Request.Method == RequestMethod.Post && message.Request.Uri.Path.EndsWith("/" + TableNames.Journeys, StringComparison.Ordinal);
            if (insert && Interlocked.Increment(ref _inserts) == 1)
            {
                throw new IOException("The answer was lost.");
            }
        }
    }
}

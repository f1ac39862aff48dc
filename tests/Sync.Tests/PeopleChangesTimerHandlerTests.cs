using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.FakeMarketo;
using JourneyFunctions.Handlers.Sync;
using JourneyFunctions.Marketo;
using JourneyFunctions.Storage.People;
using JourneyFunctions.Storage.Sync;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace JourneyFunctions.Sync.Tests;

/// <summary>Marketo's lead changes reach the sales copy through the marketing store and the one change handler.</summary>
public sealed class PeopleChangesTimerHandlerTests
{
    [Fact]
    public async Task A_Marketo_change_is_stored_as_a_marketing_change_and_applied_and_the_token_kept()
    {
        SyncData data = await SyncData.CreateAsync();
        long leadId = Random.Shared.NextInt64(1_000_000_000, 9_000_000_000);
        await using FakeMarketoServer marketo = await FakeMarketoServer.StartAsync();
        marketo.AddListLeads(1, [new JsonObject { ["id"] = leadId, ["email"] = "old@example.com", ["sfdcLeadOwnerId"] = "005SELLER", ["updatedAt"] = "2026-11-01T10:00:00Z" }]);
        using var http = new HttpClient();
        MarketoClient client = MarketoClient.Create(http, new MarketoOptions { BaseUrl = marketo.BaseUrl, ClientId = FakeMarketoServer.ClientId, ClientSecret = FakeMarketoServer.ClientSecret }, TimeProvider.System);
        var checkpoints = new SyncCheckpointStore(data.Storage);
        // A token another fake Marketo handed out in an earlier run means nothing to this one.
        await data.Storage.Table(Domain.Storage.TableNames.SyncState).DeleteEntityAsync("checkpoint", "marketo-lead-changes");
        var handler = new PeopleChangesTimerHandler(data.People, checkpoints, data.Settings, TimeProvider.System, NullLogger<PeopleChangesTimerHandler>.Instance, new MarketoChangeFeed(client));
        await handler.HandleAsync(CancellationToken.None);
        string? startedAt = (await checkpoints.GetAsync("marketo-lead-changes")).Token;

        marketo.SetLeadField(leadId, "email", "new@example.com");
        marketo.AddLeadChange(leadId, DateTimeOffset.UtcNow.AddMinutes(1), "email", "new@example.com", "old@example.com");
        await handler.HandleAsync(CancellationToken.None);
        string id = leadId.ToString(CultureInfo.InvariantCulture);
        TableEntity? mirrored = await data.People.GetAsync("marketo", id);
        string message = JsonSerializer.Serialize(new PersonChange("marketo", id, mirrored?.GetInt64(PersonFields.ChangeVersion) ?? 0, [PersonFields.Email]), JsonDefaults.Options);
        // Every Marketo lead is in the account "marketo", where end-to-end tests running beside this one may listen:
        // a raise on their runs is theirs to judge, so this client takes any.
        await data.ChangeHandler().HandleAsync(message, new Mock<DurableTaskClient>("none").Object, CancellationToken.None);

        Assert.NotNull(startedAt);
        Assert.Equal("new@example.com", mirrored?.GetString(PersonFields.Email));
        Assert.Equal("new@example.com", (await data.Sales.GetAsync(id))?.GetString(PersonFields.Email));
        Assert.NotEqual(startedAt, (await checkpoints.GetAsync("marketo-lead-changes")).Token);
    }
}

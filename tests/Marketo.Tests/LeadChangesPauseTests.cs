using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Handlers.Sync;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.People;
using JourneyFunctions.Storage.Sync;
using JourneyFunctions.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace JourneyFunctions.Marketo.Tests;

/// <summary>
/// A spent daily quota (607) during the lead-changes poll pauses the poll until the reset, and the sync status says so.
/// Each test keeps its checkpoint in its own table: a pause in the shared one would stop other tests' polls.
/// </summary>
[Trait("Tier", "Integration")] // Azurite
public sealed class LeadChangesPauseTests : IAsyncLifetime
{
    private readonly StorageAccount _storage = new(TestStorage.ConnectionString);
    private readonly ShiftedClock _clock = new();
    private TableClient _state = null!;
    private SyncCheckpointStore _checkpoints = null!;

    /// <summary>Settings of this test's own scope: switched on, as by default.</summary>
    private SyncSettingsStore Settings => new(_storage, new SyncSettings(), "pause" + _state.Name, TimeProvider.System);

    public async Task InitializeAsync()
    {
        await _storage.EnsureCreatedAsync();
        _state = _storage.Table("Pause" + Guid.NewGuid().ToString("N")[..12]);
        await _state.CreateIfNotExistsAsync();
        _checkpoints = new SyncCheckpointStore(_state);
    }

    public async Task DisposeAsync() => await _state.DeleteAsync();

    private PeopleChangesTimerHandler Poll(MarketoChangeFeed feed) =>
        new(new PeopleStore(_storage), _checkpoints, Settings, _clock, NullLogger<PeopleChangesTimerHandler>.Instance, feed);

    /// <summary>GET /api/sync/status, with no initial sync started; no feed = the table source.</summary>
    private async Task<JsonNode> StatusAsync(MarketoChangeFeed? feed)
    {
        var durable = new Mock<DurableTaskClient>("test");
        IResult result = await new GetSyncStatusHandler(_clock, _checkpoints, Settings, feed).HandleAsync(durable.Object, CancellationToken.None);
        return JsonSerializer.SerializeToNode(((IValueHttpResult)result).Value, JsonDefaults.Options)!;
    }

    [Fact]
    public async Task A_607_pauses_the_poll_until_the_reset_keeping_its_token_and_the_status_shows_why()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(leads: 3);
        var feed = new MarketoChangeFeed(marketo.Client());
        await Poll(feed).HandleAsync(CancellationToken.None);
        string? token = (await _checkpoints.GetAsync("marketo-lead-changes")).Token;
        marketo.Server.InjectErrors(MarketoErrorCodes.DailyQuotaReached);

        await Poll(feed).HandleAsync(CancellationToken.None);
        long callsWhenPaused = marketo.Server.Calls;
        await Poll(feed).HandleAsync(CancellationToken.None);

        SyncCheckpoint paused = await _checkpoints.GetAsync("marketo-lead-changes");
        Assert.NotNull(token);
        Assert.Equal(token, paused.Token);
        Assert.InRange(paused.PausedUntilUtc!.Value, DateTime.UtcNow, DateTime.UtcNow.AddDays(1));
        Assert.Contains("607", paused.PauseReason, StringComparison.Ordinal);
        Assert.Equal(callsWhenPaused, marketo.Server.Calls);
        JsonNode status = (await StatusAsync(feed))["changes"]!;
        Assert.Equal("Paused", status["status"]!.GetValue<string>());
        // Written like every other time in the answers: with its offset, +00:00.
        Assert.EndsWith("+00:00", status["pausedUntil"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(paused.PausedUntilUtc, DateTimeOffset.Parse(status["pausedUntil"]!.GetValue<string>(), CultureInfo.InvariantCulture).UtcDateTime);
        Assert.Equal(paused.PauseReason, status["pauseReason"]!.GetValue<string>());
    }

    [Fact]
    public async Task After_the_reset_the_poll_reads_on_from_its_token_and_the_pause_ends()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(leads: 3);
        var feed = new MarketoChangeFeed(marketo.Client());
        await Poll(feed).HandleAsync(CancellationToken.None);
        marketo.Server.InjectErrors(MarketoErrorCodes.DailyQuotaReached);
        await Poll(feed).HandleAsync(CancellationToken.None);
        SyncCheckpoint paused = await _checkpoints.GetAsync("marketo-lead-changes");
        long callsWhenPaused = marketo.Server.Calls;

        _clock.Offset = paused.PausedUntilUtc!.Value - DateTime.UtcNow + TimeSpan.FromSeconds(1);
        await Poll(feed).HandleAsync(CancellationToken.None);

        SyncCheckpoint resumed = await _checkpoints.GetAsync("marketo-lead-changes");
        Assert.True(marketo.Server.Calls > callsWhenPaused);
        Assert.Equal(new SyncCheckpoint(resumed.Token), resumed);
        Assert.NotNull(resumed.Token);
        Assert.Equal("Polling", (await StatusAsync(feed))["changes"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task With_the_table_source_the_status_says_changes_are_not_polled()
    {
        JsonNode body = await StatusAsync(feed: null);

        Assert.Equal("NotStarted", body["status"]!.GetValue<string>());
        Assert.Equal("NotPolled", body["changes"]!["status"]!.GetValue<string>());
        // Documented as always present, null when they do not apply: before a first run too.
        foreach (string member in new[] { "switchedOff", "pausedUntil", "pauseReason", "estimatedSecondsLeft", "lastError" })
        {
            Assert.True(body.AsObject().ContainsKey(member), member);
            Assert.Null(body[member]);
        }
    }
}

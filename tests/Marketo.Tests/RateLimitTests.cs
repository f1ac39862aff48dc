using JourneyFunctions.FakeMarketo;

namespace JourneyFunctions.Marketo.Tests;

/// <summary>
/// The limits are shared with other integrations and must never be exceeded. The window is shrunk to 1 s (same
/// ratio of calls to window as far as the limiter is concerned) so the test runs in seconds.
/// </summary>
public sealed class RateLimitTests
{
    private static readonly FakeMarketoLimits Tight = new()
    {
        CallsPerWindow = 20,
        Window = TimeSpan.FromSeconds(1),
        MaxConcurrentCalls = 3,
        Latency = TimeSpan.FromMilliseconds(30),
    };

    private static MarketoOptions Within(MarketoFixture marketo) => marketo.Options() with
    {
        CallsPerWindow = Tight.CallsPerWindow,
        RateWindow = Tight.Window,
        MaxConcurrentCalls = Tight.MaxConcurrentCalls,
    };

    private static async Task ManyCallsAsync(MarketoClient client, int calls) =>
        await Task.WhenAll(Enumerable.Range(0, calls).Select(_ => client.GetStaticListLeadsAsync(MarketoFixture.ListId, ["email"], null, 5, CancellationToken.None)));

    [Fact]
    public async Task Parallel_callers_stay_within_the_rate_and_concurrency_limits()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(leads: 5, Tight);
        MarketoClient client = marketo.Client(Within(marketo));

        await ManyCallsAsync(client, 70);

        Assert.Empty(marketo.Server.Violations);
        Assert.Equal(70, marketo.Server.Calls);
        Assert.InRange(marketo.Server.MaxInFlightSeen, 1, Tight.MaxConcurrentCalls);
        Assert.Empty(client.Retries);
    }

    [Fact]
    public async Task When_another_integration_spends_the_shared_budget_606_holds_every_caller_back()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(leads: 5, Tight);
        // This client believes it has twice the budget the instance has left for it.
        MarketoClient client = marketo.Client(Within(marketo) with { CallsPerWindow = 40 });

        await ManyCallsAsync(client, 60);

        Assert.True(client.Retries.GetValueOrDefault(MarketoErrorCodes.RateLimitExceeded) > 0);
        Assert.Equal(60 + client.Retries.Values.Sum(), marketo.Server.Calls);
    }

    [Fact]
    public async Task A_call_that_timed_out_keeps_its_place_while_Marketo_may_still_run_it()
    {
        // Marketo answers in 2 s; the client gives up after 1 s (long enough for a request to reach the server on a
        // loaded machine). Without the hold, the next two calls would start while Marketo still ran the first two: four
        // in flight against a limit of two.
        var slow = new FakeMarketoLimits { MaxConcurrentCalls = 2, Latency = TimeSpan.FromSeconds(2) };
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(leads: 5, slow);
        MarketoClient client = marketo.Client(marketo.Options() with { MaxConcurrentCalls = 2, UnansweredCallHold = TimeSpan.FromSeconds(2.5) }, timeout: TimeSpan.FromSeconds(1));

        Task[] calls = [.. Enumerable.Range(0, 4).Select(_ => client.GetStaticListLeadsAsync(MarketoFixture.ListId, ["email"], null, 5, CancellationToken.None))];
        foreach (Task call in calls)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(4, marketo.Server.Calls);
        Assert.Empty(marketo.Server.Violations);
        Assert.InRange(marketo.Server.MaxInFlightSeen, 1, 2);
    }
}

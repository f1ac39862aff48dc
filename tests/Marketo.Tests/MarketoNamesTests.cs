using JourneyFunctions.FakeMarketo;

namespace JourneyFunctions.Marketo.Tests;

/// <summary>Names looked up once: concurrent callers share one lookup, and a failed lookup is asked again.</summary>
public sealed class MarketoNamesTests
{
    private static int Lookups(MarketoFixture marketo, string path) =>
        marketo.Server.CallLog.Count(c => c.Call.EndsWith(path, StringComparison.Ordinal));

    [Fact]
    public async Task Callers_asking_for_one_program_at_once_share_its_two_calls()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync();
        marketo.Server.AddProgram(9001, "Spring Webinar", "Webinar", ["Invited", "Registered", "Attended"]);
        var names = new MarketoNames(marketo.Client(), TimeProvider.System);

        Domain.Marketo.MarketoProgram?[] found = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => names.ProgramAsync("Spring Webinar", CancellationToken.None)));

        Assert.All(found, p => Assert.Equal(9001, p!.Id));
        Assert.Equal(1, Lookups(marketo, "/program/byName.json"));
        Assert.Equal(1, Lookups(marketo, "/channel/byName.json"));
    }

    [Fact]
    public async Task A_lookup_that_failed_is_not_kept()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync();
        marketo.Server.AddStaticList(2001, "Journey prospects");
        var names = new MarketoNames(marketo.Client(marketo.Options() with { MaxAttempts = 1 }), TimeProvider.System);
        marketo.Server.InjectErrors(502);

        await Assert.ThrowsAsync<MarketoApiException>(() => names.ListAsync("Journey prospects", CancellationToken.None));
        long? list = await names.ListAsync("Journey prospects", CancellationToken.None);

        Assert.Equal(2001, list);
    }

    [Fact]
    public async Task A_caller_that_stops_waiting_leaves_the_lookup_to_the_callers_after_it()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(limits: new FakeMarketoLimits { Latency = TimeSpan.FromMilliseconds(500) });
        marketo.Server.AddStaticList(2001, "Journey prospects");
        var names = new MarketoNames(marketo.Client(), TimeProvider.System);
        using var impatient = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        Task<long?> gaveUp = names.ListAsync("Journey prospects", impatient.Token);
        Task<long?> waited = names.ListAsync("Journey prospects", CancellationToken.None);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gaveUp);
        Assert.Equal(2001, await waited);
        Assert.Equal(2001, await names.ListAsync("Journey prospects", CancellationToken.None));
    }
}

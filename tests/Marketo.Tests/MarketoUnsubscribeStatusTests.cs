using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.People;
using JourneyFunctions.Storage.SalesActivities;
using JourneyFunctions.Testing;

namespace JourneyFunctions.Marketo.Tests;

/// <summary>The unsubscribe check asks Marketo about people the local marketing store lacks, and says "unknown" when it cannot tell.</summary>
[Trait("Tier", "Integration")] // Azurite
public sealed class MarketoUnsubscribeStatusTests
{
    /// <summary>Lead ids no other test puts in the shared local marketing store.</summary>
    private static int NewLeadId() => Random.Shared.Next(1_000_000_000, int.MaxValue);

    private static Task<(MarketoFixture Marketo, MarketoUnsubscribeStatus Status)> StartAsync(params int[] leadIds) =>
        StartAsync(o => o, leadIds);

    private static async Task<(MarketoFixture Marketo, MarketoUnsubscribeStatus Status)> StartAsync(Func<MarketoOptions, MarketoOptions> tune, params int[] leadIds)
    {
        MarketoFixture marketo = await MarketoFixture.StartAsync();
        marketo.Server.AddListLeads(MarketoFixture.ListId, leadIds.Select(MarketoFixture.Lead));
        var storage = new StorageAccount(TestStorage.ConnectionString);
        await storage.EnsureCreatedAsync();
        var local = new TableMarketingUnsubscribeStatus(new PeopleStore(storage));
        return (marketo, new MarketoUnsubscribeStatus(local, marketo.Client(tune(marketo.Options())), TimeProvider.System));
    }

    [Fact]
    public async Task A_person_not_in_the_local_store_is_read_from_Marketo_and_kept_briefly()
    {
        int subscribed = NewLeadId();
        int unsubscribed = subscribed - 1;
        (MarketoFixture marketo, MarketoUnsubscribeStatus status) = await StartAsync(subscribed, unsubscribed);
        await using MarketoFixture _ = marketo;
        marketo.Server.SetLeadField(unsubscribed, "unsubscribed", "true");

        MarketingSubscription no = await status.GetAsync(subscribed.ToString(System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);
        MarketingSubscription yes = await status.GetAsync(unsubscribed.ToString(System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);
        long calls = marketo.Server.Calls;
        MarketingSubscription again = await status.GetAsync(unsubscribed.ToString(System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);

        Assert.Equal((false, true, true), (no.Unsubscribed, yes.Unsubscribed, again.Unsubscribed));
        Assert.Equal(calls, marketo.Server.Calls);
    }

    [Theory]
    [InlineData(0, "neither in the marketing people store nor in Marketo")]
    [InlineData(1003, "Marketo could not be asked")]
    [InlineData(607, "Marketo could not be asked")]
    public async Task A_person_nobody_knows_or_a_failed_Marketo_call_leaves_the_status_unknown(int error, string because)
    {
        int lead = NewLeadId();
        (MarketoFixture marketo, MarketoUnsubscribeStatus status) = await StartAsync(error == 0 ? [] : [lead]);
        await using MarketoFixture _ = marketo;
        if (error != 0)
        {
            marketo.Server.InjectErrors(error);
        }

        MarketingSubscription unknown = await status.GetAsync(lead.ToString(System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);

        Assert.Null(unknown.Unsubscribed);
        Assert.Contains(because, unknown.UnknownBecause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Marketo_that_does_not_answer_leaves_the_status_unknown_after_the_interactive_budget_not_after_every_retry()
    {
        // The client would try 8 times over about 90 s (1 s doubling to 30 s); a seller's request waits 20 s at most.
        int lead = NewLeadId();
        (MarketoFixture marketo, MarketoUnsubscribeStatus status) = await StartAsync(
            o => o with { RetryDelay = TimeSpan.FromSeconds(1), MaxRetryDelay = TimeSpan.FromSeconds(30) }, lead);
        await using MarketoFixture _ = marketo;
        marketo.Server.InjectErrors([.. Enumerable.Repeat(502, 8)]);

        MarketingSubscription unknown = await status.GetAsync(lead.ToString(System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);

        Assert.Null(unknown.Unsubscribed);
        Assert.Equal("Marketo could not be asked (Marketo gave no usable answer within 20 s)", unknown.UnknownBecause);
        Assert.InRange(marketo.Server.Calls, 4, 6); // attempts at about 0, 1, 3, 7 and 15 s; the next would be at 31 s
    }
}

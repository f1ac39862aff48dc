using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.FakeMarketo;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.SalesActivities;
using JourneyFunctions.Testing;

namespace JourneyFunctions.Marketo.Tests;

/// <summary>The marketing logger's Marketo adapter: native activities through Add Custom Activities, written once.</summary>
[Trait("Tier", "Integration")] // Azurite
public sealed class MarketoActivityLogTests
{
    private static readonly Dictionary<string, int> TypeIds =
        MarketingActivityTypes.All.Select((t, i) => (t.ApiName, Id: 100001 + i)).ToDictionary(t => t.ApiName, t => t.Id);

    private static MarketingActivity Activity(string id, long leadId, string type) => new(
        id, leadId.ToString(System.Globalization.CultureInfo.InvariantCulture), type, new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero), "Quarterly check-in",
        new Dictionary<string, string> { [MarketingActivityTypes.OriginAttribute] = "Sales" });

    [Fact]
    public async Task Each_activity_reaches_Marketo_once_with_its_type_id_even_when_logged_again()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(leads: 3);
        var ledger = new TableMarketingActivityLog(new StorageAccount(TestStorage.ConnectionString));
        await new StorageAccount(TestStorage.ConnectionString).EnsureCreatedAsync();
        var log = new MarketoActivityLog(marketo.Client(marketo.Options() with { ActivityTypeIds = TypeIds }), ledger, TimeProvider.System);
        string prefix = Guid.NewGuid().ToString("N")[..8];
        MarketingActivity[] activities = [Activity(prefix + "-1", 1, "sendSalesEmail"), Activity(prefix + "-2", 2, "receiveSalesCall")];

        await log.LogAsync(activities, CancellationToken.None);
        await log.LogAsync(activities, CancellationToken.None);

        Assert.Equal(2, marketo.Server.Activities.Count);
        Assert.Contains(marketo.Server.Activities, a => a["leadId"]!.GetValue<long>() == 2 && a["activityTypeId"]!.GetValue<int>() == TypeIds["receiveSalesCall"]);
        Assert.Single(await ledger.ListAsync("1"), a => a.ActivityId == prefix + "-1");
    }

    [Fact]
    public async Task Activities_Marketo_skips_are_reported_and_not_recorded_so_a_retry_sends_only_them()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(leads: 2);
        var ledger = new TableMarketingActivityLog(new StorageAccount(TestStorage.ConnectionString));
        await new StorageAccount(TestStorage.ConnectionString).EnsureCreatedAsync();
        var log = new MarketoActivityLog(marketo.Client(marketo.Options() with { ActivityTypeIds = TypeIds }), ledger, TimeProvider.System);
        string prefix = Guid.NewGuid().ToString("N")[..8];

        var failure = await Assert.ThrowsAsync<MarketoApiException>(() =>
            log.LogAsync([Activity(prefix + "-ok", 1, "openSalesEmail"), Activity(prefix + "-unknown-lead", 424242, "openSalesEmail")], CancellationToken.None));

        Assert.Contains(prefix + "-unknown-lead", failure.Message, StringComparison.Ordinal);
        Assert.Single(marketo.Server.Activities);
        Assert.Equal([prefix + "-ok"], (await ledger.ListAsync("1")).Select(a => a.ActivityId).Where(id => id.StartsWith(prefix, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Two_deliveries_of_one_activity_at_once_add_it_to_Marketo_once()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(leads: 1, limits: new FakeMarketoLimits { Latency = TimeSpan.FromMilliseconds(300) });
        var ledger = new TableMarketingActivityLog(new StorageAccount(TestStorage.ConnectionString));
        await new StorageAccount(TestStorage.ConnectionString).EnsureCreatedAsync();
        var log = new MarketoActivityLog(marketo.Client(marketo.Options() with { ActivityTypeIds = TypeIds }), ledger, TimeProvider.System);
        MarketingActivity activity = Activity(Guid.NewGuid().ToString("N")[..8] + "-twice", 1, "sendSalesEmail");

        await Task.WhenAll(log.LogAsync([activity], CancellationToken.None), log.LogAsync([activity], CancellationToken.None));

        Assert.Single(marketo.Server.Activities);
        Assert.Single(await ledger.ListAsync("1"), a => a.ActivityId == activity.ActivityId);
    }

    [Fact]
    public async Task A_call_Marketo_refuses_frees_its_activities_for_the_retry_and_one_without_an_answer_keeps_them_claimed()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(leads: 2);
        var ledger = new TableMarketingActivityLog(new StorageAccount(TestStorage.ConnectionString));
        await new StorageAccount(TestStorage.ConnectionString).EnsureCreatedAsync();
        var log = new MarketoActivityLog(marketo.Client(marketo.Options() with { ActivityTypeIds = TypeIds, MaxAttempts = 1 }), ledger, TimeProvider.System);
        string prefix = Guid.NewGuid().ToString("N")[..8];
        MarketingActivity refused = Activity(prefix + "-refused", 1, "sendSalesEmail"), unanswered = Activity(prefix + "-unanswered", 2, "sendSalesEmail");

        marketo.Server.InjectErrors(1003);
        await Assert.ThrowsAsync<MarketoApiException>(() => log.LogAsync([refused], CancellationToken.None));
        await log.LogAsync([refused], CancellationToken.None);
        marketo.Server.InjectErrors(502);
        await Assert.ThrowsAsync<MarketoApiException>(() => log.LogAsync([unanswered], CancellationToken.None));
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        Task retried = log.LogAsync([unanswered], patience.Token);

        Assert.Single(marketo.Server.Activities);
        Assert.Single(await ledger.ListAsync("1"), a => a.ActivityId == refused.ActivityId);
        // The unanswered call's claim holds (Marketo may have added it): the retry waits, and the claim is no activity.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => retried);
        Assert.DoesNotContain(await ledger.ListAsync("2"), a => a.ActivityId == unanswered.ActivityId);
    }
}

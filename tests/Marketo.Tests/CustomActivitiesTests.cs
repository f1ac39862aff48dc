using JourneyFunctions.FakeMarketo;

namespace JourneyFunctions.Marketo.Tests;

/// <summary>Add Custom Activities: at most 300 per call, a per-record status, on the same token and limits.</summary>
public sealed class CustomActivitiesTests
{
    private static CustomActivity Activity(long leadId, int n) => new(
        leadId,
        new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero).AddMinutes(n),
        ActivityTypeId: 100001,
        PrimaryAttributeValue: "Sent sales email " + n,
        Attributes: [new CustomActivityValue("subject", "Hello " + n)]);

    [Fact]
    public async Task Sends_in_calls_of_at_most_300_and_returns_one_result_per_activity_in_order()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(leads: 10);
        MarketoClient client = marketo.Client();
        List<CustomActivity> activities = Enumerable.Range(0, 650).Select(n => Activity(1 + (n % 10), n)).ToList();
        activities[400] = Activity(leadId: 424242, 400);

        IReadOnlyList<CustomActivityResult> results = await client.AddCustomActivitiesAsync(activities, CancellationToken.None);

        Assert.Equal(650, results.Count);
        Assert.Equal(3, marketo.Server.Calls);
        Assert.Empty(marketo.Server.Violations);
        Assert.Equal(649, results.Count(r => r.Added));
        CustomActivityResult skipped = results[400];
        Assert.Equal("skipped", skipped.Status);
        Assert.Equal("1004", Assert.Single(skipped.Reasons!).Code);
        Assert.Equal(649, marketo.Server.Activities.Count);
        Assert.Contains(marketo.Server.Activities, a =>
            a["primaryAttributeValue"]!.GetValue<string>() == "Sent sales email 7"
            && a["activityTypeId"]!.GetValue<int>() == 100001
            && a["attributes"]![0]!["name"]!.GetValue<string>() == "subject");
    }

    [Fact]
    public async Task Shares_the_token_and_retries_of_every_other_call()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(leads: 2);
        MarketoClient client = marketo.Client();
        await client.GetStaticListLeadsAsync(MarketoFixture.ListId, ["email"], null, 2, CancellationToken.None);
        marketo.Server.InjectErrors(MarketoErrorCodes.RateLimitExceeded);

        IReadOnlyList<CustomActivityResult> results = await client.AddCustomActivitiesAsync([Activity(1, 1), Activity(2, 2)], CancellationToken.None);

        Assert.All(results, r => Assert.True(r.Added));
        Assert.Equal(1, marketo.Server.TokensIssued);
        Assert.Equal(1, client.Retries[MarketoErrorCodes.RateLimitExceeded]);
    }
}

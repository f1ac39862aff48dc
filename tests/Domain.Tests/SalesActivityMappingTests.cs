using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.Storage.SalesActivities;

namespace JourneyFunctions.Domain.Tests;

/// <summary>How a sales activity becomes a marketing activity and a Salesforce task.</summary>
public sealed class SalesActivityMappingTests
{
    private static SalesActivity Activity(SalesActivityType type, string? subject = "Intro", string? who = "003A") =>
        new("act-1", "m-1", type, new DateTimeOffset(2026, 11, 25, 23, 30, 0, TimeSpan.FromHours(-5)), subject, "https://x.test", SalesActivityOrigin.Sales, who, "006B");

    [Fact]
    public void The_eight_marketing_types_fit_the_custom_activity_limits()
    {
        Assert.Equal(8, MarketingActivityTypes.All.Count);
        Assert.True(MarketingActivityTypes.All.Count <= MarketingActivityTypes.MaxCustomTypes);
        Assert.All(MarketingActivityTypes.All, t => Assert.True(t.Attributes.Count + 1 <= MarketingActivityTypes.MaxAttributesPerType));
        Assert.Equal(8, MarketingActivityTypes.All.Select(t => t.ApiName).Distinct().Count());
    }

    [Theory]
    [InlineData(SalesActivityType.ReminderTask)]
    [InlineData(SalesActivityType.Unsubscribe)]
    public void Reminders_and_unsubscribes_are_not_marketing_activities(SalesActivityType type) =>
        Assert.Null(MarketingActivity.From(Activity(type)));

    [Fact]
    public void A_marketing_activity_carries_the_lead_the_date_and_the_primary_value()
    {
        MarketingActivity marketing = MarketingActivity.From(Activity(SalesActivityType.ClickSalesEmail))!;

        Assert.Equal(("act-1", "m-1", "clickSalesEmail", "Intro"), (marketing.ActivityId, marketing.LeadId, marketing.ActivityTypeApiName, marketing.PrimaryAttributeValue));
        Assert.Equal("https://x.test", marketing.Attributes[MarketingActivityTypes.DetailAttribute]);
    }

    [Theory]
    [InlineData(SalesActivityType.SendSalesEmail, "Email", SalesforceTask.Completed)]
    [InlineData(SalesActivityType.BounceSalesEmail, "Email", SalesforceTask.Completed)]
    [InlineData(SalesActivityType.ReceiveSalesCall, "Call", SalesforceTask.Completed)]
    [InlineData(SalesActivityType.ReminderTask, "Task", SalesforceTask.NotStarted)]
    public void A_task_has_the_subtype_and_status_of_its_activity(SalesActivityType type, string subtype, string status)
    {
        SalesforceTask task = SalesforceTask.From(Activity(type))!;

        Assert.Equal((subtype, status, "003A", "006B"), (task.TaskSubtype, task.Status, task.WhoId, task.WhatId));
        Assert.Equal(new DateOnly(2026, 11, 26), task.ActivityDate);
    }

    [Fact]
    public void No_task_for_an_unsubscribe_or_a_person_outside_Salesforce()
    {
        Assert.Null(SalesforceTask.From(Activity(SalesActivityType.Unsubscribe)));
        Assert.Null(SalesforceTask.From(Activity(SalesActivityType.SendSalesEmail, who: null)));
    }

    [Fact]
    public void A_subject_is_cut_to_the_Salesforce_limit() =>
        Assert.Equal(SalesforceTask.MaxSubjectLength, SalesforceTask.From(Activity(SalesActivityType.SendSalesEmail, new string('x', 400)))!.Subject.Length);

    [Fact]
    public void A_cut_subject_keeps_its_characters_whole()
    {
        // "Send Sales Email: " is 18 characters: the first emoji would be cut in half at 255, so it is left out whole.
        string subject = SalesforceTask.From(Activity(SalesActivityType.SendSalesEmail, new string('x', 236) + string.Concat(Enumerable.Repeat("😀", 9))))!.Subject;

        Assert.Equal("Send Sales Email: " + new string('x', 236), subject);
    }
}

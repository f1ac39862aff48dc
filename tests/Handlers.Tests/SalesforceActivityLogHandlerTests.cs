using JourneyFunctions.Domain.Messaging;
using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Handlers.SalesActivities;
using JourneyFunctions.Storage.Messaging;
using JourneyFunctions.Storage.SalesActivities;
using JourneyFunctions.Storage.Sync;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace JourneyFunctions.Handlers.Tests;

/// <summary>The Salesforce subscriber's choices: which activities become tasks or opt-outs, and what a refusal does.</summary>
public sealed class SalesforceActivityLogHandlerTests
{
    private readonly Mock<ISalesforceActivityLog> _log = new(MockBehavior.Strict);

    private SalesforceActivityLogHandler Handler(params SalesActivityType[] enabled) =>
        new(_log.Object, Settings(new SyncSettings { SalesforceTaskTypes = enabled }), NullLogger<SalesforceActivityLogHandler>.Instance);

    private static ISyncSettings Settings(SyncSettings settings)
    {
        var fixedSettings = new Mock<ISyncSettings>();
        fixedSettings.Setup(s => s.GetAsync(It.IsAny<CancellationToken>())).ReturnsAsync(new StoredSyncSettings(settings, 1, DateTimeOffset.UnixEpoch, "admin"));
        return fixedSettings.Object;
    }

    private static string Message(SalesActivityType type, SalesActivityOrigin origin = SalesActivityOrigin.Sales, string? who = "00QLEAD") =>
        SalesActivityMessage.Serialize(new SalesActivity("act-1", "m-1", type, DateTimeOffset.UnixEpoch, "Hi", null, origin, who, null));

    private void Succeed() =>
        _log.Setup(l => l.WriteTasksAsync(It.IsAny<IReadOnlyList<SalesforceTask>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((IReadOnlyList<SalesforceTask> tasks, CancellationToken _) => tasks.Select(t => new SalesforceWriteResult(t.ActivityId, "00T1", null)).ToList());

    [Fact]
    public async Task An_enabled_type_becomes_one_task()
    {
        Succeed();

        await Handler(SalesActivityType.ReceiveSalesCall).HandleAsync(Message(SalesActivityType.ReceiveSalesCall), CancellationToken.None);

        _log.Verify(l => l.WriteTasksAsync(It.Is<IReadOnlyList<SalesforceTask>>(t => t.Single().TaskSubtype == "Call" && t.Single().WhoId == "00QLEAD"), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Theory]
    [InlineData(SalesActivityType.OpenSalesEmail, SalesActivityOrigin.Sales, "00QLEAD")]
    [InlineData(SalesActivityType.SendSalesEmail, SalesActivityOrigin.Salesforce, "00QLEAD")]
    [InlineData(SalesActivityType.SendSalesEmail, SalesActivityOrigin.Sales, null)]
    [InlineData(SalesActivityType.Unsubscribe, SalesActivityOrigin.Salesforce, "00QLEAD")]
    public async Task Disabled_types_activities_from_Salesforce_and_people_outside_it_write_nothing(SalesActivityType type, SalesActivityOrigin origin, string? who) =>
        // The strict mock fails on any call.
        await Handler(SalesActivityType.SendSalesEmail).HandleAsync(Message(type, origin, who), CancellationToken.None);

    [Fact]
    public async Task A_sales_unsubscribe_sets_the_email_opt_out_whatever_types_are_enabled()
    {
        _log.Setup(l => l.SetEmailOptOutAsync(It.IsAny<IReadOnlyList<string>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync([new SalesforceWriteResult("00QLEAD", "00QLEAD", null)]);

        await Handler().HandleAsync(Message(SalesActivityType.Unsubscribe), CancellationToken.None);

        _log.Verify(l => l.SetEmailOptOutAsync(It.Is<IReadOnlyList<string>>(ids => ids.Count == 1 && ids[0] == "00QLEAD"), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_refused_record_throws_so_the_message_is_retried()
    {
        _log.Setup(l => l.WriteTasksAsync(It.IsAny<IReadOnlyList<SalesforceTask>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync([new SalesforceWriteResult("act-1", null, "FIELD_CUSTOM_VALIDATION_EXCEPTION: no")]);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Handler(SalesActivityType.SendSalesEmail).HandleAsync(Message(SalesActivityType.SendSalesEmail), CancellationToken.None));

        Assert.Contains("FIELD_CUSTOM_VALIDATION_EXCEPTION", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"marketoId\":\"m-1\"}")]
    [InlineData("{\"id\":\"a\",\"marketoId\":\"bad/id\"}")]
    [InlineData("{\"id\":\"act/x4#?\",\"marketoId\":\"m-1\"}")]
    [InlineData("{\"id\":\"a\",\"marketoId\":\"m-1\",\"type\":99}")]
    [InlineData("{\"id\":\"a\",\"marketoId\":\"m-1\",\"occurredAt\":\"2026-12-01T00:00:00Z\",\"origin\":\"sales\"}")]
    [InlineData("{\"id\":\"a\",\"marketoId\":\"m-1\",\"type\":\"sendSalesEmail\",\"origin\":\"sales\"}")]
    public async Task A_malformed_message_is_refused_for_the_poison_queue(string message) =>
        await Assert.ThrowsAsync<InvalidDataException>(() => Handler(SalesActivityType.SendSalesEmail).HandleAsync(message, CancellationToken.None));

    [Fact]
    public async Task A_message_with_a_subject_longer_than_the_api_takes_is_refused_for_the_poison_queue() =>
        await Assert.ThrowsAsync<InvalidDataException>(() => Handler(SalesActivityType.SendSalesEmail).HandleAsync(
            $$"""{"id":"a","marketoId":"m-1","type":"sendSalesEmail","occurredAt":"2026-12-01T00:00:00Z","origin":"sales","subject":"{{new string('x', SalesforceTask.MaxSubjectLength + 1)}}"}""", CancellationToken.None));
}

using Microsoft.DurableTask;
using Moq;

namespace JourneyFunctions.Orchestrations.Tests;

/// <summary>A timer that fires before its time (the Azure Storage backend rounds its delay to whole seconds) is followed by one more.</summary>
public sealed class DurableTimersTests
{
    private static readonly DateTime Due = new(2026, 12, 2, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task A_timer_that_fired_early_is_followed_by_one_for_the_rest()
    {
        var context = new Mock<TaskOrchestrationContext>();
        context.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        context.SetupGet(c => c.CurrentUtcDateTime).Returns(Due.AddSeconds(-0.7)); // the first timer fired 0.7 s early

        await DurableTimers.UntilAsync(context.Object, Due, CancellationToken.None);

        context.Verify(c => c.CreateTimer(Due, It.IsAny<CancellationToken>()), Times.Once);
        context.Verify(c => c.CreateTimer(Due.AddSeconds(1), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_timer_on_time_is_the_only_one()
    {
        var context = new Mock<TaskOrchestrationContext>();
        context.Setup(c => c.CreateTimer(Due, It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        context.SetupGet(c => c.CurrentUtcDateTime).Returns(Due.AddMilliseconds(3));

        await DurableTimers.UntilAsync(context.Object, Due, CancellationToken.None);

        context.Verify(c => c.CreateTimer(Due, It.IsAny<CancellationToken>()), Times.Once);
    }
}

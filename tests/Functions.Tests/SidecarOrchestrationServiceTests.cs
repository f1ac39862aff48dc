using DurableTask.Core;
using JourneyFunctions.DevHost.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace JourneyFunctions.Functions.Tests;

/// <summary>
/// The local host's Durable backend keeps an activity's message hidden while the activity runs (the sidecar does not
/// renew it; the Functions host's dispatcher does), and stops renewing before the message is settled.
/// </summary>
public sealed class SidecarOrchestrationServiceTests
{
    private static readonly TimeSpan Visibility = TimeSpan.FromMilliseconds(200);

    private readonly Mock<IOrchestrationService> _provider = new();
    private int _renewals;
    private int _renewing;
    private bool _settledWhileRenewing;

    public SidecarOrchestrationServiceTests()
    {
        _provider.Setup(p => p.LockNextTaskActivityWorkItem(It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new TaskActivityWorkItem { Id = "work-item-1" });
        _provider.Setup(p => p.CompleteTaskActivityWorkItemAsync(It.IsAny<TaskActivityWorkItem>(), It.IsAny<TaskMessage>()))
            .Callback(() => _settledWhileRenewing |= Volatile.Read(ref _renewing) > 0)
            .Returns(Task.CompletedTask);
        _provider.Setup(p => p.AbandonTaskActivityWorkItemAsync(It.IsAny<TaskActivityWorkItem>()))
            .Callback(() => _settledWhileRenewing |= Volatile.Read(ref _renewing) > 0)
            .Returns(Task.CompletedTask);
    }

    private SidecarOrchestrationService Service() => new(_provider.Object, Visibility, NullLogger.Instance);

    /// <summary>Each renewal takes a while (so a settle could overlap one); the first fails when <paramref name="firstFails"/>.</summary>
    private void Renewals(bool firstFails = false) =>
        _provider.Setup(p => p.RenewTaskActivityWorkItemLockAsync(It.IsAny<TaskActivityWorkItem>()))
            .Returns(async (TaskActivityWorkItem item) =>
            {
                Interlocked.Increment(ref _renewing);
                try
                {
                    await Task.Delay(30);
                    if (Interlocked.Increment(ref _renewals) == 1 && firstFails)
                    {
                        throw new InvalidOperationException("storage is down");
                    }

                    return item;
                }
                finally
                {
                    Interlocked.Decrement(ref _renewing);
                }
            });

    private async Task WaitForRenewalsAsync(int count)
    {
        DateTime giveUp = DateTime.UtcNow.AddSeconds(20);
        while (Volatile.Read(ref _renewals) < count)
        {
            Assert.True(DateTime.UtcNow < giveUp, $"only {_renewals} renewals so far");
            await Task.Delay(20);
        }
    }

    /// <summary>The renewals made in a while after the work item was settled: none expected.</summary>
    private async Task<int> RenewalsAfterAsync(Func<Task> settle)
    {
        await settle();
        int atSettle = Volatile.Read(ref _renewals);
        await Task.Delay(Visibility * 3);
        return Volatile.Read(ref _renewals) - atSettle;
    }

    [Fact]
    public async Task An_activity_longer_than_the_visibility_keeps_its_lock_renewed_until_its_result_is_stored()
    {
        Renewals();
        SidecarOrchestrationService service = Service();
        TaskActivityWorkItem workItem = await service.LockNextTaskActivityWorkItem(TimeSpan.FromSeconds(1), CancellationToken.None);

        await WaitForRenewalsAsync(3);

        Assert.Equal(0, await RenewalsAfterAsync(() => service.CompleteTaskActivityWorkItemAsync(workItem, new TaskMessage())));
        Assert.False(_settledWhileRenewing);
        _provider.Verify(p => p.CompleteTaskActivityWorkItemAsync(workItem, It.IsAny<TaskMessage>()), Times.Once);
    }

    [Fact]
    public async Task A_failed_renewal_is_tried_again_and_an_abandoned_activity_stops_renewing()
    {
        Renewals(firstFails: true);
        SidecarOrchestrationService service = Service();
        TaskActivityWorkItem workItem = await service.LockNextTaskActivityWorkItem(TimeSpan.FromSeconds(1), CancellationToken.None);

        await WaitForRenewalsAsync(3);

        Assert.Equal(0, await RenewalsAfterAsync(() => service.AbandonTaskActivityWorkItemAsync(workItem)));
        Assert.False(_settledWhileRenewing);
    }

    [Fact]
    public async Task A_message_handed_out_again_while_its_first_run_goes_on_keeps_a_renewal_for_each_run()
    {
        Renewals();
        _provider.SetupSequence(p => p.LockNextTaskActivityWorkItem(It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new TaskActivityWorkItem { Id = "message-1" })
            .ReturnsAsync(new TaskActivityWorkItem { Id = "message-1" });
        SidecarOrchestrationService service = Service();
        TaskActivityWorkItem first = await service.LockNextTaskActivityWorkItem(TimeSpan.FromSeconds(1), CancellationToken.None);
        TaskActivityWorkItem second = await service.LockNextTaskActivityWorkItem(TimeSpan.FromSeconds(1), CancellationToken.None);

        await service.CompleteTaskActivityWorkItemAsync(first, new TaskMessage());
        int renewed = Volatile.Read(ref _renewals);
        await WaitForRenewalsAsync(renewed + 2);

        Assert.Equal(0, await RenewalsAfterAsync(() => service.CompleteTaskActivityWorkItemAsync(second, new TaskMessage())));
    }

    [Fact]
    public async Task A_receive_that_finds_no_activity_starts_no_renewal()
    {
        Renewals();
        _provider.Setup(p => p.LockNextTaskActivityWorkItem(It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>())).ReturnsAsync((TaskActivityWorkItem)null!);

        Assert.Null(await Service().LockNextTaskActivityWorkItem(TimeSpan.FromSeconds(1), CancellationToken.None));
        await Task.Delay(Visibility * 3);
        Assert.Equal(0, _renewals);
    }

    [Fact]
    public async Task A_stop_before_the_provider_was_started_leaves_it_alone_and_one_during_its_start_waits_for_it()
    {
        SidecarOrchestrationService service = Service();
        await service.StopAsync();
        _provider.Verify(p => p.StopAsync(It.IsAny<bool>()), Times.Never);

        var start = new TaskCompletionSource();
        _provider.Setup(p => p.StartAsync()).Returns(start.Task);
        _provider.Setup(p => p.StopAsync(false)).Returns(Task.CompletedTask);
        Task starting = service.StartAsync();
        Task stopping = service.StopAsync();
        await Task.Delay(100);
        Assert.False(stopping.IsCompleted);
        _provider.Verify(p => p.StopAsync(It.IsAny<bool>()), Times.Never);

        start.SetResult();
        await Task.WhenAll(starting, stopping);
        _provider.Verify(p => p.StopAsync(false), Times.Once);
    }
}

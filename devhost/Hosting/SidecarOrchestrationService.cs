using System.Collections.Concurrent;
using DurableTask.Core;
using DurableTask.Core.History;

namespace JourneyFunctions.DevHost.Hosting;

/// <summary>
/// Sits between the Durable Task gRPC sidecar and the Azure Storage provider, and mends three gaps of the sidecar:
/// <list type="bullet">
/// <item>It hands sub-orchestration start messages over with their tags in a protobuf map type; the Azure Storage
/// provider stores messages as type-named JSON and cannot load that type back, so the message would be retried
/// forever. The tags are copied into a plain dictionary before they are stored. Likewise the sidecar records
/// sub-orchestration starts in history with its own subclass of <see cref="SubOrchestrationInstanceCreatedEvent"/>,
/// which the provider's table mapping writes without its event type; it is swapped for the core event class.</item>
/// <item>It never renews an activity's lock, so an activity running longer than the message visibility was handed
/// out a second time while the first still ran. The Functions host's dispatcher renews the lock until the activity
/// ends; so does this class, every half visibility, and it stops renewing before the activity's result (or its
/// abandonment) settles the message, so the two never race for the message's pop receipt.</item>
/// <item>It can stop the provider before the provider's start has run (a host stopped right after it started), which
/// ended the process; a stop waits for the start (<see cref="StopAsync(bool)"/>).</item>
/// </list>
/// Everything else passes through.
/// </summary>
internal sealed class SidecarOrchestrationService(IOrchestrationService inner, TimeSpan messageVisibility, ILogger logger) : IOrchestrationService
{
    /// <summary>
    /// The renewal of each activity work item being run, by the work item itself (the sidecar settles the instance it
    /// locked): should a message come back while its first run goes on, each run keeps its own renewal.
    /// </summary>
    private readonly ConcurrentDictionary<TaskActivityWorkItem, (CancellationTokenSource Stop, Task Loop)> _renewals = new(ReferenceEqualityComparer.Instance);

    /// <summary>How long a stop waits for the provider's start to finish.</summary>
    private static readonly TimeSpan StartWait = TimeSpan.FromSeconds(10);

    /// <summary>The provider's start, once the sidecar asked for it (see <see cref="StopAsync(bool)"/>).</summary>
    private Task? _started;

    public int TaskOrchestrationDispatcherCount => inner.TaskOrchestrationDispatcherCount;

    public int MaxConcurrentTaskOrchestrationWorkItems => inner.MaxConcurrentTaskOrchestrationWorkItems;

    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => inner.EventBehaviourForContinueAsNew;

    public int TaskActivityDispatcherCount => inner.TaskActivityDispatcherCount;

    public int MaxConcurrentTaskActivityWorkItems => inner.MaxConcurrentTaskActivityWorkItems;

    public Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState)
    {
        foreach (TaskMessage message in orchestratorMessages ?? [])
        {
            if (message.Event is ExecutionStartedEvent { Tags: { } tags } started && tags is not Dictionary<string, string>)
            {
                started.Tags = new Dictionary<string, string>(tags, StringComparer.Ordinal);
            }
        }

        if (newOrchestrationRuntimeState is not null)
        {
            ReplaceSidecarEvents(newOrchestrationRuntimeState.Events);
            ReplaceSidecarEvents(newOrchestrationRuntimeState.NewEvents);
        }

        return inner.CompleteTaskOrchestrationWorkItemAsync(
            workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);
    }

    private static void ReplaceSidecarEvents(IList<HistoryEvent> events)
    {
        for (int i = 0; i < events.Count; i++)
        {
            if (events[i] is SubOrchestrationInstanceCreatedEvent created && created.GetType() != typeof(SubOrchestrationInstanceCreatedEvent))
            {
                events[i] = new SubOrchestrationInstanceCreatedEvent(created.EventId)
                {
                    Name = created.Name,
                    Version = created.Version,
                    InstanceId = created.InstanceId,
                    Input = created.Input,
                    ClientSpanId = created.ClientSpanId,
                    Tags = created.Tags is null ? null : new Dictionary<string, string>(created.Tags, StringComparer.Ordinal),
                    Timestamp = created.Timestamp,
                    IsPlayed = created.IsPlayed,
                };
            }
        }
    }

    public Task StartAsync()
    {
        Task started = inner.StartAsync();
        Volatile.Write(ref _started, started);
        return started;
    }

    public Task StopAsync() => StopAsync(isForced: false);

    /// <summary>
    /// The sidecar starts the provider in the background once the host is up, and stops it when the host stops: a stop
    /// right after the start can come first, and the provider's stop then throws on what its start sets up, which ends
    /// the process (the throw is in a host-stopping callback). So a stop waits for the start, and a provider never
    /// started is not stopped.
    /// </summary>
    public async Task StopAsync(bool isForced)
    {
        if (Volatile.Read(ref _started) is not { } started)
        {
            return;
        }

        try
        {
            // Bounded: the host's stop waits on this, and a start stuck on storage must not hold the stop up.
            await started.WaitAsync(StartWait);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning(e, "The task hub's provider did not start in time; it is not stopped");
            return;
        }

        await inner.StopAsync(isForced);
    }

    public Task CreateAsync() => inner.CreateAsync();

    public Task CreateAsync(bool recreateInstanceStore) => inner.CreateAsync(recreateInstanceStore);

    public Task CreateIfNotExistsAsync() => inner.CreateIfNotExistsAsync();

    public Task DeleteAsync() => inner.DeleteAsync();

    public Task DeleteAsync(bool deleteInstanceStore) => inner.DeleteAsync(deleteInstanceStore);

    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) =>
        inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);

    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => inner.GetDelayInSecondsAfterOnProcessException(exception);

    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => inner.GetDelayInSecondsAfterOnFetchException(exception);

    public Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);

    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);

    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.AbandonTaskOrchestrationWorkItemAsync(workItem);

    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);

    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        TaskActivityWorkItem workItem = await inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken);
        if (workItem is not null)
        {
            var stop = new CancellationTokenSource();
            _renewals[workItem] = (stop, Task.Run(() => RenewUntilStoppedAsync(workItem, stop.Token), CancellationToken.None));
        }

        return workItem!;
    }

    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => inner.RenewTaskActivityWorkItemLockAsync(workItem);

    public async Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        await StopRenewingAsync(workItem);
        await inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage);
    }

    public async Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        await StopRenewingAsync(workItem);
        await inner.AbandonTaskActivityWorkItemAsync(workItem);
    }

    /// <summary>Keeps the activity's message hidden while it runs: a renewal every half visibility until stopped. A failed renewal is logged and tried again at the next.</summary>
    private async Task RenewUntilStoppedAsync(TaskActivityWorkItem workItem, CancellationToken stop)
    {
        TimeSpan interval = messageVisibility / 2;
        while (true)
        {
            try
            {
                await Task.Delay(interval, stop);
                await inner.RenewTaskActivityWorkItemLockAsync(workItem);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "The lock of activity work item {WorkItemId} could not be renewed; trying again in {Interval}", workItem.Id, interval);
            }
        }
    }

    /// <summary>Ends the work item's renewal and waits for a renewal under way, so the message is settled with its latest pop receipt.</summary>
    private async Task StopRenewingAsync(TaskActivityWorkItem workItem)
    {
        if (_renewals.TryRemove(workItem, out (CancellationTokenSource Stop, Task Loop) renewal))
        {
            await renewal.Stop.CancelAsync();
            await renewal.Loop;
            renewal.Stop.Dispose();
        }
    }
}

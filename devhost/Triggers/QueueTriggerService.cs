using JourneyFunctions.DevHost.Functions;
using JourneyFunctions.DevHost.Hosting;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;
using Microsoft.Extensions.Options;

namespace JourneyFunctions.DevHost.Triggers;

/// <summary>
/// Polls each queue function's Azurite queue like the Functions queue trigger, with host.json's queue settings: up to
/// <see cref="DevHostOptions.QueueBatchSize"/> base64 messages at a time (the <see cref="StorageAccount"/> queue
/// encoding); a message is deleted after its handler succeeds, made visible again <see cref="DevHostOptions.QueueRetryDelay"/>
/// after a failure, and moved to <c>{queue}-poison</c> once it has failed <see cref="DevHostOptions.MaxDequeueCount"/> times.
/// A message that is not base64 or that its handler cannot parse (<see cref="InvalidDataException"/>) goes to the
/// poison queue at once, since a retry cannot mend it. A storage error on one message, or on one poll, is logged and
/// the poller goes on.
/// </summary>
internal sealed class QueueTriggerService(IServiceProvider services, IConfiguration configuration, StorageAccount storage, IOptions<DevHostOptions> options, ILogger<QueueTriggerService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.WhenAll(FunctionReader.App.Where(f => f.Trigger == FunctionReader.Queue).Select(queue => Poller(queue).RunAsync(stoppingToken)));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutting down.
        }
    }

    private QueuePoller Poller(LocalFunction function)
    {
        string queueName = AppSetting.Resolve(function.Binding!, configuration);
        // Messages are read raw and decoded by the poller, one by one: the SDK's own base64 decoding would fail the
        // whole receive for one bad message, and with it every poll after.
        return new QueuePoller(
            function.Name,
            storage.RawQueues.GetQueueClient(queueName),
            storage.RawQueues.GetQueueClient(QueueNames.PoisonOf(queueName)),
            async (text, ct) =>
            {
                await using AsyncServiceScope scope = services.CreateAsyncScope();
                await function.InvokeAsync(new Invocation(function, scope.ServiceProvider, text, ct));
            },
            options.Value,
            logger);
    }
}

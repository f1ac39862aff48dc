using System.Text.Json;
using Azure.Storage.Queues;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Domain.Messaging;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;

namespace JourneyFunctions.Storage.Messaging;

/// <summary>Sends <see cref="JourneyCommand"/>s to the <c>journey-commands</c> queue.</summary>
public sealed class JourneyCommandSender : IJourneyCommandSender
{
    private readonly QueueClient _commands;

    public JourneyCommandSender(StorageAccount storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _commands = storage.Queue(QueueNames.JourneyCommands);
    }

    public Task SendAsync(IEnumerable<JourneyCommand> commands, CancellationToken cancellationToken = default) =>
        Parallel.ForEachAsync(commands, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (command, ct) =>
            await _commands.SendMessageAsync(JsonSerializer.Serialize(command, JsonDefaults.Options), ct));
}

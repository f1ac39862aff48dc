using JourneyFunctions.Domain.Contracts;

namespace JourneyFunctions.Domain.Messaging;

/// <summary>Sends commands (add or remove accounts) to other journeys' runs (implemented in the storage project).</summary>
public interface IJourneyCommandSender
{
    Task SendAsync(IEnumerable<JourneyCommand> commands, CancellationToken cancellationToken = default);
}

using System.Text.Json;
using JourneyFunctions.Domain.Json;

namespace JourneyFunctions.Handlers.Queues;

/// <summary>
/// Reads a queue message as JSON. A message that is not valid JSON, or fails <c>isValid</c>, throws
/// <see cref="InvalidDataException"/> saying why: the host retries it and then moves it to the poison queue.
/// </summary>
public static class QueueMessage
{
    public static T Parse<T>(string message, Func<T, bool> isValid, string description)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(isValid);
        T? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<T>(message, JsonDefaults.Options);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Malformed {description}: {e.Message}", e);
        }

        return parsed is not null && isValid(parsed)
            ? parsed
            : throw new InvalidDataException($"Invalid {description}: {message}");
    }
}

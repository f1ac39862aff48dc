using System.Text.Json;
using System.Text.Json.Serialization;
using JourneyFunctions.Domain.Json;

namespace JourneyFunctions.Handlers.Queues;

/// <summary>
/// Reads a queue message as JSON. A message that is not valid JSON, or fails <c>isValid</c>, throws
/// <see cref="InvalidDataException"/> saying why: the host retries it and then moves it to the poison queue.
/// </summary>
public static class QueueMessage
{
    /// <summary>
    /// The wire shape, but an enum only by its name and a number only as a number: the app writes names and numbers,
    /// so <c>"kind": 1</c> or <c>"version": "639..."</c> is a message written by hand, refused rather than read as
    /// whichever member has that value or as the number the text spells.
    /// </summary>
    private static readonly JsonSerializerOptions Options = Create();

    public static T Parse<T>(string message, Func<T, bool> isValid, string description)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(isValid);
        return Parse<T>(message, parsed => isValid(parsed) ? null : "", description);
    }

    /// <summary>As the other, with <paramref name="problem"/> naming what is wrong with a parsed message (null: nothing), for the log line.</summary>
    public static T Parse<T>(string message, Func<T, string?> problem, string description)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(problem);
        T? parsed;
        try
        {
            // A leading byte-order mark (some writers add one) is read past, as in an HTTP body.
            parsed = JsonSerializer.Deserialize<T>(message.StartsWith('\uFEFF') ? message[1..] : message, Options);
        }
        catch (JsonException e)
        {
            // A converter's own refusal carries no path in its message: name the member, and keep the body as for an invalid message.
            string at = e.Path is { Length: > 0 } path && !e.Message.Contains("Path: ", StringComparison.Ordinal) ? $" ({path.TrimStart('$').TrimStart('.')})" : "";
            throw new InvalidDataException($"Malformed {description}{at}: {e.Message}: {message}", e);
        }

        return (parsed is null ? "the message is JSON null, not an object" : problem(parsed)) switch
        {
            null => parsed!,
            "" => throw new InvalidDataException($"Invalid {description}: {message}"),
            string reason => throw new InvalidDataException($"Invalid {description}: {reason}: {message}"),
        };
    }

    private static JsonSerializerOptions Create()
    {
        // A member given twice is refused as an HTTP body is: which copy wins would be the reader's guess.
        var options = new JsonSerializerOptions(JsonDefaults.Options) { NumberHandling = JsonNumberHandling.Strict, AllowDuplicateProperties = false };
        options.Converters.Remove(options.Converters.OfType<JsonStringEnumConverter>().Single());
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

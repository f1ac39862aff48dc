using System.Text.Json;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.Domain.Storage;

namespace JourneyFunctions.Domain.Messaging;

/// <summary>The message body of a published sales activity: the activity as JSON, the same on either transport.</summary>
public static class SalesActivityMessage
{
    public static string Serialize(SalesActivity activity) => JsonSerializer.Serialize(activity, JsonDefaults.Options);

    /// <summary>The activity in a message; a malformed one throws <see cref="InvalidDataException"/>, which sends it to the poison or dead-letter queue.</summary>
    public static SalesActivity Parse(string body)
    {
        SalesActivity? activity;
        try
        {
            activity = JsonSerializer.Deserialize<SalesActivity>(body, JsonDefaults.Options);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Malformed sales activity message: {e.Message}", e);
        }

        return activity is not null && !string.IsNullOrEmpty(activity.Id) && TableKey.IsValid(activity.MarketoId)
            ? activity
            : throw new InvalidDataException($"Sales activity message lacks an id or a valid marketoId: {body}");
    }
}

using System.Text.Json;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.Domain.Storage;

namespace JourneyFunctions.Domain.Messaging;

/// <summary>The message body of a published sales activity: the activity as JSON, the same on either transport.</summary>
public static class SalesActivityMessage
{
    public const string Description = "sales activity message";

    public static string Serialize(SalesActivity activity) => JsonSerializer.Serialize(activity, JsonDefaults.Options);

    /// <summary>Whether a parsed message names its activity and a valid person.</summary>
    public static bool IsValid(SalesActivity activity) =>
        !string.IsNullOrEmpty(activity?.Id) && TableKey.IsValid(activity.MarketoId);
}

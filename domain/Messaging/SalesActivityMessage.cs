using System.Text.Json;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.Domain.Storage;

namespace JourneyFunctions.Domain.Messaging;

/// <summary>The message body of a published sales activity: the activity as JSON, the same on either transport.</summary>
public static class SalesActivityMessage
{
    /// <summary>The message's name in its log line when refused, with what a valid one holds (as the other queues' lines say it).</summary>
    public const string Description = "sales activity message (it needs an id a table key can hold, a valid marketoId, a type, occurredAt and origin, and a subject and detail of at most 255 characters)";

    public static string Serialize(SalesActivity activity) => JsonSerializer.Serialize(activity, JsonDefaults.Options);

    /// <summary>
    /// Whether a parsed message names its activity by an id a table can hold as a key, a valid person, and text within
    /// what the API takes (<see cref="SalesforceTask.MaxSubjectLength"/>): anything else was not written by the app, and
    /// would fail every try at the store.
    /// </summary>
    public static bool IsValid(SalesActivity activity) =>
        activity is not null
        && TableKey.IsStorable(activity.Id)
        && TableKey.IsValid(activity.MarketoId)
        && activity.Subject is null or { Length: <= SalesforceTask.MaxSubjectLength }
        && activity.Detail is null or { Length: <= SalesforceTask.MaxSubjectLength };
}

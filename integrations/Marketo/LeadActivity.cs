using System.Text.Json;

namespace JourneyFunctions.Marketo;

/// <summary>One activity of Get Lead Activities: its id (ascending in time), lead, date, type and attributes.</summary>
public sealed record LeadActivity(
    long Id,
    long LeadId,
    DateTimeOffset ActivityDate,
    int ActivityTypeId,
    string? PrimaryAttributeValue,
    IReadOnlyList<LeadActivityValue>? Attributes);

/// <summary>A named attribute of an activity; Marketo sends strings, numbers or booleans.</summary>
public sealed record LeadActivityValue(string Name, JsonElement Value)
{
    public string? Text => Value.ValueKind switch
    {
        JsonValueKind.String => Value.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => Value.GetRawText(),
    };
}

using System.Globalization;
using JourneyFunctions.Domain.Json;

namespace JourneyFunctions.Domain.People;

/// <summary>
/// A person of the marketing store as actions see it: the account, the Marketo ID, the stored fields (its own properties, not the table's keys or timestamp; names as in
/// <see cref="PersonFields"/>, values as stored: text, numbers, flags) and the stored version, which a conditional
/// write passes back so a change made in between is not lost.
/// </summary>
public sealed record Person(string AccountId, string Id, IReadOnlyDictionary<string, object> Fields, string Version)
{
    /// <summary>A field as text (invariant culture); null when not set.</summary>
    public string? Text(string field) =>
        Fields.TryGetValue(field, out object? value) ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;

    /// <summary>Whether the person is unsubscribed (<see cref="PersonFields.IsUnsubscribed"/>).</summary>
    public bool IsUnsubscribed => PersonFields.IsUnsubscribed(Fields.GetValueOrDefault(PersonFields.Unsubscribed));

    /// <summary>
    /// A numeric field: a stored number, or text that reads as one (<see cref="NumberText"/>; <c>updatePersonProfile</c>
    /// and <c>changeDataValue</c> store numbers as text); null when not set or no number.
    /// </summary>
    public double? Number(string field) => Fields.TryGetValue(field, out object? value) ? value switch
    {
        double or int or long => Convert.ToDouble(value, CultureInfo.InvariantCulture),
        string text when NumberText.TryRead(text, out double number) => number,
        _ => null,
    } : null;

    /// <summary>The person's own fields as text, for personalization tokens and conditions.</summary>
    public Dictionary<string, string?> Attributes() =>
        Fields.ToDictionary(f => f.Key, f => Convert.ToString(f.Value, CultureInfo.InvariantCulture), StringComparer.Ordinal);
}

using System.Text.Json.Serialization;

namespace JourneyFunctions.Domain.People;

/// <summary>
/// The change message put on the <c>person-changes</c> queue whenever marketing people change: the people of one
/// account written together (<see cref="MarketoIds"/>, up to <see cref="MaxPeople"/>), the version of that write, the
/// fields that changed, and their old values where the writer knew them (Marketo's lead changes, one person a message);
/// the sync and the event router read the current records themselves. <see cref="MarketoId"/> is the earlier
/// one-person form, still read so a message written before the batched form is handled.
/// </summary>
public sealed record PersonChange(
    string AccountId,
    string? MarketoId,
    [property: JsonRequired] long Version,
    IReadOnlyList<string> ChangedFields,
    IReadOnlyDictionary<string, string?>? OldValues = null,
    IReadOnlyList<string>? MarketoIds = null)
{
    /// <summary>
    /// People a message names at most: 100 ids of up to 128 characters keep a message near 18 KB once base64-encoded,
    /// well under a queue message's 64 KB, and one handling within one key-range read of the account.
    /// </summary>
    public const int MaxPeople = 100;

    /// <summary>Fields a message names at most: far above what any writer names (an action's 100 attributes, a lead's requested fields).</summary>
    public const int MaxChangedFields = 1000;

    /// <summary>Longest field name: an Azure Tables property name's bound.</summary>
    public const int MaxFieldNameLength = 255;

    /// <summary>A change of several people of one account, written together at <paramref name="version"/>.</summary>
    public static PersonChange Of(string accountId, IReadOnlyList<string> marketoIds, long version, IReadOnlyList<string> changedFields, IReadOnlyDictionary<string, string?>? oldValues = null) =>
        new(accountId, null, version, changedFields, oldValues, marketoIds);

    /// <summary>The people the message names, in either form (empty when it names none).</summary>
    public IReadOnlyList<string> People => MarketoIds ?? (MarketoId is null ? [] : [MarketoId]);
}

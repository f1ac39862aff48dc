namespace JourneyFunctions.Domain.People;

/// <summary>
/// The change message put on the <c>person-changes</c> queue whenever a marketing person changes.
/// It names the person and the fields that changed, and their old values where the writer knew them (Marketo's lead
/// changes); the sync and the event router read the current record themselves.
/// </summary>
public sealed record PersonChange(string AccountId, string MarketoId, long Version, IReadOnlyList<string> ChangedFields, IReadOnlyDictionary<string, string?>? OldValues = null);

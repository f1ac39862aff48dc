namespace JourneyFunctions.Domain.People;

/// <summary>
/// The change message put on the <c>person-changes</c> queue whenever a marketing person changes.
/// It names the person and the fields that changed; the sync reads the current record itself.
/// </summary>
public sealed record PersonChange(string AccountId, string MarketoId, long Version, IReadOnlyList<string> ChangedFields);


namespace JourneyFunctions.Domain.Journeys;

/// <summary>The data-change events several sources raise alike: one event per changed attribute.</summary>
public static class DomainEvents
{
    /// <summary>A <c>dataValueChange</c> per account and attribute set (the old value is not read, so not given).</summary>
    public static IEnumerable<RaisedEvent> AccountDataChanges(IEnumerable<string> accountIds, IReadOnlyDictionary<string, string?> attributes) =>
        accountIds.SelectMany(account => attributes.Select(a => new RaisedEvent(
            EventTrigger.AccountScope, EventTrigger.DataValueChange, account, null, Change(a.Key, oldValue: null, a.Value))));

    /// <summary>A <c>personDataChange</c> per changed field of the person, with its new value and the old one where known.</summary>
    public static IEnumerable<RaisedEvent> PersonDataChanges(
        string accountId, string marketoId, IEnumerable<string> fields, Func<string, string?> newValue, IReadOnlyDictionary<string, string?>? oldValues) =>
        fields.Select(field => new RaisedEvent(
            EventTrigger.PeopleScope, EventTrigger.PersonDataChange, accountId, marketoId, Change(field, oldValues?.GetValueOrDefault(field), newValue(field))));

    private static Dictionary<string, string?> Change(string attribute, string? oldValue, string? newValue) => new()
    {
        [EventTrigger.Attributes.Attribute] = attribute,
        [EventTrigger.Attributes.OldValue] = oldValue,
        [EventTrigger.Attributes.NewValue] = newValue,
    };
}

namespace JourneyFunctions.Domain.Journeys;

/// <summary>The event a listen-for-event node waits for: its scope (<c>account</c> or <c>people</c>) and type.</summary>
public sealed record EventTrigger(string Scope, string Type)
{
    public const string AccountScope = "account";
    public const string PeopleScope = "people";

    /// <summary>Event types by scope, as the reference product offers them.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> Types { get; } = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal)
    {
        [AccountScope] = new HashSet<string>(StringComparer.Ordinal) { "interestingMoment", "dataValueChange", "buyingGroupStageChange", "buyingGroupStatusChange" },
        [PeopleScope] = new HashSet<string>(StringComparer.Ordinal) { "assignedToBuyingGroup", "removedFromBuyingGroup", "personDataChange", "interestingMoment" },
    };

    /// <summary>The Durable external-event name an account's listen waits on; raising it moves that account on.</summary>
    public static string EventName(string scope, string type, string accountId) => $"{scope}:{type}:{accountId}";
}

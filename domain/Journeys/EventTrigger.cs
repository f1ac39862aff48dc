using System.Text.Json;
using System.Text.Json.Serialization;
using JourneyFunctions.Domain.Storage;

namespace JourneyFunctions.Domain.Journeys;

/// <summary>
/// The event a listen-for-event node waits for: its scope (<c>account</c> or <c>people</c>) and type, and optional
/// conditions the event must meet: which attribute changed and to what value, which interesting-moment type, which
/// buying group (solution interest), which sales activity type. Every condition given must hold (text compared
/// ignoring case); <see cref="Constraints"/> says which types take which condition. A journey's scope or type given
/// as null reads as absent (validation names it as missing), as any optional member of the general node shape does.
/// </summary>
public sealed record EventTrigger(string? Scope, string? Type)
{
    public const string AccountScope = "account";
    public const string PeopleScope = "people";

    public const string InterestingMoment = "interestingMoment";
    public const string DataValueChange = "dataValueChange";
    public const string PersonDataChange = "personDataChange";
    public const string BuyingGroupStageChange = "buyingGroupStageChange";
    public const string BuyingGroupStatusChange = "buyingGroupStatusChange";
    public const string AssignedToBuyingGroup = "assignedToBuyingGroup";
    public const string RemovedFromBuyingGroup = "removedFromBuyingGroup";
    public const string SalesActivity = "salesActivity";

    /// <summary>Names of the attributes events carry, read by the conditions.</summary>
    public static class Attributes
    {
        public const string Attribute = "attribute";
        public const string OldValue = "oldValue";
        public const string NewValue = "newValue";
        public const string MomentType = "momentType";
        public const string Description = "description";
        public const string SolutionInterest = "solutionInterest";
        public const string Role = "role";
        public const string ActivityType = "activityType";
        public const string ActivityId = "activityId";
    }

    /// <summary>Longest text a condition holds (an attribute name, a value, a moment or activity type, a solution interest).</summary>
    public const int MaxConditionLength = 1000;

    /// <summary>Event types by scope, as the reference product offers them, plus sales activities as people events.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> Types { get; } = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal)
    {
        [AccountScope] = new HashSet<string>(StringComparer.Ordinal) { InterestingMoment, DataValueChange, BuyingGroupStageChange, BuyingGroupStatusChange },
        [PeopleScope] = new HashSet<string>(StringComparer.Ordinal) { AssignedToBuyingGroup, RemovedFromBuyingGroup, PersonDataChange, InterestingMoment, SalesActivity },
    };

    /// <summary>
    /// Which conditions each event type takes: the condition's JSON name, and the event attribute it is compared with.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Constraints { get; } = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal)
    {
        [DataValueChange] = new Dictionary<string, string> { ["attribute"] = Attributes.Attribute, ["value"] = Attributes.NewValue },
        [PersonDataChange] = new Dictionary<string, string> { ["attribute"] = Attributes.Attribute, ["value"] = Attributes.NewValue },
        [InterestingMoment] = new Dictionary<string, string> { ["momentType"] = Attributes.MomentType },
        [BuyingGroupStageChange] = new Dictionary<string, string> { ["solutionInterest"] = Attributes.SolutionInterest, ["value"] = Attributes.NewValue },
        [BuyingGroupStatusChange] = new Dictionary<string, string> { ["solutionInterest"] = Attributes.SolutionInterest, ["value"] = Attributes.NewValue },
        [AssignedToBuyingGroup] = new Dictionary<string, string> { ["solutionInterest"] = Attributes.SolutionInterest },
        [RemovedFromBuyingGroup] = new Dictionary<string, string> { ["solutionInterest"] = Attributes.SolutionInterest },
        [SalesActivity] = new Dictionary<string, string> { ["activityType"] = Attributes.ActivityType },
    };

    /// <summary>Only an event whose changed attribute is this one (data value changes).</summary>
    public string? Attribute { get; init; }

    /// <summary>Only an event whose new value is this one (data value changes, buying group stage or status).</summary>
    public string? Value { get; init; }

    /// <summary>Only a moment of this type (interesting moments: email, milestone, web).</summary>
    public string? MomentType { get; init; }

    /// <summary>Only an event of the buying group of this solution interest.</summary>
    public string? SolutionInterest { get; init; }

    /// <summary>Only a sales activity of this type (<c>replySalesEmail</c>, <c>receiveSalesCall</c> ...).</summary>
    public string? ActivityType { get; init; }

    /// <summary>
    /// Members of the JSON that are no condition (e.g. an event attribute such as <c>role</c> written as one): kept
    /// only so validation names them; a saved journey has none.
    /// </summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; init; }

    /// <summary>The event's key in the routing index: <c>scope:type</c>.</summary>
    /// <remarks>Methods, not properties: a JSON-ignored property would swallow an <c>event</c> member of its name (<c>"key"</c>,
    /// <c>"conditions"</c>) that must reach <see cref="Unknown"/> and be refused.</remarks>
    public string RoutingKey() => $"{Scope}:{Type}";

    /// <summary>The conditions set on this trigger, by JSON name.</summary>
    public IReadOnlyDictionary<string, string> GivenConditions() =>
        new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["attribute"] = Attribute, ["value"] = Value, ["momentType"] = MomentType, ["solutionInterest"] = SolutionInterest, ["activityType"] = ActivityType,
        }.Where(c => c.Value is not null).ToDictionary(c => c.Key, c => c.Value!, StringComparer.Ordinal);

    /// <summary>
    /// The Durable external-event name a batch's listen node waits on: one name per node, raised with the events of
    /// many accounts at once (an array of <see cref="RaisedEvent"/>), so a burst of events is one delivery, not one each.
    /// Durable matches event names ignoring case, while node ids (ASCII) are told apart by case: an id with an upper-case
    /// letter carries a hash of itself after a <c>#</c>, which no id holds, so the names of <c>L</c> and <c>l</c> differ.
    /// </summary>
    public static string EventName(string scope, string type, string nodeId)
    {
        ArgumentNullException.ThrowIfNull(nodeId);
        return nodeId.Any(char.IsAsciiLetterUpper) ? $"{scope}:{type}:{nodeId}#{StableId.Of(nodeId, 16)}" : $"{scope}:{type}:{nodeId}";
    }

    /// <summary>Whether <paramref name="raised"/> meets every condition of this trigger (the scope and type are routed already).</summary>
    public bool Matches(RaisedEvent raised)
    {
        ArgumentNullException.ThrowIfNull(raised);
        if (Type is null || !Constraints.TryGetValue(Type, out IReadOnlyDictionary<string, string>? constraints))
        {
            return true;
        }

        foreach ((string condition, string expected) in GivenConditions())
        {
            string? actual = constraints.TryGetValue(condition, out string? attribute) && raised.Attributes is { } attributes && attributes.TryGetValue(attribute, out string? value) ? value : null;
            if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }
}

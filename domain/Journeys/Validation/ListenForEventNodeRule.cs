namespace JourneyFunctions.Domain.Journeys.Validation;

/// <summary>Listen for an event: a known scope and event type, conditions that type takes, at most one bounded timeout, and the event/timeout edges that match.</summary>
public sealed class ListenForEventNodeRule : NodeRule
{
    private static readonly IReadOnlyList<string> InterestingMomentTypes = Moments.InterestingMoments.Types;

    /// <summary>Sales activity types a person event can be (unsubscribes are not activities a seller records).</summary>
    private static readonly IReadOnlyList<string> SalesActivityTypes = [.. Enum.GetNames<SalesActivities.SalesActivityType>()
        .Where(n => n != nameof(SalesActivities.SalesActivityType.Unsubscribe)).Select(n => char.ToLowerInvariant(n[0]) + n[1..])];

    public override JourneyNodeType Type => JourneyNodeType.ListenForEvent;

    public override void CheckSettings(JourneyNode node, ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(context);
        if (node.Event is null)
        {
            context.Add(node.Id, "event", "is required: a scope (account or people) and an event type");
        }
        else if (node.Event.Scope is null || !EventTrigger.Types.TryGetValue(node.Event.Scope, out IReadOnlySet<string>? types))
        {
            string choice = $"'{EventTrigger.AccountScope}' or '{EventTrigger.PeopleScope}'";
            context.Add(node.Id, "event.scope", node.Event.Scope is null ? $"is required: {choice}" : $"must be {choice} (got '{ValidationContext.Echo(node.Event.Scope)}')");
        }
        else if (node.Event.Type is null || !types.Contains(node.Event.Type))
        {
            string given = node.Event.Type is null ? "is required" : $"'{ValidationContext.Echo(node.Event.Type)}' is not an event of scope {node.Event.Scope}";
            context.Add(node.Id, "event.type", $"{given}; use one of {string.Join(", ", types.Order(StringComparer.Ordinal))}");
        }
        else
        {
            CheckConditions(node.Id, node.Event, node.Event.Type, context);
        }

        if (node.Timeout is not null && node.TimeoutAt is not null)
        {
            context.Add(node.Id, "timeout", "give either timeout or timeoutAt, not both");
        }
        else if (node.Timeout is not null)
        {
            context.Duration(node.Id, "timeout", node.Timeout, "PT1H or P7D");
        }
        else if (node.TimeoutAt is { } at)
        {
            context.Date(node.Id, "timeoutAt", at, future: true);
        }
    }

    /// <summary>Each condition must be one the event type takes, 1-1000 characters, and a known moment or activity type where it names one.</summary>
    private static void CheckConditions(string nodeId, EventTrigger trigger, string type, ValidationContext context)
    {
        IReadOnlyDictionary<string, string> allowed = EventTrigger.Constraints.GetValueOrDefault(type) ?? new Dictionary<string, string>();
        string takes = allowed.Count == 0
            ? $"'{type}' events take no conditions"
            : $"'{type}' events take only {string.Join(", ", allowed.Keys.Order(StringComparer.Ordinal))}";
        foreach (string name in trigger.Unknown?.Keys ?? Enumerable.Empty<string>())
        {
            context.Add(nodeId, "event." + ValidationContext.Echo(name), $"is not a condition; {takes}");
        }

        foreach ((string name, string value) in trigger.GivenConditions())
        {
            string field = "event." + name;
            if (!allowed.ContainsKey(name))
            {
                context.Add(nodeId, field, takes);
            }
            // The two listed conditions first, so an empty one is answered with its list too.
            else if (name == "momentType" && !InterestingMomentTypes.Contains(value))
            {
                context.Add(nodeId, field, $"must be one of {string.Join(", ", InterestingMomentTypes)} (got '{ValidationContext.Echo(value)}')");
            }
            else if (name == "activityType" && !SalesActivityTypes.Contains(value))
            {
                context.Add(nodeId, field, $"must be one of {string.Join(", ", SalesActivityTypes)} (got '{ValidationContext.Echo(value)}')");
            }
            else if (value.Length is 0 or > EventTrigger.MaxConditionLength)
            {
                context.Add(nodeId, field, $"must be 1 to {EventTrigger.MaxConditionLength} characters");
            }
        }
    }

    public override void CheckEdges(JourneyNode node, IReadOnlyList<JourneyEdge> outgoing, ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(context);
        (List<string> labels, int plain) = Split(outgoing);
        if (labels.Count(l => l == ListenPaths.Event) != 1 || plain > 0 || labels.Any(l => l is not (ListenPaths.Event or ListenPaths.Timeout)))
        {
            context.Add(node.Id, "edges", "a listen-for-event node needs one edge with \"path\": \"event\" and, with a timeout path, one with \"path\": \"timeout\"");
        }

        bool timeoutPath = node.TimeoutPath ?? true;
        bool hasTimeout = node.Timeout is not null || node.TimeoutAt is not null;
        if (hasTimeout && timeoutPath && !labels.Contains(ListenPaths.Timeout))
        {
            context.Add(node.Id, "edges", "the timeout path is on but no edge has \"path\": \"timeout\"");
        }
        else if ((!hasTimeout || !timeoutPath) && labels.Contains(ListenPaths.Timeout))
        {
            context.Add(node.Id, "edges", "an edge has \"path\": \"timeout\" but the node has no timeout path");
        }
    }
}

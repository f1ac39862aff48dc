namespace JourneyFunctions.Domain.Journeys.Validation;

/// <summary>The rule of each node type.</summary>
public static class NodeRules
{
    private static readonly Dictionary<JourneyNodeType, NodeRule> ByType = new NodeRule[]
    {
        new StartNodeRule(), new ActionNodeRule(), new WaitNodeRule(), new ListenForEventNodeRule(),
        new SplitByAccountNodeRule(), new SplitByPeopleNodeRule(), new MergeNodeRule(), new EndNodeRule(),
    }.ToDictionary(r => r.Type);

    /// <summary>The rule of a known node type; null for <see cref="JourneyNodeType.Unknown"/>.</summary>
    public static NodeRule? For(JourneyNodeType type) => ByType.GetValueOrDefault(type);
}

namespace JourneyFunctions.Domain.Journeys.Validation;

/// <summary>
/// The rule of each node type: every concrete <see cref="NodeRule"/> of the model, found once by reflection, so the
/// action node's rule can live with the actions (which depend on journeys, not the other way round).
/// </summary>
public static class NodeRules
{
    private static readonly Dictionary<JourneyNodeType, NodeRule> ByType = typeof(NodeRule).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(NodeRule)) && !t.IsAbstract)
        .Select(t => (NodeRule)Activator.CreateInstance(t)!)
        .ToDictionary(r => r.Type);

    /// <summary>The rule of a known node type; null for <see cref="JourneyNodeType.Unknown"/>.</summary>
    public static NodeRule? For(JourneyNodeType type) => ByType.GetValueOrDefault(type);
}

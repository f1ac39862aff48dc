namespace JourneyFunctions.Domain.Journeys.Validation;

/// <summary>End: no settings, no edge out.</summary>
public sealed class EndNodeRule : NodeRule
{
    public override JourneyNodeType Type => JourneyNodeType.End;

    public override void CheckSettings(JourneyNode node, ValidationContext context)
    {
    }

    public override void CheckEdges(JourneyNode node, IReadOnlyList<JourneyEdge> outgoing, ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(outgoing);
        ArgumentNullException.ThrowIfNull(context);
        if (outgoing.Count > 0)
        {
            context.Add(node.Id, "edges", "an end node cannot have outgoing edges");
        }
    }
}

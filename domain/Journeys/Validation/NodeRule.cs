namespace JourneyFunctions.Domain.Journeys.Validation;

/// <summary>
/// The validation rules of one node type: its settings, and the edges it must have. A new node type is one
/// subclass, which <see cref="NodeRules"/> finds.
/// </summary>
public abstract class NodeRule
{
    public abstract JourneyNodeType Type { get; }

    /// <summary>The node's own settings.</summary>
    public abstract void CheckSettings(JourneyNode node, ValidationContext context);

    /// <summary>Why a node of this type may not stand on a path of a split by people; null when it may.</summary>
    public virtual string? ProblemInsidePeopleSplit(JourneyNode node) => null;

    /// <summary>The node's outgoing edges; by default exactly one, without a path.</summary>
    public virtual void CheckEdges(JourneyNode node, IReadOnlyList<JourneyEdge> outgoing, ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(outgoing);
        ArgumentNullException.ThrowIfNull(context);
        if (outgoing.Count != 1 || outgoing[0].Path is not null)
        {
            context.Add(node.Id, "edges", outgoing.Count == 0 ? "has no outgoing edge (only an end node may)" : "needs exactly one outgoing edge, without a path");
        }
    }

    /// <summary>The path labels of <paramref name="outgoing"/>, and how many edges carry none.</summary>
    protected static (List<string> Labels, int Plain) Split(IReadOnlyList<JourneyEdge> outgoing)
    {
        ArgumentNullException.ThrowIfNull(outgoing);
        var labels = outgoing.Where(e => e.Path is not null).Select(e => e.Path!).ToList();
        return (labels, outgoing.Count - labels.Count);
    }
}

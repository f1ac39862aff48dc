namespace JourneyFunctions.Domain.Journeys.Validation;

/// <summary>Split by people: an edge per path, and exactly one unlabeled edge where the paths join again.</summary>
public sealed class SplitByPeopleNodeRule : SplitNodeRule
{
    public override JourneyNodeType Type => JourneyNodeType.SplitByPeople;

    public override void CheckEdges(JourneyNode node, IReadOnlyList<JourneyEdge> outgoing, ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(context);
        (List<string> labels, int plain) = Split(outgoing);
        CheckPathEdges(node, labels, PathIds(node), context);
        if (node.OtherPath == true)
        {
            // Unmatched people already take the unlabeled edge; a silent no-op would hide the author's mistake.
            context.Add(node.Id, "otherPath", "applies to a split by account only; a split by people's unmatched people skip its paths and go on from where they join");
        }

        if (plain != 1)
        {
            context.Add(node.Id, "edges", "a split by people needs exactly one unlabeled edge: where its paths join again");
        }
    }
}

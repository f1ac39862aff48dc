namespace JourneyFunctions.Domain.Journeys.Validation;

/// <summary>Split by account: an edge per path it uses, each naming its path; <c>other</c> when <c>otherPath</c> is on.</summary>
public sealed class SplitByAccountNodeRule : SplitNodeRule
{
    public override JourneyNodeType Type => JourneyNodeType.SplitByAccount;

    public override void CheckEdges(JourneyNode node, IReadOnlyList<JourneyEdge> outgoing, ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(context);
        (List<string> labels, int plain) = Split(outgoing);
        HashSet<string> known = PathIds(node);
        known.Add(SplitPaths.Other);
        CheckPathEdges(node, labels, known, context);
        if (node.OtherPath == true && !labels.Contains(SplitPaths.Other))
        {
            context.Add(node.Id, "edges", "otherPath is on but no edge has \"path\": \"other\"");
        }
        else if (node.OtherPath != true && labels.Contains(SplitPaths.Other))
        {
            // Unmatched accounts leave unless otherPath is on: such an edge would never be taken.
            context.Add(node.Id, "edges", "an edge has \"path\": \"other\" but otherPath is off (unmatched accounts leave); set \"otherPath\": true or remove the edge");
        }

        if (plain > 0)
        {
            context.Add(node.Id, "edges", "every edge of a split by account names the path it carries");
        }
        else if (labels.Count == 0)
        {
            context.Add(node.Id, "edges", "a split by account needs an edge naming each path it uses");
        }
    }
}

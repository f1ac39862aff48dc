using JourneyFunctions.Domain.Storage;

namespace JourneyFunctions.Domain.Journeys.Validation;

/// <summary>What both splits check: 1 to the most paths, each with a unique id and bounded, well-formed conditions.</summary>
public abstract class SplitNodeRule : NodeRule
{
    public override void CheckSettings(JourneyNode node, ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(context);
        if (node.Paths is not { Count: > 0 })
        {
            context.Add(node.Id, "paths", "a split needs at least one path");
            return;
        }

        if (node.Paths.Count > context.Limits.MaxSplitPaths)
        {
            context.Add(node.Id, "paths", $"a split may have at most {context.Limits.MaxSplitPaths} paths (found {node.Paths.Count})");
            return;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (int p = 0; p < node.Paths.Count; p++)
        {
            SplitPath? path = node.Paths[p];
            string field = $"paths[{p}]";
            if (path is null)
            {
                context.Add(node.Id, field, "may not be null");
                continue;
            }

            if (!TableKey.IsValid(path.Id))
            {
                // Path ids name the edges' paths and the run's counts, as node ids do: the same plain keys.
                context.Add(node.Id, field + ".id", $"must be {TableKey.Rule}");
            }
            else if ((path.Id == SplitPaths.Other && Type == JourneyNodeType.SplitByAccount) || !ids.Add(path.Id))
            {
                context.Add(node.Id, field + ".id", path.Id == SplitPaths.Other && Type == JourneyNodeType.SplitByAccount ? "'other' is kept for the other path" : $"'{path.Id}' is used by more than one path");
            }

            CheckConditions(node, path.Conditions, field + ".conditions", context);
        }
    }

    private static void CheckConditions(JourneyNode node, IReadOnlyList<Condition>? conditions, string field, ValidationContext context)
    {
        if (conditions is null)
        {
            context.Add(node.Id, field, "is required: a list of conditions (empty matches everyone)");
            return;
        }

        if (conditions.Count > context.Limits.MaxConditionsPerPath)
        {
            context.Add(node.Id, field, $"a path may have at most {context.Limits.MaxConditionsPerPath} conditions (found {conditions.Count})");
            return;
        }

        for (int c = 0; c < conditions.Count; c++)
        {
            Condition? condition = conditions[c];
            string at = $"{field}[{c}]";
            if (condition is null)
            {
                context.Add(node.Id, at, "may not be null");
                continue;
            }

            context.Text(node.Id, at + ".attribute", condition.Attribute, context.Limits.MaxShortTextLength);
            if (condition.Operator is null)
            {
                context.Add(node.Id, at + ".operator", $"is required: one of {string.Join(", ", Condition.Operators)}");
            }
            else if (!Condition.Operators.Contains(condition.Operator))
            {
                context.Add(node.Id, at + ".operator", $"unknown operator '{ValidationContext.Echo(condition.Operator)}'; use one of {string.Join(", ", Condition.Operators)}");
            }
            else if (condition.Value is null && Condition.TakesValue(condition.Operator))
            {
                context.Add(node.Id, at + ".value", $"is required with operator '{condition.Operator}' (text; \"\" for the empty value)");
            }

            context.Text(node.Id, at + ".value", condition.Value, context.Limits.MaxConditionValueLength, required: false);
        }
    }

    /// <summary>
    /// Every label names a path of this split (<paramref name="known"/>), no path has two edges, and each of the
    /// split's own paths has one: a path without an edge would drop the accounts or people it matches unnoticed.
    /// </summary>
    protected static void CheckPathEdges(JourneyNode node, IReadOnlyList<string> labels, IReadOnlySet<string> known, ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(context);
        foreach (string label in labels.Where(l => !known.Contains(l)))
        {
            context.Add(node.Id, "edges", $"edge for unknown path '{ValidationContext.Echo(label)}'");
        }

        foreach (string label in labels.Where(known.Contains).GroupBy(l => l, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            context.Add(node.Id, "edges", $"path '{label}' has more than one edge; a path leads to one node");
        }

        foreach (string path in PathIds(node).Where(p => !labels.Contains(p, StringComparer.Ordinal)))
        {
            context.Add(node.Id, "edges", $"path '{path}' has no edge; add one with \"path\": \"{path}\"");
        }
    }

    protected static HashSet<string> PathIds(JourneyNode node) =>
        (node?.Paths ?? []).Where(p => p?.Id is not null).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
}

using System.Xml;
using JourneyFunctions.Domain.Actions;

namespace JourneyFunctions.Domain.Journeys;

/// <summary>Checks a journey graph and every node's settings, returning all problems at once.</summary>
public static class JourneyValidator
{
    /// <summary>The most paths a split may have.</summary>
    public const int MaxSplitPaths = 25;

    public static IReadOnlyList<ValidationProblem> Validate(JourneyDefinition journey, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(journey);
        var problems = new List<ValidationProblem>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (JourneyNode node in journey.Nodes)
        {
            if (!Storage.TableKey.IsValid(node.Id))
            {
                problems.Add(new(node.Id, "id", "must be 1-128 letters, digits, '-', '_', '.', '@' or ':'"));
            }
            else if (!ids.Add(node.Id))
            {
                problems.Add(new(node.Id, "id", "is used by more than one node"));
            }

            problems.AddRange(ValidateNode(node, now));
        }

        int starts = journey.Nodes.Count(n => n.Type == JourneyNodeType.Start);
        if (starts != 1)
        {
            problems.Add(new(null, "nodes", $"a journey needs exactly one start node (found {starts})"));
        }

        problems.AddRange(ValidateEdges(journey, ids));
        if (starts == 1 && problems.Count == 0)
        {
            problems.AddRange(ValidateShape(journey));
        }

        return problems;
    }

    private static IEnumerable<ValidationProblem> ValidateNode(JourneyNode node, DateTimeOffset now)
    {
        switch (node.Type)
        {
            case JourneyNodeType.Start:
                if (node.Audience is null || (node.Audience.Accounts is not { Count: > 0 } && string.IsNullOrWhiteSpace(node.Audience.AccountList)))
                {
                    yield return new(node.Id, "audience", "needs accounts or an accountList");
                }

                foreach (string account in node.Audience?.Accounts ?? [])
                {
                    if (!Storage.TableKey.IsValid(account))
                    {
                        yield return new(node.Id, "audience.accounts", $"'{account}' is not a valid account id");
                    }
                }

                break;
            case JourneyNodeType.Action:
                foreach (ValidationProblem p in ValidateAction(node))
                {
                    yield return p;
                }

                break;
            case JourneyNodeType.Wait:
                if ((node.Duration is null) == (node.Until is null))
                {
                    yield return new(node.Id, "duration", "a wait needs exactly one of duration or until");
                }
                else if (node.Duration is not null && !TryParseDuration(node.Duration, out _))
                {
                    yield return new(node.Id, "duration", $"'{node.Duration}' is not a positive ISO-8601 duration such as PT2S or P3D");
                }
                else if (node.Until is { } until && until <= now)
                {
                    yield return new(node.Id, "until", "is in the past");
                }

                break;
            case JourneyNodeType.SplitByAccount or JourneyNodeType.SplitByPeople:
                if (node.Paths is not { Count: > 0 })
                {
                    yield return new(node.Id, "paths", "a split needs at least one path");
                }
                else if (node.Paths.Count > MaxSplitPaths)
                {
                    yield return new(node.Id, "paths", $"a split may have at most {MaxSplitPaths} paths (found {node.Paths.Count})");
                }

                foreach (Condition c in node.Paths?.SelectMany(p => p.Conditions) ?? [])
                {
                    if (!Condition.Operators.Contains(c.Operator))
                    {
                        yield return new(node.Id, "paths.conditions.operator", $"unknown operator '{c.Operator}'");
                    }
                }

                break;
            default:
                break;
        }
    }

    private static IEnumerable<ValidationProblem> ValidateAction(JourneyNode node)
    {
        if (node.Action is not null && ActionCatalog.Deprecated.TryGetValue(node.Action, out string? why))
        {
            yield return new(node.Id, "action", why);
            yield break;
        }

        ActionDefinition? action = ActionCatalog.Find(node.Action);
        if (action is null)
        {
            yield return new(node.Id, "action", $"unknown action type '{node.Action}'");
            yield break;
        }

        foreach ((string setting, string reason) in action.Rules(new ActionSettings(node.Settings)))
        {
            yield return new(node.Id, setting, reason);
        }
    }

    private static IEnumerable<ValidationProblem> ValidateEdges(JourneyDefinition journey, HashSet<string> ids)
    {
        foreach (JourneyEdge edge in journey.Edges)
        {
            if (!ids.Contains(edge.From))
            {
                yield return new(edge.From, "edges", $"edge from unknown node '{edge.From}'");
            }

            if (!ids.Contains(edge.To))
            {
                yield return new(edge.From, "edges", $"edge to unknown node '{edge.To}'");
            }
        }

        foreach (JourneyNode node in journey.Nodes.Where(n => n.Type != JourneyNodeType.End))
        {
            if (!journey.EdgesFrom(node.Id).Any())
            {
                yield return new(node.Id, "edges", "has no outgoing edge (only an end node may)");
            }
        }

        foreach (JourneyNode end in journey.Nodes.Where(n => n.Type == JourneyNodeType.End && journey.EdgesFrom(n.Id).Any()))
        {
            yield return new(end.Id, "edges", "an end node cannot have outgoing edges");
        }
    }

    /// <summary>Reachability and cycles, by a depth-first walk from the start.</summary>
    private static IEnumerable<ValidationProblem> ValidateShape(JourneyDefinition journey)
    {
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false = on the stack, true = done
        var cycles = new List<ValidationProblem>();
        Visit(journey.Start.Id);
        foreach (ValidationProblem cycle in cycles)
        {
            yield return cycle;
        }

        foreach (JourneyNode node in journey.Nodes.Where(n => !state.ContainsKey(n.Id)))
        {
            yield return new(node.Id, null, "is unreachable from the start node");
        }

        void Visit(string id)
        {
            state[id] = false;
            foreach (JourneyEdge edge in journey.EdgesFrom(id))
            {
                if (!state.TryGetValue(edge.To, out bool done))
                {
                    Visit(edge.To);
                }
                else if (!done)
                {
                    cycles.Add(new(id, "edges", $"edge to '{edge.To}' makes a cycle"));
                }
            }

            state[id] = true;
        }
    }

    /// <summary>Parses an ISO-8601 duration (PT2S, P3D, P1DT2H) into a positive time span.</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        try
        {
            duration = XmlConvert.ToTimeSpan(text);
            return duration > TimeSpan.Zero;
        }
        catch (FormatException)
        {
            duration = default;
            return false;
        }
    }
}

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

        if (problems.Count == 0)
        {
            problems.AddRange(ValidatePeopleSplits(journey));
        }

        return problems;
    }

    private static IEnumerable<ValidationProblem> ValidateNode(JourneyNode node, DateTimeOffset now)
    {
        switch (node.Type)
        {
            case JourneyNodeType.Unknown:
                yield return new(node.Id, "type", $"unknown node type '{node.TypeName}'");
                break;
            case JourneyNodeType.Start:
                foreach (ValidationProblem p in ValidateStart(node, now))
                {
                    yield return p;
                }

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

                if (node.MustEndOn is { } endOn && !TimeZoneExists(endOn.TimeZone))
                {
                    yield return new(node.Id, "mustEndOn.timeZone", $"unknown time zone '{endOn.TimeZone}'");
                }

                break;
            case JourneyNodeType.ListenForEvent:
                foreach (ValidationProblem p in ValidateListen(node, now))
                {
                    yield return p;
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

    private static IEnumerable<ValidationProblem> ValidateStart(JourneyNode node, DateTimeOffset now)
    {
        if (node.EndAt is { } end && (end <= now || (node.StartAt is { } start && end <= start)))
        {
            yield return new(node.Id, "endAt", end <= now ? "is in the past" : "is before the start date");
        }

        if (node.Reentry is { Enabled: true } reentry)
        {
            if (reentry.WaitPeriod is not null && !TryParseDuration(reentry.WaitPeriod, out _))
            {
                yield return new(node.Id, "reentry.waitPeriod", $"'{reentry.WaitPeriod}' is not a positive ISO-8601 duration");
            }

            if (reentry.MaxEntries is < 1)
            {
                yield return new(node.Id, "reentry.maxEntries", "must be at least 1");
            }
        }
    }

    private static IEnumerable<ValidationProblem> ValidateListen(JourneyNode node, DateTimeOffset now)
    {
        if (node.Event is null)
        {
            yield return new(node.Id, "event", "is required: a scope (account or people) and an event type");
        }
        else if (!EventTrigger.Types.TryGetValue(node.Event.Scope, out IReadOnlySet<string>? types))
        {
            yield return new(node.Id, "event.scope", $"must be '{EventTrigger.AccountScope}' or '{EventTrigger.PeopleScope}' (got '{node.Event.Scope}')");
        }
        else if (!types.Contains(node.Event.Type))
        {
            yield return new(node.Id, "event.type", $"'{node.Event.Type}' is not a {node.Event.Scope} event; use one of {string.Join(", ", types.Order(StringComparer.Ordinal))}");
        }

        if (node.Timeout is not null && node.TimeoutAt is not null)
        {
            yield return new(node.Id, "timeout", "give either timeout or timeoutAt, not both");
        }
        else if (node.Timeout is not null && !TryParseDuration(node.Timeout, out _))
        {
            yield return new(node.Id, "timeout", $"'{node.Timeout}' is not a positive ISO-8601 duration such as PT1H or P7D");
        }
        else if (node.TimeoutAt is { } at && at <= now)
        {
            yield return new(node.Id, "timeoutAt", "is in the past");
        }
    }

    private static bool TimeZoneExists(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);

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

        foreach (JourneyNode node in journey.Nodes.Where(n => n.Type is not (JourneyNodeType.End or JourneyNodeType.Unknown)))
        {
            foreach (ValidationProblem problem in ValidateOutgoing(journey, node))
            {
                yield return problem;
            }
        }

        foreach (JourneyNode end in journey.Nodes.Where(n => n.Type == JourneyNodeType.End && journey.EdgesFrom(n.Id).Any()))
        {
            yield return new(end.Id, "edges", "an end node cannot have outgoing edges");
        }
    }

    /// <summary>Which edges each node type must have: one plain edge, or one per outcome (split path, event, timeout).</summary>
    private static IEnumerable<ValidationProblem> ValidateOutgoing(JourneyDefinition journey, JourneyNode node)
    {
        List<JourneyEdge> edges = journey.EdgesFrom(node.Id).ToList();
        List<JourneyEdge> plain = edges.Where(e => e.Path is null).ToList();
        var labels = edges.Where(e => e.Path is not null).Select(e => e.Path!).ToList();
        switch (node.Type)
        {
            case JourneyNodeType.SplitByAccount:
                var accountPaths = (node.Paths ?? []).Select(p => p.Id).Append(SplitPaths.Other).ToHashSet(StringComparer.Ordinal);
                foreach (string label in labels.Where(l => !accountPaths.Contains(l)))
                {
                    yield return new(node.Id, "edges", $"edge for unknown path '{label}'");
                }

                if (node.OtherPath && !labels.Contains(SplitPaths.Other))
                {
                    yield return new(node.Id, "edges", "otherPath is on but no edge has \"path\": \"other\"");
                }

                if (plain.Count > 0 || labels.Count == 0)
                {
                    yield return new(node.Id, "edges", "every edge of a split by account names the path it carries");
                }

                break;
            case JourneyNodeType.SplitByPeople:
                var peoplePaths = (node.Paths ?? []).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
                foreach (string label in labels.Where(l => !peoplePaths.Contains(l)))
                {
                    yield return new(node.Id, "edges", $"edge for unknown path '{label}'");
                }

                if (plain.Count != 1)
                {
                    yield return new(node.Id, "edges", "a split by people needs exactly one unlabeled edge: where its paths join again");
                }

                break;
            case JourneyNodeType.ListenForEvent:
                if (labels.Count(l => l == ListenPaths.Event) != 1 || plain.Count > 0 || labels.Any(l => l is not (ListenPaths.Event or ListenPaths.Timeout)))
                {
                    yield return new(node.Id, "edges", "a listen-for-event node needs one edge with \"path\": \"event\" and, with a timeout path, one with \"path\": \"timeout\"");
                }

                bool timeoutPath = node.TimeoutPath ?? true;
                bool hasTimeout = node.Timeout is not null || node.TimeoutAt is not null;
                if (hasTimeout && timeoutPath && !labels.Contains(ListenPaths.Timeout))
                {
                    yield return new(node.Id, "edges", "the timeout path is on but no edge has \"path\": \"timeout\"");
                }
                else if ((!hasTimeout || !timeoutPath) && labels.Contains(ListenPaths.Timeout))
                {
                    yield return new(node.Id, "edges", "an edge has \"path\": \"timeout\" but the node has no timeout path");
                }

                break;
            default:
                if (edges.Count != 1 || plain.Count != 1)
                {
                    yield return new(node.Id, "edges", edges.Count == 0 ? "has no outgoing edge (only an end node may)" : "needs exactly one outgoing edge, without a path");
                }

                break;
        }
    }

    /// <summary>
    /// A split by people holds people actions only, on chains that lead from each path back to the split's join
    /// point; it cannot be nested and cannot hold a listen-for-event or an account action.
    /// </summary>
    private static IEnumerable<ValidationProblem> ValidatePeopleSplits(JourneyDefinition journey)
    {
        foreach (JourneyNode split in journey.Nodes.Where(n => n.Type == JourneyNodeType.SplitByPeople))
        {
            string? join = journey.EdgesFrom(split.Id).FirstOrDefault(e => e.Path is null)?.To;
            foreach (JourneyEdge path in journey.EdgesFrom(split.Id).Where(e => e.Path is not null))
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                for (string? id = path.To; id is not null && id != join && seen.Add(id); id = journey.EdgesFrom(id).FirstOrDefault()?.To)
                {
                    JourneyNode inside = journey.Node(id);
                    string? reason = inside.Type switch
                    {
                        JourneyNodeType.SplitByPeople => "a split by people cannot be nested",
                        JourneyNodeType.ListenForEvent => "listen for an event is not allowed inside a split by people",
                        JourneyNodeType.Action when ActionCatalog.Find(inside.Action)?.Scope == ActionScope.Account =>
                            "account actions are not allowed inside a split by people",
                        JourneyNodeType.Action => null,
                        _ => $"only people actions may stand on path '{path.Path}' of split '{split.Id}', which must lead back to '{join}'",
                    };
                    if (reason is not null)
                    {
                        yield return new(inside.Id, "type", reason);
                        break;
                    }
                }
            }
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

using System.Text.Json;
using JourneyFunctions.Domain.Journeys.Validation;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Domain.Storage;

namespace JourneyFunctions.Domain.Journeys;

/// <summary>
/// Checks a journey graph and every node's settings, returning all problems at once. The size bounds come first
/// (<see cref="JourneyLimits"/>); then each node's own rule (<see cref="NodeRules"/>), the edges, and the shape: every
/// walk uses an explicit stack and an edge index, so a check costs O(nodes + edges) and no input can overflow the stack.
/// </summary>
public static class JourneyValidator
{
    public static IReadOnlyList<ValidationProblem> Validate(JourneyDefinition journey, DateTimeOffset now, JourneyLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(journey);
        limits ??= JourneyLimits.Default;
        var problems = new List<ValidationProblem>();
        if (!WithinSize(journey, limits, problems))
        {
            return problems; // nothing larger than the bounds is walked
        }

        List<JourneyNode> nodes = [.. Present(journey.Nodes, "nodes", problems)];
        List<JourneyEdge> edges = [.. Present(journey.Edges, "edges", problems)];
        var edgesFrom = new Dictionary<string, List<JourneyEdge>>(StringComparer.Ordinal);
        foreach (JourneyEdge edge in edges)
        {
            if (!edgesFrom.TryGetValue(edge.From, out List<JourneyEdge>? list))
            {
                edgesFrom[edge.From] = list = [];
            }

            list.Add(edge);
        }

        var context = new ValidationContext(now, limits, edgesFrom);
        var byId = new Dictionary<string, JourneyNode>(StringComparer.Ordinal);
        foreach (JourneyNode node in nodes)
        {
            if (!TableKey.IsValid(node.Id))
            {
                context.Add(node.Id, "id", $"must be {TableKey.Rule}");
            }
            else if (!byId.TryAdd(node.Id, node))
            {
                context.Add(node.Id, "id", "is used by more than one node");
            }

            if (NodeRules.For(node.Type) is null)
            {
                context.Add(node.Id, "type", node.TypeName is null ? "is required" : $"unknown node type '{ValidationContext.Echo(node.TypeName)}'");
            }
        }

        List<JourneyNode> starts = [.. nodes.Where(n => n.Type == JourneyNodeType.Start)];
        if (starts.Count != 1)
        {
            context.Add(null, "nodes", $"a journey needs exactly one start node (found {starts.Count})");
        }

        var ids = nodes.Select(n => n.Id).ToHashSet(StringComparer.Ordinal); // every node there, a malformed id included
        CheckEdgeEnds(ids, edges, context);
        foreach (JourneyNode node in nodes)
        {
            NodeRules.For(node.Type)?.CheckEdges(node, context.EdgesFrom(node.Id), context);
        }

        foreach (JourneyNode node in nodes)
        {
            NodeRules.For(node.Type)?.CheckSettings(node, context);
            CheckUnusedLists(node, context);
        }

        // The walks (cycles, reachability, what stands inside a split by people) keep to edges between nodes that are
        // there, whatever else is wrong, so a journey with problems of every kind gets them all at once.
        problems.AddRange(context.Problems);
        problems.AddRange(Shape(nodes, starts, ids, context));
        problems.AddRange(PeopleSplits(nodes, byId, context));
        return problems;
    }

    /// <summary>Parses an ISO-8601 duration (PT2S, P3D, P1DT2H) into a positive time span; false for anything else, overflow included.</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration) => Durations.TryParse(text, out duration);

    /// <summary>Whether the definition's lists are there and its counts, name and stored size are within bounds.</summary>
    public static bool IsWithinBounds(JourneyDefinition journey, JourneyLimits? limits = null) =>
        journey?.Nodes is not null && journey.Edges is not null && WithinSize(journey, limits ?? JourneyLimits.Default, []);

    /// <summary>The counts, the name and the stored size within <paramref name="limits"/>.</summary>
    private static bool WithinSize(JourneyDefinition journey, JourneyLimits limits, List<ValidationProblem> problems)
    {
        if (journey.Name is { } name && name.Length > limits.MaxNameLength)
        {
            problems.Add(new(null, "name", $"must be at most {limits.MaxNameLength} characters (got {name.Length})"));
        }

        if (journey.Nodes?.Count > limits.MaxNodes)
        {
            problems.Add(new(null, "nodes", $"a journey may have at most {limits.MaxNodes} nodes (got {journey.Nodes.Count})"));
        }

        if (journey.Edges?.Count > limits.MaxEdges)
        {
            problems.Add(new(null, "edges", $"a journey may have at most {limits.MaxEdges} edges (got {journey.Edges.Count})"));
        }

        if (problems.Count == 0 && JsonSerializer.Serialize(journey, JsonDefaults.Options).Length > limits.MaxDefinitionChars)
        {
            problems.Add(new(null, null, $"the definition is larger than {limits.MaxDefinitionChars} characters as stored; put large audiences in a static account list, and keep long text (email bodies, conditions) short"));
        }

        return problems.Count == 0;
    }

    /// <summary>
    /// A list member the node's type does not read (<c>paths</c> off a split, <c>audience</c> off the start) is still
    /// the schema's: a null item in it is refused as where it is read, since the definition is stored as given.
    /// </summary>
    private static void CheckUnusedLists(JourneyNode node, ValidationContext context)
    {
        if (node.Type is not (JourneyNodeType.SplitByAccount or JourneyNodeType.SplitByPeople) && node.Paths is { } paths)
        {
            for (int p = 0; p < paths.Count; p++)
            {
                if (paths[p] is null)
                {
                    context.Add(node.Id, $"paths[{p}]", "may not be null");
                }
                else if (FirstNull(paths[p].Conditions) is int c and >= 0)
                {
                    context.Add(node.Id, $"paths[{p}].conditions[{c}]", "may not be null");
                }
            }
        }

        if (node.Type != JourneyNodeType.Start && FirstNull(node.Audience?.Accounts) is int a and >= 0)
        {
            context.Add(node.Id, $"audience.accounts[{a}]", "may not be null");
        }
    }

    private static int FirstNull<T>(IReadOnlyList<T?>? items)
        where T : class
    {
        for (int i = 0; i < (items?.Count ?? 0); i++)
        {
            if (items![i] is null)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The items of a list that are there, with a problem for a missing list or a null item (and for an edge without both ends).</summary>
    private static IEnumerable<T> Present<T>(IReadOnlyList<T>? items, string field, List<ValidationProblem> problems)
        where T : class
    {
        if (items is null)
        {
            problems.Add(new(null, field, "is required: a list (it may not be null)"));
            yield break;
        }

        for (int i = 0; i < items.Count; i++)
        {
            T? item = items[i];
            string? missing = item switch
            {
                null => "may not be null",
                JourneyNode { Id: null } => "needs an id",
                JourneyEdge { From: null } or JourneyEdge { To: null } => "needs both from and to",
                _ => null,
            };
            if (missing is null)
            {
                yield return item!;
            }
            else
            {
                problems.Add(new(null, $"{field}[{i}]", missing));
            }
        }
    }

    /// <summary>
    /// Each edge's ends name nodes that are there (a node whose id breaks the id rule is there: its own problem says
    /// so); a problem names the edge by its index, and the node it leaves when that node exists.
    /// </summary>
    private static void CheckEdgeEnds(HashSet<string> ids, List<JourneyEdge> edges, ValidationContext context)
    {
        for (int i = 0; i < edges.Count; i++)
        {
            JourneyEdge edge = edges[i];
            if (!ids.Contains(edge.From))
            {
                context.Add(null, $"edges[{i}].from", $"edge from unknown node '{ValidationContext.Echo(edge.From)}'");
            }

            if (!ids.Contains(edge.To))
            {
                context.Add(ids.Contains(edge.From) ? edge.From : null, $"edges[{i}].to", $"edge to unknown node '{ValidationContext.Echo(edge.To)}'");
            }
        }
    }

    /// <summary>
    /// Cycles and reachability: a depth-first walk on an explicit stack from each start node, then from every node
    /// not reached yet (so a cycle among unreachable nodes is found too), reporting each back edge. Edges to nodes that
    /// are not there are passed over (their own problem says so); nodes sharing an id are one node. Without a start
    /// node no node is called unreachable: the missing start is the problem.
    /// </summary>
    private static List<ValidationProblem> Shape(List<JourneyNode> nodes, List<JourneyNode> starts, HashSet<string> ids, ValidationContext context)
    {
        var done = new Dictionary<string, bool>(StringComparer.Ordinal); // false = on the current path, true = finished
        var problems = new List<ValidationProblem>();
        void WalkFrom(string root)
        {
            if (done.ContainsKey(root))
            {
                return;
            }

            var stack = new Stack<(string Id, int Next)>();
            done[root] = false;
            stack.Push((root, 0));
            while (stack.TryPop(out (string Id, int Next) frame))
            {
                IReadOnlyList<JourneyEdge> outgoing = context.EdgesFrom(frame.Id);
                if (frame.Next == outgoing.Count)
                {
                    done[frame.Id] = true;
                    continue;
                }

                stack.Push((frame.Id, frame.Next + 1));
                string to = outgoing[frame.Next].To;
                if (!ids.Contains(to))
                {
                    continue;
                }

                if (!done.TryGetValue(to, out bool finished))
                {
                    done[to] = false;
                    stack.Push((to, 0));
                }
                else if (!finished)
                {
                    problems.Add(new(frame.Id, "edges", $"edge to '{to}' makes a cycle"));
                }
            }
        }

        starts.ForEach(start => WalkFrom(start.Id));
        List<JourneyNode> unreachable = [.. nodes.Where(n => !done.ContainsKey(n.Id)).DistinctBy(n => n.Id, StringComparer.Ordinal)];
        unreachable.ForEach(node => WalkFrom(node.Id));
        if (starts.Count > 0)
        {
            problems.AddRange(unreachable.Select(n => new ValidationProblem(n.Id, "edges", "is unreachable from the start node: no chain of edges from the start leads to it")));
        }

        return problems;
    }

    /// <summary>
    /// A split by people holds people actions only, on chains that lead from each path back to the split's join
    /// point; it cannot be nested and cannot hold a listen-for-event or an account action. Each node is walked once.
    /// </summary>
    private static List<ValidationProblem> PeopleSplits(List<JourneyNode> nodes, Dictionary<string, JourneyNode> byId, ValidationContext context)
    {
        var problems = new List<ValidationProblem>();
        var walked = new HashSet<string>(StringComparer.Ordinal);
        foreach (JourneyNode split in nodes.Where(n => n.Type == JourneyNodeType.SplitByPeople))
        {
            string? join = context.EdgesFrom(split.Id).FirstOrDefault(e => e.Path is null)?.To;
            foreach (JourneyEdge path in context.EdgesFrom(split.Id).Where(e => e.Path is not null))
            {
                // A node that is not there (or whose id is wrong) ends the walk: its own problem says so; so does a
                // chain back to the split itself, which the cycle's problem names.
                for (string? id = path.To; id is not null && id != join && id != split.Id && walked.Add(id) && byId.TryGetValue(id, out JourneyNode? inside); id = (context.EdgesFrom(id) is { Count: > 0 } next ? next[0].To : null))
                {
                    string? reason = inside.Type switch
                    {
                        JourneyNodeType.Unknown => null, // its type's own problem says what is wrong
                        JourneyNodeType.SplitByPeople => "a split by people cannot be nested",
                        JourneyNodeType.ListenForEvent => "listen for an event is not allowed inside a split by people",
                        JourneyNodeType.Action => NodeRules.For(inside.Type)!.ProblemInsidePeopleSplit(inside),
                        _ => $"only people actions may stand on path '{path.Path}' of split '{split.Id}', {(join is null ? "which has no unlabeled edge to lead back to" : $"which must lead back to '{join}'")}",
                    };
                    if (reason is not null)
                    {
                        problems.Add(new(inside.Id, "type", reason));
                        break;
                    }
                }
            }
        }

        return problems;
    }
}

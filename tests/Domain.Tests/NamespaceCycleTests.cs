using System.Text.RegularExpressions;
using JourneyFunctions.Testing;

namespace JourneyFunctions.Domain.Tests;

/// <summary>
/// The domain's areas (the first namespace level under <c>JourneyFunctions.Domain</c>, e.g. <c>Journeys</c> with its
/// <c>Validation</c>) depend on each other without cycles, read from the <c>using</c> directives of the sources, apart
/// from the wrong-way dependencies listed in <see cref="KnownBackEdges"/>: a ratchet, so a new cycle fails and the list
/// only shrinks.
/// </summary>
public sealed partial class NamespaceCycleTests
{
    /// <summary>
    /// Dependencies that still close a cycle, each to be removed by splitting the model from storage (issue 12): an
    /// action's apply step reaches the journey stores, an action's request and result live with the activity contracts,
    /// and the journey command sender (a queue writer) uses the command contract.
    /// </summary>
    private static readonly (string From, string To)[] KnownBackEdges =
    [
        ("Actions", "Journeys"),
        ("Actions", "Contracts"),
        ("Messaging", "Contracts"),
    ];

    [GeneratedRegex(@"^namespace JourneyFunctions\.Domain\.(\w+)", RegexOptions.Multiline)]
    private static partial Regex Declared();

    [GeneratedRegex(@"^using JourneyFunctions\.Domain\.(\w+)", RegexOptions.Multiline)]
    private static partial Regex Used();

    [Fact]
    public void The_domain_areas_have_no_dependency_cycle_but_the_known_back_edges()
    {
        Dictionary<string, HashSet<string>> uses = Dependencies();
        foreach ((string from, string to) in KnownBackEdges)
        {
            uses[from].Remove(to);
        }

        List<string> cycles = [.. uses.Keys.Select(area => CycleFrom(area, uses)).OfType<string>().Distinct()];

        Assert.True(cycles.Count == 0, "Dependency cycles between domain areas: " + string.Join("; ", cycles));
    }

    [Fact]
    public void Every_known_back_edge_still_exists_so_the_list_shrinks_when_one_is_removed()
    {
        Dictionary<string, HashSet<string>> uses = Dependencies();

        Assert.All(KnownBackEdges, edge => Assert.Contains(edge.To, uses.GetValueOrDefault(edge.From) ?? []));
    }

    /// <summary>Which areas each area's sources name in their <c>using</c> directives.</summary>
    private static Dictionary<string, HashSet<string>> Dependencies()
    {
        var uses = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (string file in Directory.EnumerateFiles(Repository.File("domain"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            string text = File.ReadAllText(file);
            if (Declared().Match(text) is not { Success: true } declared)
            {
                continue;
            }

            string area = declared.Groups[1].Value;
            HashSet<string> targets = uses.TryGetValue(area, out HashSet<string>? known) ? known : uses[area] = [];
            targets.UnionWith(Used().Matches(text).Select(m => m.Groups[1].Value).Where(used => used != area));
        }

        return uses;
    }

    /// <summary>A path from <paramref name="start"/> back to itself, written <c>A -> B -> A</c>, or null.</summary>
    private static string? CycleFrom(string start, Dictionary<string, HashSet<string>> uses)
    {
        var path = new Stack<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return Walk(start);

        string? Walk(string area)
        {
            path.Push(area);
            foreach (string next in uses.GetValueOrDefault(area) ?? [])
            {
                if (next == start)
                {
                    return string.Join(" -> ", path.Reverse().Append(start));
                }

                if (seen.Add(next) && Walk(next) is { } found)
                {
                    return found;
                }
            }

            path.Pop();
            return null;
        }
    }
}

using System.Text.RegularExpressions;
using JourneyFunctions.Testing;

namespace JourneyFunctions.Domain.Tests;

/// <summary>
/// The areas of the model and of the storage project (the first namespace level under the project's namespace, e.g.
/// <c>Journeys</c> with its <c>Validation</c>) depend on each other without cycles, read from the <c>using</c>
/// directives of the sources.
/// </summary>
public sealed class NamespaceCycleTests
{
    [Theory]
    [InlineData("domain", "JourneyFunctions.Domain")]
    [InlineData("storage", "JourneyFunctions.Storage")]
    public void The_areas_of_a_project_have_no_dependency_cycle(string folder, string rootNamespace)
    {
        Dictionary<string, HashSet<string>> uses = Dependencies(folder, rootNamespace);
        List<string> cycles = [.. uses.Keys.Select(area => CycleFrom(area, uses)).OfType<string>().Distinct()];

        Assert.True(cycles.Count == 0, $"Dependency cycles between the areas of {folder}/: " + string.Join("; ", cycles));
    }

    /// <summary>Which areas each area's sources name in their <c>using</c> directives.</summary>
    private static Dictionary<string, HashSet<string>> Dependencies(string folder, string rootNamespace)
    {
        var declaredArea = new Regex($@"^namespace {Regex.Escape(rootNamespace)}\.(\w+)", RegexOptions.Multiline);
        var usedArea = new Regex($@"^using {Regex.Escape(rootNamespace)}\.(\w+)", RegexOptions.Multiline);
        var uses = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (string file in Directory.EnumerateFiles(Repository.File(folder), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            string text = File.ReadAllText(file);
            if (declaredArea.Match(text) is not { Success: true } declared)
            {
                continue;
            }

            string area = declared.Groups[1].Value;
            HashSet<string> targets = uses.TryGetValue(area, out HashSet<string>? known) ? known : uses[area] = [];
            targets.UnionWith(usedArea.Matches(text).Select(m => m.Groups[1].Value).Where(used => used != area));
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

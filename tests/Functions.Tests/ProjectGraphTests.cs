using System.Text.RegularExpressions;
using System.Xml.Linq;
using JourneyFunctions.Testing;

namespace JourneyFunctions.Functions.Tests;

/// <summary>The README's project graph is the one the <c>.csproj</c> files declare (test projects left out).</summary>
public sealed partial class ProjectGraphTests
{
    [GeneratedRegex(@"^  (\w+) --> (\w+)$", RegexOptions.Multiline)]
    private static partial Regex Edge();

    [Fact]
    public void The_README_graph_lists_every_project_reference_and_no_other()
    {
        string readme = File.ReadAllText(Repository.File("README.md"));
        string graph = readme[readme.IndexOf("```mermaid", StringComparison.Ordinal)..];
        graph = graph[..graph.IndexOf("```", "```mermaid".Length, StringComparison.Ordinal)];
        List<string> documented = [.. Edge().Matches(graph).Select(m => $"{m.Groups[1].Value} --> {m.Groups[2].Value}").Order(StringComparer.Ordinal)];

        List<string> declared = [.. Directory.EnumerateFiles(Repository.Root, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !IsTestProject(p))
            .SelectMany(p => XDocument.Load(p).Descendants("ProjectReference")
                .Select(r => $"{Name(p)} --> {Name(r.Attribute("Include")!.Value)}"))
            .Order(StringComparer.Ordinal)];

        Assert.Equal(declared, documented);
    }

    /// <summary>
    /// Storage stays out of orchestration code by construction: the model has no Azure package (so neither do the
    /// orchestrations, which reference only it and the analyzer), and no project reference brings one in.
    /// </summary>
    [Fact]
    public void The_model_has_no_Azure_SDK_and_the_orchestrations_reference_only_the_model()
    {
        XDocument model = XDocument.Load(Repository.File("domain/JourneyFunctions.Domain.csproj"));
        Assert.Empty(model.Descendants("ProjectReference"));
        Assert.DoesNotContain(model.Descendants("PackageReference"), r => r.Attribute("Include")!.Value.StartsWith("Azure.", StringComparison.Ordinal));
        Assert.Empty(model.Descendants("FrameworkReference"));

        XDocument orchestrations = XDocument.Load(Repository.File("orchestrations/JourneyFunctions.Orchestrations.csproj"));
        Assert.Equal(["Analyzers", "Domain"], orchestrations.Descendants("ProjectReference").Select(r => Name(r.Attribute("Include")!.Value)).Order(StringComparer.Ordinal));
        Assert.Equal(["Microsoft.DurableTask.Abstractions"], orchestrations.Descendants("PackageReference").Select(r => r.Attribute("Include")!.Value));
    }

    /// <summary>
    /// Handlers see outside systems through the model's interfaces, and only the hosting project picks the adapters:
    /// the handlers reference no integration, and nothing outside tests/ references a test project.
    /// </summary>
    [Fact]
    public void Handlers_reference_no_integration_and_only_tests_reference_test_projects()
    {
        XDocument handlers = XDocument.Load(Repository.File("handlers/JourneyFunctions.Handlers.csproj"));
        Assert.Equal(["Activities", "Orchestrations"], handlers.Descendants("ProjectReference").Select(r => Name(r.Attribute("Include")!.Value)).Order(StringComparer.Ordinal));

        List<string> intoTests = [.. Directory.EnumerateFiles(Repository.Root, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !IsTestProject(p))
            .SelectMany(p => XDocument.Load(p).Descendants("ProjectReference")
                .Where(r => IsTestProject(r.Attribute("Include")!.Value) || r.Attribute("Include")!.Value.Replace('\\', '/').Contains("/tests/", StringComparison.Ordinal))
                .Select(r => $"{Name(p)} --> {Name(r.Attribute("Include")!.Value)}"))];
        Assert.Empty(intoTests);
    }

    private static bool IsTestProject(string path) =>
        Path.GetFileNameWithoutExtension(path).EndsWith(".Tests", StringComparison.Ordinal)
        || path.Contains($"{Path.DirectorySeparatorChar}node_modules{Path.DirectorySeparatorChar}", StringComparison.Ordinal);

    private static string Name(string path) =>
        Path.GetFileNameWithoutExtension(path.Replace('\\', '/')).Replace("JourneyFunctions.", string.Empty, StringComparison.Ordinal);
}

using System.Collections.Immutable;
using JourneyFunctions.Analyzers;
using JourneyFunctions.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace JourneyFunctions.Orchestrations.Tests;

/// <summary>
/// Compiles the orchestrations project's own sources, plus one deliberately non-deterministic orchestration file,
/// with the replay-safety analyzer and the repository's .editorconfig severities, as the build does: each violation
/// must be a compile error. Setting a rule's severity to none in .editorconfig makes these tests fail.
/// </summary>
public sealed class DeterminismAnalyzerTests
{
    private static readonly string OrchestrationsFolder = Repository.File("orchestrations");
    private static readonly string ViolationPath = Path.Combine(OrchestrationsFolder, "Journeys", "Violation.orchestration.cs");

    [Fact]
    public async Task The_orchestrations_compile_without_errors_or_findings()
    {
        ImmutableArray<Diagnostic> diagnostics = await CompileAsync(violatingSource: null);

        Assert.Empty(diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()));
    }

    /// <summary>Each deliberate violation, and the rule that must make it a compile error.</summary>
    private static readonly (string Expression, string Rule)[] Cases =
    [
        ("DateTime.Now", "ORCH001"),
        ("DateTimeOffset.UtcNow", "ORCH001"),
        ("Guid.NewGuid()", "ORCH002"),
        ("new Random().Next()", "ORCH002"),
        ("Task.Delay(1000)", "ORCH003"),
        ("new CancellationTokenSource().CancelAsync()", "ORCH003"),
        ("new Action(() => Thread.Sleep(1000))", "ORCH003"),
        ("File.ReadAllText(\"accounts.json\")", "ORCH004"),
        ("new HttpClient()", "ORCH004"),
        ("Environment.GetEnvironmentVariable(\"TaskHubName\")", "ORCH004"),
    ];

    private static readonly string ViolatingSource = Violating(Cases.Select(c => c.Expression));

    // One compilation for every case: compiling the project takes seconds.
    private static readonly Lazy<Task<ImmutableArray<Diagnostic>>> WithViolations = new(() => CompileAsync(ViolatingSource));

    public static TheoryData<string, string> Violations()
    {
        var data = new TheoryData<string, string>();
        foreach ((string expression, string rule) in Cases)
        {
            data.Add(expression, rule);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Violations))]
    public async Task A_non_deterministic_call_in_an_orchestration_is_a_compile_error(string expression, string rule)
    {
        int line = ViolatingSource.Split('\n').ToList().FindIndex(l => l.Contains($"return {expression};", StringComparison.Ordinal));

        var errors = (await WithViolations.Value)
            .Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.GetLineSpan().StartLinePosition.Line == line)
            .ToList();

        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Equal((rule, ViolationPath), (e.Id, e.Location.SourceTree?.FilePath)));
    }

    [Fact]
    public async Task Only_the_violations_are_errors()
    {
        var errors = (await WithViolations.Value).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

        Assert.All(errors, e => Assert.Equal(ViolationPath, e.Location.SourceTree?.FilePath));
        Assert.Equal(Cases.Select(c => c.Rule).Distinct(), errors.Select(e => e.Id).Distinct().Order(StringComparer.Ordinal));
    }

    /// <summary>The orchestrations project's sources (and a violating orchestration when given) with its implicit usings, references, analyzer and .editorconfig.</summary>
    private static async Task<ImmutableArray<Diagnostic>> CompileAsync(string? violatingSource)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Preview);
        var sources = Directory.EnumerateFiles(OrchestrationsFolder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (path: f, text: File.ReadAllText(f)))
            .Append((path: Path.Combine(OrchestrationsFolder, "obj", "GlobalUsings.g.cs"), text: ImplicitUsings));
        if (violatingSource is not null)
        {
            sources = sources.Append((ViolationPath, violatingSource));
        }

        SyntaxTree[] trees = [.. sources.Select(s => CSharpSyntaxTree.ParseText(s.text, parse, s.path))];
        AnalyzerConfigSet editorConfig = AnalyzerConfigSet.Create(ImmutableArray.Create(
            AnalyzerConfig.Parse(File.ReadAllText(Repository.File(".editorconfig")), Repository.File(".editorconfig"))));
        CSharpCompilation compilation = CSharpCompilation.Create(
            "JourneyFunctions.Orchestrations",
            trees,
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
                .WithSyntaxTreeOptionsProvider(new EditorConfigSeverities(editorConfig, trees)));
        return await compilation
            .WithAnalyzers([new OrchestrationDeterminismAnalyzer()])
            .GetAllDiagnosticsAsync();
    }

    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    /// <summary>An orchestration class with one orchestrator method per expression, each returning it.</summary>
    private static string Violating(IEnumerable<string> expressions) =>
        "using Microsoft.DurableTask;\n\nnamespace JourneyFunctions.Orchestrations.Journeys;\n\npublic static class ViolatingOrchestration\n{\n"
        + string.Concat(expressions.Select((expression, i) => $$"""
                public static async Task<object> Run{{i}}Async(TaskOrchestrationContext context)
                {
                    ArgumentNullException.ThrowIfNull(context);
                    await context.CreateTimer(context.CurrentUtcDateTime, CancellationToken.None);
                    return {{expression}};
                }

            """))
        + "}\n";

    /// <summary>The framework and every assembly the orchestrations project builds against (all copied beside the tests).</summary>
    private static IEnumerable<MetadataReference> References() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat(Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll"))
            .Where(path => Path.GetFileName(path) != "JourneyFunctions.Orchestrations.dll")
            .DistinctBy(Path.GetFileName)
            .Select(path => MetadataReference.CreateFromFile(path));

    /// <summary>Per-file rule severities from .editorconfig, the way the compiler applies them in a build.</summary>
    private sealed class EditorConfigSeverities(AnalyzerConfigSet config, IEnumerable<SyntaxTree> trees) : SyntaxTreeOptionsProvider
    {
        private readonly Dictionary<SyntaxTree, ImmutableDictionary<string, ReportDiagnostic>> _byTree =
            trees.ToDictionary(t => t, t => config.GetOptionsForSourcePath(t.FilePath).TreeOptions);

        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) => GeneratedKind.NotGenerated;

        public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity) =>
            _byTree[tree].TryGetValue(diagnosticId, out severity);

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            severity = ReportDiagnostic.Default;
            return false;
        }
    }
}

using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace JourneyFunctions.Analyzers;

/// <summary>
/// Orchestrations are replayed from their history, so every replay must take the same decisions: they may not read
/// the clock, make ids or random numbers, wait or start threads, or do I/O, except through the orchestration context.
/// The Durable Task analyzer only looks at orchestrations it can find from a Functions trigger, a TaskOrchestrator
/// or a registry call in the same compilation, which the orchestrations project has none of; this one checks every
/// member use in the code it is given (the orchestrations project), with severities from .editorconfig.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class OrchestrationDeterminismAnalyzer : DiagnosticAnalyzer
{
    private const string Category = "Orchestration";

    public static readonly DiagnosticDescriptor Clock = new(
        "ORCH001", "Orchestration reads the clock", "'{0}' differs on replay: use context.CurrentUtcDateTime", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NewIdentity = new(
        "ORCH002", "Orchestration makes a new id or random number", "'{0}' differs on replay: use context.NewGuid() or derive the value from the input", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor Wait = new(
        "ORCH003", "Orchestration waits or starts a thread", "'{0}' blocks or escapes replay: use context.CreateTimer or an activity", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InputOutput = new(
        "ORCH004", "Orchestration does I/O", "'{0}' is I/O: do it in an activity", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    /// <summary>Namespaces whose every type does or configures I/O.</summary>
    private static readonly string[] InputOutputNamespaces = ["System.IO", "System.Net", "Azure", "Microsoft.Data", "System.Data"];

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Clock, NewIdentity, Wait, InputOutput];

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterOperationAction(
            Analyze,
            OperationKind.Invocation, OperationKind.PropertyReference, OperationKind.FieldReference, OperationKind.MethodReference, OperationKind.ObjectCreation);
    }

    private static void Analyze(OperationAnalysisContext context)
    {
        ISymbol? member = context.Operation switch
        {
            IInvocationOperation invocation => invocation.TargetMethod,
            IPropertyReferenceOperation property => property.Property,
            IFieldReferenceOperation field => field.Field,
            IMethodReferenceOperation method => method.Method,
            IObjectCreationOperation creation => creation.Constructor,
            _ => null,
        };
        if (member?.ContainingType is not { } type)
        {
            return;
        }

        string typeName = type.OriginalDefinition.ToDisplayString();
        string name = $"{type.Name}.{(member is IMethodSymbol { MethodKind: MethodKind.Constructor } ? "new" : member.Name)}";
        if (Rule(typeName, member.Name, type.ContainingNamespace?.ToDisplayString() ?? string.Empty) is { } rule)
        {
            context.ReportDiagnostic(Diagnostic.Create(rule, context.Operation.Syntax.GetLocation(), name));
        }
    }

    private static DiagnosticDescriptor? Rule(string type, string member, string ns) => (type, member) switch
    {
        ("System.DateTime", "Now" or "UtcNow" or "Today") => Clock,
        ("System.DateTimeOffset", "Now" or "UtcNow") => Clock,
        ("System.TimeProvider", "System") => Clock,
        ("System.Environment", "TickCount" or "TickCount64") => Clock,
        ("System.Diagnostics.Stopwatch", _) => Clock,
        ("System.Guid", "NewGuid" or "CreateVersion7") => NewIdentity,
        ("System.Random", _) => NewIdentity,
        ("System.Security.Cryptography.RandomNumberGenerator", _) => NewIdentity,
        ("System.Threading.Tasks.Task", "Delay" or "Run") => Wait,
        ("System.Threading.CancellationTokenSource", "CancelAsync" or "CancelAfter") => Wait,
        ("System.Threading.Tasks.TaskFactory", _) or ("System.Threading.Tasks.Parallel", _) => Wait,
        ("System.Threading.Thread", _) or ("System.Threading.Timer", _) or ("System.Timers.Timer", _) or ("System.Threading.ThreadPool", _) => Wait,
        ("System.Environment", "GetEnvironmentVariable" or "GetEnvironmentVariables") => InputOutput,
        ("System.Console", _) => InputOutput,
        _ => Array.Exists(InputOutputNamespaces, n => ns == n || ns.StartsWith(n + ".", StringComparison.Ordinal)) ? InputOutput : null,
    };
}

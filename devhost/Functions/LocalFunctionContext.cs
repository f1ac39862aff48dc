using System.Collections;
using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.Azure.Functions.Worker;

namespace JourneyFunctions.DevHost.Functions;

/// <summary>
/// The <see cref="FunctionContext"/> the local host passes to a function: its name and definition, the invocation's
/// services and cancellation, and items and features of its own. Bindings are made in process, so the binding
/// metadata the Functions host would send is empty.
/// </summary>
internal sealed class LocalFunctionContext(Invocation invocation) : FunctionContext
{
    public override string InvocationId { get; } = Guid.NewGuid().ToString();

    public override string FunctionId => invocation.Function.Name;

    public override TraceContext TraceContext { get; } = new CurrentTraceContext(Activity.Current);

    public override BindingContext BindingContext { get; } = new EmptyBindingContext();

    // No retry policy is configured for any function, so there is no retry context (as under the Functions host).
    public override RetryContext RetryContext => null!;

    public override IServiceProvider InstanceServices { get; set; } = invocation.Services;

    public override FunctionDefinition FunctionDefinition { get; } = new MethodFunctionDefinition(invocation.Function);

    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

    public override IInvocationFeatures Features { get; } = new FeatureSet();

    public override CancellationToken CancellationToken => invocation.CancellationToken;

    private sealed class CurrentTraceContext(Activity? activity) : TraceContext
    {
        public override string TraceParent => activity?.Id ?? string.Empty;

        public override string TraceState => activity?.TraceStateString ?? string.Empty;
    }

    private sealed class EmptyBindingContext : BindingContext
    {
        public override IReadOnlyDictionary<string, object?> BindingData { get; } = new Dictionary<string, object?>();
    }

    private sealed class MethodFunctionDefinition(LocalFunction function) : FunctionDefinition
    {
        public override ImmutableArray<FunctionParameter> Parameters { get; } =
            [.. function.Method.GetParameters().Select(p => new FunctionParameter(p.Name!, p.ParameterType))];

        public override string PathToAssembly => function.Method.DeclaringType!.Assembly.Location;

        public override string EntryPoint => $"{function.Method.DeclaringType!.FullName}.{function.Method.Name}";

        public override string Id => function.Name;

        public override string Name => function.Name;

        public override IImmutableDictionary<string, BindingMetadata> InputBindings { get; } = ImmutableDictionary<string, BindingMetadata>.Empty;

        public override IImmutableDictionary<string, BindingMetadata> OutputBindings { get; } = ImmutableDictionary<string, BindingMetadata>.Empty;
    }

    private sealed class FeatureSet : IInvocationFeatures
    {
        private readonly Dictionary<Type, object> _features = [];

        public T? Get<T>() => _features.TryGetValue(typeof(T), out object? feature) ? (T)feature : default;

        public void Set<T>(T instance) => _features[typeof(T)] = instance!;

        public IEnumerator<KeyValuePair<Type, object>> GetEnumerator() => _features.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

using System.Reflection;

namespace JourneyFunctions.DevHost.Functions;

/// <summary>
/// One <c>[Function]</c> method of the Functions app as the local host serves it: the trigger and its binding read
/// from the method's attributes, and the call that binds the method's parameters for one invocation.
/// </summary>
public sealed class LocalFunction
{
    private readonly MethodInfo _method;
    private readonly Func<Invocation, object?>[] _arguments;
    private readonly PropertyInfo? _result;

    internal LocalFunction(string name, string trigger, string? binding, IReadOnlyList<string> httpMethods, MethodInfo method, Func<Invocation, object?>[] arguments)
    {
        Name = name;
        Trigger = trigger;
        Binding = binding;
        HttpMethods = httpMethods;
        _method = method;
        _arguments = arguments;
        // Task<T>: the value the host hands on (an orchestration's or activity's output, an HTTP result).
        _result = method.ReturnType.IsGenericType ? method.ReturnType.GetProperty(nameof(Task<object>.Result)) : null;
    }

    public string Name { get; }

    /// <summary>The trigger type as functions.metadata names it: <c>httpTrigger</c>, <c>timerTrigger</c>, <c>queueTrigger</c>, <c>orchestrationTrigger</c> or <c>activityTrigger</c>.</summary>
    public string Trigger { get; }

    /// <summary>The HTTP route, the timer schedule or the queue name as written in the attribute (a <c>%Setting%</c> is resolved when served).</summary>
    public string? Binding { get; }

    /// <summary>The HTTP methods, upper case; empty for any method or another trigger.</summary>
    public IReadOnlyList<string> HttpMethods { get; }

    /// <summary>The type of the trigger's own parameter (an activity's input type).</summary>
    internal Type TriggerType { get; init; } = typeof(object);

    internal MethodInfo Method => _method;

    /// <summary>The function as functions.metadata describes it, for the parity test.</summary>
    public HostedFunction Describe() =>
        new(Name, Trigger, Trigger == FunctionReader.Http ? $"{string.Join(',', HttpMethods)} {Binding}" : Binding);

    /// <summary>Calls the method with its parameters bound from the invocation; returns the awaited result (null for a plain Task).</summary>
    internal async Task<object?> InvokeAsync(Invocation invocation)
    {
        object?[] arguments = Array.ConvertAll(_arguments, bind => bind(invocation));
        // An instance method's class is created per invocation from the invocation's services, as the Functions worker does.
        object? target = _method.IsStatic ? null : ActivatorUtilities.CreateInstance(invocation.Services, _method.DeclaringType!);
        var task = (Task)_method.Invoke(target, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null)!;
        await task;
        return _result?.GetValue(task);
    }

    public override string ToString() => $"{_method.DeclaringType?.FullName}.{_method.Name} ({Name})";
}

/// <summary>What one invocation offers a function's parameters: the trigger's value, the services of its scope and its cancellation.</summary>
internal sealed record Invocation(LocalFunction Function, IServiceProvider Services, object? TriggerValue, CancellationToken CancellationToken);

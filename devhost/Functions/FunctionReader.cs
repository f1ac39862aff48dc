using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace JourneyFunctions.DevHost.Functions;

/// <summary>
/// Reads the Functions app's <c>[Function]</c> methods and their trigger attributes by reflection: the Functions
/// app is the one list of functions, and the local host serves what it declares. A parameter or binding the local
/// host cannot supply fails here, at start-up, naming the function.
/// </summary>
public static class FunctionReader
{
    public const string Http = "httpTrigger";
    public const string Timer = "timerTrigger";
    public const string Queue = "queueTrigger";
    public const string Orchestration = "orchestrationTrigger";
    public const string Activity = "activityTrigger";

    /// <summary>The Functions app's assembly (referenced by the local host's project).</summary>
    public const string FunctionsAssembly = "JourneyFunctions.Functions";

    private static readonly Lazy<IReadOnlyList<LocalFunction>> AppFunctions = new(() => Read(Assembly.Load(FunctionsAssembly)));

    /// <summary>Every function of the Functions app.</summary>
    public static IReadOnlyList<LocalFunction> App => AppFunctions.Value;

    public static IReadOnlyList<LocalFunction> Read(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return Read(assembly.GetExportedTypes());
    }

    /// <summary>The functions declared by these types' public methods.</summary>
    public static IReadOnlyList<LocalFunction> Read(IEnumerable<Type> types)
    {
        var functions = types
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(method => (method, attribute: method.GetCustomAttribute<FunctionAttribute>()))
            .Where(f => f.attribute is not null)
            .Select(f => Describe(f.attribute!.Name, f.method))
            .ToList();
        string? duplicate = functions.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1)?.Key;
        return duplicate is null ? functions : throw new InvalidOperationException($"Function name '{duplicate}' is declared more than once.");
    }

    private static LocalFunction Describe(string name, MethodInfo method)
    {
        var triggers = method.GetParameters()
            .Select(p => (parameter: p, attribute: p.GetCustomAttribute<TriggerBindingAttribute>()))
            .Where(t => t.attribute is not null)
            .ToList();
        if (triggers.Count != 1)
        {
            throw Unsupported(name, method, $"has {triggers.Count} trigger parameters; a function has exactly one");
        }

        if (method.GetCustomAttribute<OutputBindingAttribute>() is not null || method.ReturnType.GetProperties().Any(p => p.GetCustomAttribute<OutputBindingAttribute>() is not null))
        {
            throw Unsupported(name, method, "has an output binding, which the local host does not serve");
        }

        (ParameterInfo triggerParameter, TriggerBindingAttribute attribute) = (triggers[0].parameter, triggers[0].attribute!);
        (string trigger, string? binding, IReadOnlyList<string> methods, Type? triggerType) = attribute switch
        {
            HttpTriggerAttribute http => (Http, http.Route ?? name, (http.Methods ?? []).Select(m => m.ToUpperInvariant()).ToArray(), typeof(HttpRequest)),
            TimerTriggerAttribute timer => (Timer, timer.Schedule, [], typeof(TimerInfo)),
            QueueTriggerAttribute queue => (Queue, queue.QueueName, [], typeof(string)),
            OrchestrationTriggerAttribute => (Orchestration, null, [], typeof(TaskOrchestrationContext)),
            ActivityTriggerAttribute => (Activity, (string?)null, (IReadOnlyList<string>)[], (Type?)null),
            _ => throw Unsupported(name, method, $"has a {attribute.GetType().Name}, a trigger the local host does not serve"),
        };
        if (triggerType is not null && triggerParameter.ParameterType != triggerType)
        {
            throw Unsupported(name, method, $"takes its {trigger} as {triggerParameter.ParameterType.Name}; the local host passes {triggerType.Name}");
        }

        CheckReturnType(name, method, trigger);
        if (trigger == Orchestration && (!method.IsStatic || method.GetParameters().Length != 1))
        {
            // Replayed code gets nothing but its context: no services, no other bindings.
            throw Unsupported(name, method, "is an orchestrator that is not static or takes more than its context");
        }

        HashSet<string> routeParameters = trigger == Http
            ? RoutePatternFactory.Parse(binding!).Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase)
            : [];
        Func<Invocation, object?>[] arguments = method.GetParameters()
            .Select(p => p == triggerParameter ? (invocation => invocation.TriggerValue) : Argument(name, method, p, routeParameters))
            .ToArray();
        return new LocalFunction(name, trigger, binding, methods, method, arguments) { TriggerType = triggerParameter.ParameterType };
    }

    /// <summary>The parameters besides the trigger that the Functions app's methods take, and nothing else.</summary>
    private static Func<Invocation, object?> Argument(string name, MethodInfo method, ParameterInfo parameter, HashSet<string> routeParameters)
    {
        Type type = parameter.ParameterType;
        if (parameter.GetCustomAttribute<DurableClientAttribute>() is not null && type == typeof(DurableTaskClient))
        {
            return invocation => invocation.Services.GetRequiredService<DurableTaskClient>();
        }

        if (parameter.GetCustomAttribute<BindingAttribute>() is { } binding)
        {
            throw Unsupported(name, method, $"binds parameter '{parameter.Name}' with {binding.GetType().Name}, which the local host does not serve");
        }

        if (type == typeof(FunctionContext))
        {
            return invocation => new LocalFunctionContext(invocation);
        }

        if (type == typeof(CancellationToken))
        {
            return invocation => invocation.CancellationToken;
        }

        if (type == typeof(string) && routeParameters.Contains(parameter.Name!))
        {
            // As the Functions host binds it: the route's value, else a query parameter of the same name (an empty
            // catch-all gives no route value).
            string routeValue = parameter.Name!;
            return invocation =>
            {
                var request = (HttpRequest)invocation.TriggerValue!;
                return request.RouteValues[routeValue]?.ToString() ?? request.Query[routeValue].FirstOrDefault();
            };
        }

        // A route value binds as text only: the Functions worker reads a number route value as JSON (refusing 01 and
        // +1, which the route's constraint let through), so a function parses its numbers itself, on both hosts alike.
        throw Unsupported(name, method, $"takes parameter '{parameter.Name}' ({type.Name}), which the local host cannot bind");
    }

    private static void CheckReturnType(string name, MethodInfo method, string trigger)
    {
        Type returns = method.ReturnType;
        bool valid = trigger switch
        {
            Http => returns == typeof(Task<IActionResult>),
            Timer or Queue => returns == typeof(Task),
            _ => returns == typeof(Task) || (returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(Task<>)),
        };
        if (!valid)
        {
            throw Unsupported(name, method, $"returns {returns.Name}; the local host serves {(trigger == Http ? "Task<IActionResult>" : trigger is Timer or Queue ? "Task" : "Task or Task<T>")} for a {trigger}");
        }
    }

    private static NotSupportedException Unsupported(string name, MethodInfo method, string reason) =>
        new($"Function '{name}' ({method.DeclaringType?.FullName}.{method.Name}) {reason}.");
}

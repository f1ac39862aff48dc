using Microsoft.DurableTask;

namespace JourneyFunctions.DevHost.Functions;

/// <summary>Registers the Functions app's orchestrator and activity functions on the local Durable Task worker.</summary>
internal static class DurableFunctions
{
    // An orchestrator function is static and takes only its context (FunctionReader checks), so it needs no services.
    private static readonly IServiceProvider NoServices = new ServiceCollection().BuildServiceProvider();

    public static void AddTo(DurableTaskRegistry registry, IEnumerable<LocalFunction> functions)
    {
        foreach (LocalFunction function in functions)
        {
            switch (function.Trigger)
            {
                case FunctionReader.Orchestration:
                    registry.AddOrchestrator(function.Name, () => new Orchestrator(function));
                    break;
                case FunctionReader.Activity:
                    registry.AddActivity(function.Name, services => new Activity(function, services));
                    break;
            }
        }
    }

    /// <summary>The output type Durable Task serializes: the T of Task&lt;T&gt;, else nothing.</summary>
    private static Type OutputOf(LocalFunction function) =>
        function.Method.ReturnType.IsGenericType ? function.Method.ReturnType.GetGenericArguments()[0] : typeof(object);

    /// <summary>The function reads its own input with <c>context.GetInput&lt;T&gt;()</c>, as under the Functions host.</summary>
    private sealed class Orchestrator(LocalFunction function) : ITaskOrchestrator
    {
        public Type InputType => typeof(object);

        public Type OutputType => OutputOf(function);

        public Task<object?> RunAsync(TaskOrchestrationContext context, object? input) =>
            function.InvokeAsync(new Invocation(function, NoServices, context, CancellationToken.None));
    }

    /// <summary>The activity's input arrives deserialized to the type of its <c>[ActivityTrigger]</c> parameter.</summary>
    private sealed class Activity(LocalFunction function, IServiceProvider services) : ITaskActivity
    {
        public Type InputType => function.TriggerType;

        public Type OutputType => OutputOf(function);

        public Task<object?> RunAsync(TaskActivityContext context, object? input) =>
            function.InvokeAsync(new Invocation(function, services, input, CancellationToken.None));
    }
}

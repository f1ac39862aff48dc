using System.Text.Json;
using JourneyFunctions.Domain.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;

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

    /// <summary>
    /// The function reads its own input with <c>context.GetInput&lt;T&gt;()</c>, its type known only there: the input
    /// stays JSON until then, as under the Functions host (the worker's own context would only cast it).
    /// </summary>
    private sealed class Orchestrator(LocalFunction function) : ITaskOrchestrator
    {
        public Type InputType => typeof(JsonElement?);

        public Type OutputType => OutputOf(function);

        public Task<object?> RunAsync(TaskOrchestrationContext context, object? input) =>
            function.InvokeAsync(new Invocation(function, NoServices, new JsonInputContext(context, input as JsonElement?), CancellationToken.None));
    }

    /// <summary>The worker's orchestration context, with the input deserialized to the type the orchestrator asks for with JsonDefaults, as the Functions worker reads it (functions/WorkerJson.cs).</summary>
    private sealed class JsonInputContext(TaskOrchestrationContext inner, JsonElement? input) : TaskOrchestrationContext
    {
        public override TaskName Name => inner.Name;

        public override string InstanceId => inner.InstanceId;

        public override ParentOrchestrationInstance? Parent => inner.Parent;

        public override DateTime CurrentUtcDateTime => inner.CurrentUtcDateTime;

        public override bool IsReplaying => inner.IsReplaying;

        public override string Version => inner.Version;

        public override IReadOnlyDictionary<string, object?> Properties => inner.Properties;

        public override TaskOrchestrationEntityFeature Entities => inner.Entities;

        public override ILoggerFactory ReplaySafeLoggerFactory => inner.ReplaySafeLoggerFactory;

        protected override ILoggerFactory LoggerFactory => inner.ReplaySafeLoggerFactory;

        public override T? GetInput<T>() where T : default => input is { } json ? json.Deserialize<T>(JsonDefaults.Options) : default;

        public override Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null) =>
            inner.CallActivityAsync<TResult>(name, input, options);

        public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null) =>
            inner.CallSubOrchestratorAsync<TResult>(orchestratorName, input, options);

        public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) => inner.CreateTimer(fireAt, cancellationToken);

        public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default) =>
            inner.WaitForExternalEvent<T>(eventName, cancellationToken);

        public override void SendEvent(string instanceId, string eventName, object payload) => inner.SendEvent(instanceId, eventName, payload);

        public override void SetCustomStatus(object? customStatus) => inner.SetCustomStatus(customStatus);

        public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) => inner.ContinueAsNew(newInput, preserveUnprocessedEvents);

        public override void ContinueAsNew(ContinueAsNewOptions options) => inner.ContinueAsNew(options);

        public override Guid NewGuid() => inner.NewGuid();
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

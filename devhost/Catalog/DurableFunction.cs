using JourneyFunctions.Activities;
using Microsoft.DurableTask;

namespace JourneyFunctions.DevHost.Catalog;

/// <summary>An orchestrator or activity, with the code that registers it on the Durable Task worker.</summary>
public sealed record DurableFunction(string Name, string Trigger, Action<DurableTaskRegistry> Register)
{
    public static DurableFunction Orchestrator<TInput, TOutput>(string name, Func<TaskOrchestrationContext, TInput, Task<TOutput>> run) =>
        new(name, "orchestrationTrigger", registry => registry.AddOrchestratorFunc<TInput, TOutput>(name, (context, input) =>
            run(context, input ?? throw new InvalidOperationException($"Orchestration {name} needs a {typeof(TInput).Name} input."))));

    public static DurableFunction Activity<TActivity, TInput, TOutput>(string name)
        where TActivity : IActivity<TInput, TOutput> =>
        Activity<TInput, TOutput>(name, typeof(TActivity));

    /// <summary>An activity whose class is known by type (see ActionActivities); it must implement <see cref="IActivity{TInput, TOutput}"/>.</summary>
    public static DurableFunction Activity<TInput, TOutput>(string name, Type activityType) =>
        new(name, "activityTrigger", registry => registry.AddActivity(name, services => new HostedActivity<TInput, TOutput>(
            name, services.GetRequiredService<ActivityRunner>(), (IActivity<TInput, TOutput>)services.GetRequiredService(activityType))));

    /// <summary>Runs a shared activity as a Durable Task activity.</summary>
    private sealed class HostedActivity<TInput, TOutput>(string name, ActivityRunner runner, IActivity<TInput, TOutput> activity) : TaskActivity<TInput, TOutput>
    {
        public override Task<TOutput> RunAsync(TaskActivityContext context, TInput input) => runner.RunAsync(name, activity, input, CancellationToken.None);
    }
}

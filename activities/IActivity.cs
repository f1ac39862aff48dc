namespace JourneyFunctions.Activities;

/// <summary>
/// An activity's logic, independent of the host: the Functions app binds it to an <c>[ActivityTrigger]</c>,
/// the local host registers it with the Durable Task worker. It runs at least once, so it must be idempotent.
/// </summary>
public interface IActivity<in TInput, TOutput>
{
    Task<TOutput> RunAsync(TInput input, CancellationToken cancellationToken);
}

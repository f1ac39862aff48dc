using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Telemetry;
using Microsoft.Extensions.Logging;

namespace JourneyFunctions.Activities;

/// <summary>
/// Runs a shared activity for either host, so both log and count alike: log lines carry the run, journey, node and
/// account ids of the activity's input (<see cref="LogContext"/>), a failure is logged with them, and an applied
/// action is counted (<see cref="JourneyMetrics"/>).
/// </summary>
public sealed class ActivityRunner(ILogger<ActivityRunner> logger)
{
    public async Task<TOutput> RunAsync<TInput, TOutput>(string name, IActivity<TInput, TOutput> activity, TInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        using IDisposable? scope = logger.BeginScope(LogContext.Of(input));
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            TOutput output = await activity.RunAsync(input, cancellationToken);
            if (input is ActionRequest request && output is ActionResult result)
            {
                JourneyMetrics.ActionApplied(request.Action, result);
                logger.LogInformation(
                    "{Activity}: {Action} applied to {Accounts} accounts and {People} people, {Skipped} skipped, in {ElapsedMs:F0} ms",
                    name, request.Action, result.Accounts, result.People, result.Skipped, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            return output;
        }
        catch (Exception e) when (LoggedFailure(name, e))
        {
            throw; // Never reached: the filter logs inside the scope and lets the exception go on to the host.
        }
    }

    private bool LoggedFailure(string name, Exception e)
    {
        logger.LogError(e, "{Activity} failed", name);
        return false;
    }
}

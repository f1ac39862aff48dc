using Cronos;
using JourneyFunctions.DevHost.Functions;
using JourneyFunctions.Handlers.Sync;
using Microsoft.Azure.Functions.Worker;

namespace JourneyFunctions.DevHost.Triggers;

/// <summary>Runs each timer function on its NCRONTAB schedule (six fields, with seconds, as the Functions timer trigger).</summary>
internal sealed class TimerTriggerService(IServiceProvider services, IConfiguration configuration, TimeProvider clock, ILogger<TimerTriggerService> logger)
    : BackgroundService
{
    private List<(LocalFunction Timer, CronExpression Schedule)> _timers = [];

    /// <summary>
    /// Reads every timer's schedule before the host serves anything: one that is missing, empty or no six-field
    /// NCRONTAB stops the start with an error naming its setting (the Functions host does not load such a function),
    /// rather than leaving that timer silently unscheduled.
    /// </summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _timers = [.. FunctionReader.App.Where(f => f.Trigger == FunctionReader.Timer).Select(timer => (timer, ScheduleOf(timer)))];
        return base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_timers.Select(t => RunAsync(t.Timer, t.Schedule, stoppingToken)));

    private CronExpression ScheduleOf(LocalFunction timer)
    {
        string schedule;
        try
        {
            schedule = AppSetting.Resolve(timer.Binding!, configuration);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"The schedule of timer {timer.Name}: {e.Message}", e);
        }

        // The timers' one rule, shared with the settings check and the sync admin: six fields, no macros such as @daily.
        if (!Ncrontab.TryParseTimerSchedule(schedule, out CronExpression? expression))
        {
            throw new InvalidOperationException($"The schedule of timer {timer.Name}, '{schedule}' (from '{timer.Binding}'), {Ncrontab.TimerRule}.");
        }

        // As set (the parsed expression prints a zero seconds field as five fields, a form the settings refuse).
        logger.LogInformation("Timer {Function} scheduled: {Schedule} (from {Binding})", timer.Name, schedule, timer.Binding);
        return expression;
    }

    private async Task RunAsync(LocalFunction timer, CronExpression schedule, CancellationToken stoppingToken)
    {
        DateTimeOffset? last = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            DateTimeOffset now = clock.GetUtcNow();
            DateTimeOffset? next = schedule.GetNextOccurrence(now, TimeZoneInfo.Utc);
            if (next is null)
            {
                return;
            }

            try
            {
                await Task.Delay(next.Value - now, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                // The local host keeps no schedule monitor between runs, so a timer is never reported past due.
                var info = new TimerInfo
                {
                    ScheduleStatus = new ScheduleStatus { Last = (last ?? next.Value).UtcDateTime, Next = schedule.GetNextOccurrence(next.Value, TimeZoneInfo.Utc)?.UtcDateTime ?? default, LastUpdated = clock.GetUtcNow().UtcDateTime },
                };
                await using AsyncServiceScope scope = services.CreateAsyncScope();
                await timer.InvokeAsync(new Invocation(timer, scope.ServiceProvider, info, stoppingToken));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // As in Functions: a failed timer run is logged and the next occurrence still fires.
                logger.LogError(e, "Timer {Function} failed", timer.Name);
            }

            last = next;
        }
    }
}

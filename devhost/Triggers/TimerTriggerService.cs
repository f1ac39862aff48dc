using Cronos;
using JourneyFunctions.DevHost.Catalog;
using Microsoft.DurableTask.Client;

namespace JourneyFunctions.DevHost.Triggers;

/// <summary>Runs each timer function on its NCRONTAB schedule (six fields, with seconds, as the Functions timer trigger).</summary>
internal sealed class TimerTriggerService(IServiceProvider services, IConfiguration configuration, DurableTaskClient client, TimeProvider clock, ILogger<TimerTriggerService> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(TriggerCatalog.Timers.Select(timer => RunAsync(timer, stoppingToken)));

    /// <summary>Resolves a <c>%Setting%</c> schedule the way the Functions host does.</summary>
    public static string ResolveSchedule(string schedule, IConfiguration configuration) =>
        schedule.StartsWith('%') && schedule.EndsWith('%')
            ? configuration[schedule.Trim('%')] ?? throw new InvalidOperationException($"Timer schedule setting '{schedule.Trim('%')}' is not set.")
            : schedule;

    private async Task RunAsync(TimerFunction timer, CancellationToken stoppingToken)
    {
        CronExpression schedule = CronExpression.Parse(ResolveSchedule(timer.Schedule, configuration), CronFormat.IncludeSeconds);
        logger.LogInformation("Timer {Function} scheduled: {Schedule}", timer.Name, schedule);
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
                await timer.Run(services, client, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // As in Functions: a failed timer run is logged and the next occurrence still fires.
                logger.LogError(e, "Timer {Function} failed", timer.Name);
            }
        }
    }
}

using Azure.Data.Tables;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Marketo;
using JourneyFunctions.Storage.People;
using JourneyFunctions.Storage.Sync;
using Microsoft.Extensions.Logging;

namespace JourneyFunctions.Handlers.Sync;

/// <summary>
/// Timer (setting <c>MarketoChangesSchedule</c>): with <c>SyncSource=marketo</c>, reads Marketo's lead changes after the
/// kept paging token and stores the changed leads in the marketing people store (partition <c>marketo</c>), which puts
/// their change messages on <c>person-changes</c> (the fields that changed, with their old values): the same queue and
/// handler as every other change, which also raises their <c>personDataChange</c> events. The token is kept
/// only after the people are stored, so a crash in between reads them again. A spent daily quota (607) pauses the poll
/// until the reset, recorded with the checkpoint (so every instance and the status see it) and the token kept, so the
/// first poll after the reset reads on from where the last one stopped. With the table source there is nothing to
/// poll: the store emits its own changes. With the sync switched off it skips, keeping the token, so it reads on from
/// there once switched on.
/// </summary>
public sealed class MarketoChangesTimerHandler(
    PeopleStore people, SyncCheckpointStore checkpoints, ISyncSettings settings, TimeProvider clock, ILogger<MarketoChangesTimerHandler> logger, MarketoChangeFeed? feed = null)
{
    public const string ScheduleSetting = "%MarketoChangesSchedule%";
    public const string CheckpointName = "marketo-lead-changes";

    public async Task HandleAsync(CancellationToken cancellationToken)
    {
        if (feed is null)
        {
            logger.LogDebug("Sync source is the marketing table store: no Marketo changes to poll");
            return;
        }

        if (!(await settings.GetAsync(cancellationToken)).Settings.Enabled)
        {
            logger.LogInformation("Marketo lead changes: skipped, the sync is switched off");
            return;
        }

        SyncCheckpoint checkpoint = await checkpoints.GetAsync(CheckpointName, cancellationToken);
        DateTimeOffset now = clock.GetUtcNow();
        if (checkpoint.IsPausedAt(now.UtcDateTime))
        {
            logger.LogInformation("Marketo lead changes paused until {PausedUntil:u}: {PauseReason}", checkpoint.PausedUntilUtc, checkpoint.PauseReason);
            return;
        }

        IReadOnlyList<TableEntity> changed;
        string next;
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string?>> oldValues;
        try
        {
            (changed, next, oldValues) = await feed.ReadAsync(checkpoint.Token, now, cancellationToken);
        }
        catch (MarketoDailyQuotaException e)
        {
            await checkpoints.PauseAsync(CheckpointName, e.ResetsAtUtc, e.Message, cancellationToken);
            logger.LogWarning("Marketo lead changes paused until {PausedUntil:u}: {PauseReason}", e.ResetsAtUtc, e.Message);
            return;
        }

        if (changed.Count > 0)
        {
            await people.UpsertAsync(changed, oldValues, cancellationToken);
        }

        await checkpoints.SetAsync(CheckpointName, next, cancellationToken);
        logger.LogInformation("Marketo lead changes: {People} changed people stored", changed.Count);
    }
}

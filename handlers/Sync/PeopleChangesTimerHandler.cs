using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Storage.People;
using JourneyFunctions.Storage.Sync;
using Microsoft.Extensions.Logging;

namespace JourneyFunctions.Handlers.Sync;

/// <summary>
/// Timer (setting <c>MarketoChangesSchedule</c>, named for the first source with a feed): when the sync source has a
/// change feed (<see cref="IPeopleChangeFeed"/>: Marketo's lead changes with <c>SyncSource=marketo</c>), reads the
/// changes after the kept cursor and stores the changed people in the marketing people store, which puts their change
/// messages on <c>person-changes</c> (the fields that changed, with their old values): the same queue and handler as
/// every other change, which also raises their <c>personDataChange</c> events. The cursor is kept only after the
/// people are stored, so a crash in between reads them again. A feed that cannot be read until a time (Marketo's spent
/// daily quota, 607) pauses the poll until then, recorded with the checkpoint (so every instance and the status see
/// it) and the cursor kept, so the first poll after it reads on from where the last one stopped. With the table source
/// there is nothing to poll: the store emits its own changes. With the sync switched off it skips, keeping the cursor.
/// </summary>
public sealed class PeopleChangesTimerHandler(
    PeopleStore people, SyncCheckpointStore checkpoints, ISyncSettings settings, TimeProvider clock, ILogger<PeopleChangesTimerHandler> logger, IPeopleChangeFeed? feed = null)
{
    public const string ScheduleSetting = "%MarketoChangesSchedule%";

    public async Task HandleAsync(CancellationToken cancellationToken)
    {
        if (feed is null)
        {
            logger.LogDebug("The sync source has no change feed (the table store emits its own changes): nothing to poll");
            return;
        }

        if (!(await settings.GetAsync(cancellationToken)).Settings.Enabled)
        {
            logger.LogInformation("People changes ({Feed}): skipped, the sync is switched off", feed.CheckpointName);
            return;
        }

        SyncCheckpoint checkpoint = await checkpoints.GetAsync(feed.CheckpointName, cancellationToken);
        DateTimeOffset now = clock.GetUtcNow();
        if (checkpoint.IsPausedAt(now.UtcDateTime))
        {
            logger.LogInformation("People changes ({Feed}) paused until {PausedUntil:u}: {PauseReason}", feed.CheckpointName, checkpoint.PausedUntilUtc, checkpoint.PauseReason);
            return;
        }

        PeopleChanges changes = await feed.ReadAsync(checkpoint.Token, now, cancellationToken);
        if (changes.PausedUntilUtc is { } until)
        {
            await checkpoints.PauseAsync(feed.CheckpointName, until, changes.PauseReason ?? "paused by the source", cancellationToken);
            logger.LogWarning("People changes ({Feed}) paused until {PausedUntil:u}: {PauseReason}", feed.CheckpointName, until, changes.PauseReason);
            return;
        }

        if (changes.People.Count > 0)
        {
            await people.UpsertAsync(changes.People, changes.OldValues, cancellationToken: cancellationToken);
        }

        if (changes.Cursor is { } cursor)
        {
            await checkpoints.SetAsync(feed.CheckpointName, cursor, cancellationToken);
        }

        logger.LogInformation("People changes ({Feed}): {People} changed people stored", feed.CheckpointName, changes.People.Count);
    }
}

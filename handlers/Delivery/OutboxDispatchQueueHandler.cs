using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Delivery;
using JourneyFunctions.Domain.Outbox;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Domain.Telemetry;
using JourneyFunctions.Handlers.Queues;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Delivery;
using JourneyFunctions.Storage.Outbox;
using JourneyFunctions.Storage.People;
using Microsoft.Extensions.Logging;

namespace JourneyFunctions.Handlers.Delivery;

/// <summary>
/// Queue <c>outbox-dispatch</c>: delivers one batch of outbox messages through the provider for their kind. Each
/// message is claimed in the send ledger before it is sent and its outcome written after, so a redelivered batch
/// sends only what has no final status (a claim is an insert: only a group whose insert finds rows there reads them).
/// Transient errors go back on the queue for that message after a backoff (or the provider's Retry-After) until
/// <see cref="DeliveryLedger.MaxAttempts"/>; messages another dispatcher holds are looked at again when its lease ends.
/// <para>
/// Crash window: a dispatcher killed after the provider accepted a message and before its outcome was written
/// leaves the claim; once the lease ends the message is sent again with the same message id (the email's
/// <c>Message-ID</c>, the SendGrid custom arg), so at most the <see cref="SendsInFlight"/> messages of the group a
/// batch was sending or recording at the crash can arrive twice, and mail systems that de-duplicate by Message-ID show it once.
/// </para>
/// <para>
/// Marketing emails are checked against the people store again at send time: a person who unsubscribed after the
/// email was queued is recorded <see cref="DeliveryStatus.Skipped"/> ("unsubscribed") and counted, not sent.
/// </para>
/// </summary>
public sealed class OutboxDispatchQueueHandler(
    OutboxStore outbox, DeliveryLedger ledger, PeopleStore people, IEnumerable<IMessageSender> senders, TimeProvider clock, ILogger<OutboxDispatchQueueHandler> logger)
{
    public const string QueueName = QueueNames.OutboxDispatch;

    /// <summary>
    /// How long one call starts new sends; what is left goes back on the queue. With a send's worst case (SMTP: 40 s
    /// over all its tries; SendGrid and Twilio: 3 tries of at most 10 s and 5 s waits) it stays inside
    /// <see cref="DeliveryLedger.Lease"/>.
    /// </summary>
    public static readonly TimeSpan SendBudget = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Messages of one batch sent at once, their outcomes then written together: with <c>host.json</c>'s 16 batches
    /// at once, more than a provider's <see cref="IMessageSender.SendsAtOnce"/>, so none idles.
    /// </summary>
    public const int SendsInFlight = 4;

    private readonly Dictionary<OutboxKind, (IMessageSender Sender, SemaphoreSlim Slots)> _senders = senders
        .Select(s => (Sender: s, Slots: new SemaphoreSlim(s.SendsAtOnce, s.SendsAtOnce)))
        .SelectMany(p => p.Sender.Kinds.Select(k => (Kind: k, Provider: p))).ToDictionary(p => p.Kind, p => p.Provider);

    public async Task HandleAsync(string message, CancellationToken cancellationToken)
    {
        OutboxDispatch batch = QueueMessage.Parse<OutboxDispatch>(
            message,
            b => TableKey.IsValid(b.RunId) && TableKey.IsValid(b.NodeId) && TableKey.IsStorable(b.Scope) && TableKey.IsStorable(b.MessageKey)
                && b.Targets is { Count: > 0 and <= OutboxDispatch.MaxTargets } && b.Targets.All(TableKey.IsValid),
            $"outbox dispatch message (it needs a valid runId, nodeId, scope, messageKey and 1-{OutboxDispatch.MaxTargets} valid targets)");
        using IDisposable? scope = logger.BeginScope(new LogContext(runId: batch.RunId, nodeId: batch.NodeId));
        Dictionary<string, TableEntity> queued = await outbox.GetBatchAsync(batch, cancellationToken);
        DateTimeOffset now = clock.GetUtcNow();
        List<(string TargetId, string To)[]> groups = [.. batch.Targets.Distinct(StringComparer.Ordinal).Where(queued.ContainsKey)
            .Select(t => (t, queued[t].GetString("To") ?? "")).Chunk(SendsInFlight)];
        var held = new List<string>();
        DateTimeOffset heldUntil = now;
        var retry = new List<(string Target, TimeSpan Delay)>();
        DateTimeOffset stopSendingAt = clock.GetUtcNow() + SendBudget;
        int started = 0, claimed = 0, sent = 0;
        bool contended = false;
        // A group at a time: claimed, its people's subscriptions read, sent a few at once, its outcomes written in one
        // ledger transaction. A crash repeats at most that group, and what the budget leaves was never claimed or
        // read, so it goes back on the queue for nothing but the queue message.
        foreach ((string TargetId, string To)[] group in groups)
        {
            if (clock.GetUtcNow() > stopSendingAt)
            {
                break;
            }

            List<DeliveryClaim> claims;
            try
            {
                claims = await ClaimAsync(batch, group, held, until => heldUntil = until > heldUntil ? until : heldUntil, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // Another dispatcher claimed some of these between the read and the claim (the same batch queued
                // twice): look at the rest again shortly, when its claims are visible.
                logger.LogInformation("Dispatch batch of {Count} {Kind}: claimed concurrently by another dispatcher; looking again in 2 s", batch.Targets.Count, batch.Kind);
                contended = true;
                break;
            }

            SendOutcome?[] outcomes;
            try
            {
                HashSet<string> unsubscribed = await UnsubscribedAsync(batch.Kind, claims.Select(c => queued[c.TargetId]), cancellationToken);
                outcomes = await Task.WhenAll(claims.Select(claim =>
                    unsubscribed.Contains(claim.TargetId) ? Task.FromResult<SendOutcome?>(new SendOutcome(DeliveryStatus.Skipped, Reason: "skipped: unsubscribed since the email was queued"))
                    : SendAsync(claim, queued[claim.TargetId], stopSendingAt, cancellationToken)));
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The group is claimed: an error thrown from here would leave the claims to lapse and the message to
                // come back as held, without an attempt counted, for ever. As a failed attempt it is retried with
                // backoff and ends Failed after MaxAttempts.
                logger.LogWarning(e, "Dispatch batch of {Count} {Kind}: the claimed group could not be sent", claims.Count, batch.Kind);
                outcomes = [.. claims.Select(_ => (SendOutcome?)SendOutcome.Transient($"unexpected error before sending: {e.Message}"))];
            }

            sent += await RecordAsync(batch.Kind, [.. claims.Zip(outcomes, (claim, outcome) => Outcome(claim, outcome))], retry, cancellationToken);
            started++;
            claimed += claims.Count;
        }

        // What the budget left unclaimed goes back on the queue at once, its attempt count untouched.
        List<string> left = [.. groups.Skip(started).SelectMany(g => g.Select(m => m.TargetId))];
        await outbox.DispatchAsync(Follow(batch, left), contended ? TimeSpan.FromSeconds(2) : TimeSpan.Zero, cancellationToken);

        TimeSpan retryDelay = retry.Count == 0 ? TimeSpan.Zero : retry.Max(r => r.Delay);
        await outbox.DispatchAsync(Follow(batch, [.. retry.Select(r => r.Target).Order(StringComparer.Ordinal)]), retryDelay, cancellationToken);
        await outbox.DispatchAsync(Follow(batch, held), heldUntil - now + TimeSpan.FromSeconds(1), cancellationToken);
        logger.LogInformation("Dispatched {Kind} batch of {Count}: {Claimed} claimed, {Sent} sent, {Retry} to retry, {Left} left to the next call, {Held} held by another dispatcher",
            batch.Kind, batch.Targets.Count, claimed, sent, retry.Count, left.Count, held.Count);
    }

    /// <summary>
    /// Claims a group in the send ledger. First as new rows, without reading the ledger (a batch's first call, the
    /// usual case); when one of them is there already (a retry, a redelivered batch, another dispatcher) that insert
    /// fails as a whole, and the group's rows are read: messages in a final status are left, messages another
    /// dispatcher holds go to <paramref name="held"/> (their lease to <paramref name="holdUntil"/>), and the rest are
    /// claimed under their rows' ETags. A 409 or 412 from that second claim means another dispatcher came in between.
    /// </summary>
    private async Task<List<DeliveryClaim>> ClaimAsync(
        OutboxDispatch batch, (string TargetId, string To)[] group, List<string> held, Action<DateTimeOffset> holdUntil, CancellationToken cancellationToken)
    {
        try
        {
            return await ledger.ClaimAsync(batch.RunId, batch.NodeId, batch.Kind, [.. group.Select(m => (m.TargetId, m.To, (TableEntity?)null))], clock.GetUtcNow(), cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Some of the group is in the ledger already: read it and claim what is neither final nor held.
        }

        Dictionary<string, TableEntity> known = await ledger.GetAsync(batch.RunId, batch.NodeId, batch.Kind, [.. group.Select(m => m.TargetId)], cancellationToken);
        DateTimeOffset now = clock.GetUtcNow();
        var toClaim = new List<(string TargetId, string To, TableEntity? Existing)>();
        foreach ((string target, string to) in group)
        {
            TableEntity? entry = known.GetValueOrDefault(target);
            if (entry is not null && DeliveryLedger.IsFinal(Enum.Parse<DeliveryStatus>(entry.GetString("Status"))))
            {
                continue;
            }

            if (DeliveryLedger.HeldUntil(entry, now) is { } lease)
            {
                held.Add(target);
                holdUntil(lease);
                continue;
            }

            toClaim.Add((target, to, entry));
        }

        return toClaim.Count == 0 ? [] : await ledger.ClaimAsync(batch.RunId, batch.NodeId, batch.Kind, toClaim, now, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Sends one message once one of its provider's <see cref="IMessageSender.SendsAtOnce"/> slots is free (shared by
    /// every batch of this process); null when the call's budget was spent by then: the message was not tried.
    /// </summary>
    private async Task<SendOutcome?> SendAsync(DeliveryClaim claim, TableEntity row, DateTimeOffset stopSendingAt, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(claim.To))
        {
            return new SendOutcome(DeliveryStatus.Skipped, Reason: "skipped: no address");
        }

        if (!_senders.TryGetValue(claim.Kind, out (IMessageSender Sender, SemaphoreSlim Slots) provider))
        {
            return SendOutcome.NotConfigured($"no provider is configured for {claim.Kind} messages");
        }

        await provider.Slots.WaitAsync(cancellationToken);
        try
        {
            if (clock.GetUtcNow() > stopSendingAt)
            {
                return null;
            }

            return await provider.Sender.SendAsync(new OutgoingMessage(claim.MessageId, claim.Kind, claim.To, LargeText.Read(row, "Subject"), LargeText.Read(row, "Body") ?? ""), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A client bug or an unexpected answer: retried like any transient error, bounded by MaxAttempts.
            return SendOutcome.Transient($"unexpected error while sending: {e.Message}");
        }
        finally
        {
            provider.Slots.Release();
        }
    }

    /// <summary>
    /// What to write for a claim: its send's outcome (transient errors past <see cref="DeliveryLedger.MaxAttempts"/>
    /// become <see cref="DeliveryStatus.Failed"/>); for a message not tried (null) a retry at once that keeps its
    /// attempt count; for a provider's wait (<c>Retry-After</c>) a retry after it that keeps the attempt count too,
    /// counted apart up to <see cref="DeliveryLedger.MaxThrottled"/>, so a 429 storm delays messages but fails none.
    /// </summary>
    private static (DeliveryClaim Claim, SendOutcome Outcome) Outcome(DeliveryClaim claim, SendOutcome? outcome) => outcome switch
    {
        null => (claim with { Attempt = claim.Attempt - 1 }, new SendOutcome(DeliveryStatus.Retrying, Reason: "waiting: the dispatch call's time budget was spent", RetryAfter: TimeSpan.Zero)),
        { Status: DeliveryStatus.Retrying, RetryAfter: not null } when claim.Throttled + 1 < DeliveryLedger.MaxThrottled =>
            (claim with { Attempt = claim.Attempt - 1, Throttled = claim.Throttled + 1 }, outcome),
        { Status: DeliveryStatus.Retrying, RetryAfter: not null } =>
            (claim with { Throttled = claim.Throttled + 1 }, outcome with { Status = DeliveryStatus.Failed, Reason = $"gave up after the provider asked to wait {claim.Throttled + 1} times: {outcome.Reason}" }),
        { Status: DeliveryStatus.Retrying } when claim.Attempt >= DeliveryLedger.MaxAttempts =>
            (claim, outcome with { Status = DeliveryStatus.Failed, Reason = $"gave up after {claim.Attempt} attempts: {outcome.Reason}" }),
        _ => (claim, outcome),
    };

    /// <summary>
    /// Writes outcomes under their claims' ETags, in one transaction per 100; when a claim was lost (its lease ended
    /// and another dispatcher took the message over) the transaction fails, and they are written one by one so only
    /// the lost ones are left to their new owner. Retries are added to <paramref name="retry"/>; returns how many of
    /// the recorded outcomes are <see cref="DeliveryStatus.Sent"/>.
    /// </summary>
    private async Task<int> RecordAsync(OutboxKind kind, List<(DeliveryClaim Claim, SendOutcome Outcome)> outcomes, List<(string Target, TimeSpan Delay)> retry, CancellationToken cancellationToken)
    {
        if (outcomes.Count == 0)
        {
            return 0;
        }

        List<(DeliveryClaim Claim, SendOutcome Outcome)> recorded = outcomes;
        try
        {
            await ledger.RecordAllAsync(outcomes, clock.GetUtcNow(), cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            recorded = [];
            foreach ((DeliveryClaim claim, SendOutcome outcome) in outcomes)
            {
                if (await ledger.RecordAsync(claim, outcome, clock.GetUtcNow(), cancellationToken))
                {
                    recorded.Add((claim, outcome));
                }
                else
                {
                    logger.LogWarning("Delivery {MessageId} to {Target}: the claim was taken over before its outcome ({Status}) was written", claim.MessageId, claim.TargetId, outcome.Status);
                }
            }
        }

        foreach ((DeliveryClaim claim, SendOutcome outcome) in recorded)
        {
            JourneyMetrics.Delivered(kind.ToString(), outcome.Status.ToString());
            if (outcome.Status == DeliveryStatus.Retrying)
            {
                retry.Add((claim.TargetId, outcome.RetryAfter ?? Backoff(claim.Attempt)));
            }
            else if (outcome.Status is DeliveryStatus.Refused or DeliveryStatus.Failed or DeliveryStatus.NotConfigured)
            {
                logger.LogWarning("Delivery {MessageId} ({Kind}) to {Target}: {Status}: {Reason}", claim.MessageId, kind, claim.TargetId, outcome.Status, outcome.Reason);
            }
        }

        return recorded.Count(r => r.Outcome.Status == DeliveryStatus.Sent);
    }

    /// <summary>
    /// The people of a marketing email batch who are unsubscribed now, read by point reads (a few at a time: a point
    /// read stays inside its partition, where a query would scan a people table); none for other kinds (an alert goes
    /// to a seller, an SMS has no email subscription) or rows queued without an account.
    /// </summary>
    private async Task<HashSet<string>> UnsubscribedAsync(OutboxKind kind, IEnumerable<TableEntity> rows, CancellationToken cancellationToken)
    {
        var unsubscribed = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        IEnumerable<(string Target, string Account)> targets = kind != OutboxKind.Email ? []
            : rows.Where(r => r.GetString("AccountId") is { Length: > 0 }).Select(r => (r.GetString("TargetId"), r.GetString("AccountId")));
        await Parallel.ForEachAsync(targets, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (target, ct) =>
        {
            if (await people.GetAsync(target.Account, target.Target, ct) is { } person && PeopleStore.IsUnsubscribed(person))
            {
                unsubscribed[target.Target] = true;
            }
        });
        return [.. unsubscribed.Keys];
    }

    /// <summary>The follow-up batch for some targets of <paramref name="batch"/> (nothing when there are none).</summary>
    private static IEnumerable<OutboxDispatch> Follow(OutboxDispatch batch, List<string> targets) =>
        targets.Count == 0 ? [] : [batch with { Targets = targets }];

    /// <summary>2, 4, 8, 16 s after the 1st-4th attempt.</summary>
    private static TimeSpan Backoff(int attempt) => TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, attempt)));
}

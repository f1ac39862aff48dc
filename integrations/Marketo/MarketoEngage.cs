using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Delivery;
using JourneyFunctions.Domain.Marketo;
using JourneyFunctions.Domain.Outbox;
using JourneyFunctions.Storage.Delivery;
using JourneyFunctions.Storage.Marketo;
using JourneyFunctions.Storage.Outbox;

namespace JourneyFunctions.Marketo;

/// <summary>
/// Journey actions on the configured Marketo instance, through the shared <see cref="MarketoClient"/>. List changes
/// and lead updates are idempotent at Marketo and simply repeated by a retry. Campaign requests and custom activities
/// are not, so each person's call is guarded by a row in the send ledger (<see cref="DeliveryLedger"/>, kind
/// <see cref="OutboxKind.CampaignRequest"/> / <see cref="OutboxKind.MarketoMoment"/>): claimed before the call
/// (at most 100 people per call) and confirmed after it. A retry sends only the people without a final row.
/// </summary>
/// <remarks>
/// The crash window: a process killed after Marketo accepted a call and before its rows were confirmed leaves those
/// rows claimed (<c>Sending</c>); the retry claims them again and repeats that one call. So a crash can repeat at most
/// the calls in flight (at most 100 people each), never lose a request. A campaign whose qualification rule is
/// "each person can run through the flow once" makes the repeat a no-op at Marketo.
/// </remarks>
public sealed class MarketoEngage(MarketoClient client, MarketoNames names, DeliveryLedger ledger, TimeProvider clock, string connection, int? momentActivityTypeId)
    : IMarketoEngage
{
    /// <summary>How long an attempt's claim keeps a duplicate attempt from calling again (longer than a call, shorter than the activity retries' 31 s).</summary>
    private static readonly TimeSpan InFlightLease = TimeSpan.FromSeconds(15);

    private const string NotInList = "1015";

    /// <summary>The reason recorded for a lead Marketo does not have (its own code and words for it).</summary>
    private const string LeadNotFound = "1004 Lead not found";

    public string Connection => connection;

    public int? MomentActivityTypeId => momentActivityTypeId;

    public Task<long?> FindListAsync(string list, CancellationToken cancellationToken) => RefusedForGoodAsync(() => names.ListAsync(list, cancellationToken));

    public Task<long?> FindCampaignAsync(string? workspace, string campaign, CancellationToken cancellationToken) =>
        RefusedForGoodAsync(() => names.CampaignAsync(workspace, campaign, cancellationToken));

    public Task<MarketoProgram?> FindProgramAsync(string program, CancellationToken cancellationToken) =>
        RefusedForGoodAsync(() => names.ProgramAsync(program, cancellationToken));

    /// <summary>A lookup Marketo refused for good (the daily quota, say) is the action's refusal, not a failure to retry.</summary>
    private static async Task<T> RefusedForGoodAsync<T>(Func<Task<T>> lookup)
    {
        try
        {
            return await lookup();
        }
        catch (MarketoApiException e) when (MarketoErrorCodes.IsPermanent(e.Code))
        {
            throw new MarketoRefusedException(e.Message, e);
        }
    }

    public async Task<IReadOnlyList<LeadOutcome>> SetProgramStatusAsync(long programId, IReadOnlyList<string> personIds, string status, CancellationToken cancellationToken)
    {
        (List<(string Person, long Lead)> leads, List<LeadOutcome> outcomes) = Leads(personIds);
        IReadOnlyList<LeadResult>? results = await RefusalAsNullAsync(() => client.SetProgramMemberStatusAsync(programId, leads.Select(l => l.Lead).ToList(), status, cancellationToken), leads, outcomes);
        if (results is null)
        {
            return outcomes;
        }

        string done = string.Create(CultureInfo.InvariantCulture, $"status in Marketo program {programId}: {status}");
        outcomes.AddRange(leads.Zip(results, (lead, result) => Outcome(lead.Person, result, done)));
        return outcomes;
    }

    public async Task<IReadOnlyList<LeadOutcome>> SetListMembersAsync(long listId, IReadOnlyList<string> personIds, bool isMember, CancellationToken cancellationToken)
    {
        (List<(string Person, long Lead)> leads, List<LeadOutcome> outcomes) = Leads(personIds);
        IReadOnlyList<LeadResult>? results = await RefusalAsNullAsync(() => client.SetListMembershipAsync(listId, leads.Select(l => l.Lead).ToList(), isMember, cancellationToken), leads, outcomes);
        if (results is null)
        {
            return outcomes;
        }

        string done = string.Create(CultureInfo.InvariantCulture, $"{(isMember ? "added to" : "removed from")} Marketo list {listId}");
        outcomes.AddRange(leads.Zip(results, (lead, result) => Outcome(lead.Person, result, done)));
        return outcomes;
    }

    public async Task<bool> SentAnyAsync(string runId, string nodeId, IReadOnlyList<string> personIds, CancellationToken cancellationToken) =>
        (await ledger.GetAsync(runId, nodeId, OutboxKind.CampaignRequest, personIds, cancellationToken)).Count > 0;

    public async Task<IReadOnlyList<LeadOutcome>> UpdateLeadsAsync(IReadOnlyList<string> personIds, IReadOnlyDictionary<string, string?> fields, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fields);
        (List<(string Person, long Lead)> leads, List<LeadOutcome> outcomes) = Leads(personIds);
        List<IReadOnlyDictionary<string, object?>> updates = leads.Select(l =>
        {
            var update = new Dictionary<string, object?>(StringComparer.Ordinal) { ["id"] = l.Lead };
            foreach (KeyValuePair<string, string?> field in fields)
            {
                update[field.Key] = field.Value;
            }

            return (IReadOnlyDictionary<string, object?>)update;
        }).ToList();
        IReadOnlyList<LeadResult>? results = await RefusalAsNullAsync(() => client.UpdateLeadsAsync(updates, cancellationToken), leads, outcomes);
        if (results is null)
        {
            return outcomes;
        }

        outcomes.AddRange(leads.Zip(results, (lead, result) => Outcome(lead.Person, result, "updated in Marketo")));
        return outcomes;
    }

    public Task<IReadOnlyList<LeadOutcome>> RequestCampaignOnceAsync(
        string runId, string nodeId, long campaignId, IReadOnlyList<string> personIds, IReadOnlyDictionary<string, string> tokens, CancellationToken cancellationToken) =>
        OnceAsync(runId, nodeId, OutboxKind.CampaignRequest, personIds, MarketoClient.MaxLeadsPerCampaignRequest, async (chunk, ct) =>
        {
            await client.RequestCampaignAsync(campaignId, chunk.Select(c => c.Lead).ToList(), tokens, ct);
            return chunk.Select(_ => SendOutcome.Sent(campaignId.ToString(CultureInfo.InvariantCulture))).ToList();
        }, cancellationToken, KnownLeadsAsync);

    public Task<IReadOnlyList<LeadOutcome>> AddMomentsOnceAsync(
        string runId, string nodeId, IReadOnlyList<string> personIds, string type, string? description, DateTimeOffset at, CancellationToken cancellationToken)
    {
        int typeId = momentActivityTypeId ?? throw new InvalidOperationException("No Marketo activity type is configured for interesting moments.");
        return OnceAsync(runId, nodeId, OutboxKind.MarketoMoment, personIds, client.Options.MaxRecordsPerCall, async (chunk, ct) =>
        {
            List<CustomActivityValue> attributes = description is null ? [] : [new CustomActivityValue("description", description)];
            IReadOnlyList<CustomActivityResult> results = await client.AddCustomActivitiesAsync(
                chunk.Select(c => new CustomActivity(c.Lead, at, typeId, type, attributes)).ToList(), ct);
            // A lead Marketo does not have is skipped, as in a campaign request; any other reason refuses the moment.
            return results.Select(r => r.Added ? SendOutcome.Sent(r.Id?.ToString(CultureInfo.InvariantCulture))
                : r.Reasons is [{ Code: "1004" }] ? new SendOutcome(DeliveryStatus.Skipped, Reason: LeadNotFound)
                : SendOutcome.Refused(string.Join("; ", (r.Reasons ?? []).Select(e => $"{e.Code} {e.Message}")))).ToList();
        }, cancellationToken);
    }

    /// <summary>
    /// Which of these leads Marketo has (Get Leads by id, 300 a call, through the limiter like every call). Request
    /// Campaign answers for the whole call and silently leaves out a lead it does not have, so this is how a campaign
    /// request learns each person's status.
    /// </summary>
    private async Task<HashSet<long>> KnownLeadsAsync(IReadOnlyList<(string Person, long Lead)> leads, CancellationToken cancellationToken)
    {
        IReadOnlyList<Dictionary<string, JsonElement>>[] found = await Task.WhenAll(leads.Chunk(client.Options.MaxRecordsPerCall)
            .Select(chunk => client.GetLeadsByIdAsync(chunk.Select(c => c.Lead).ToList(), ["id"], cancellationToken)));
        return found.SelectMany(page => page).Select(lead => lead["id"].GetInt64()).ToHashSet();
    }

    /// <summary>The call's answer; null when Marketo refused the whole call for good (an unknown field or list), each person then skipped with the reason.</summary>
    private static async Task<IReadOnlyList<LeadResult>?> RefusalAsNullAsync(
        Func<Task<IReadOnlyList<LeadResult>>> call, List<(string Person, long Lead)> leads, List<LeadOutcome> outcomes)
    {
        if (leads.Count == 0)
        {
            return [];
        }

        try
        {
            return await call();
        }
        catch (MarketoApiException e) when (MarketoErrorCodes.IsPermanent(e.Code))
        {
            outcomes.AddRange(leads.Select(l => new LeadOutcome(l.Person, false, "skipped by Marketo: " + e.Message)));
            return null;
        }
    }

    /// <summary>A lead's outcome; "1015 Lead not in list" answers a removal that an earlier attempt already made, so it counts as done.</summary>
    private static LeadOutcome Outcome(string person, LeadResult result, string done) =>
        result.Skipped && result.Reasons is not [{ Code: NotInList }] ? new LeadOutcome(person, false, "skipped by Marketo: " + result.Why) : new LeadOutcome(person, true, done);

    /// <summary>The people that are Marketo leads (numeric ids), and an outcome for each that is not.</summary>
    private static (List<(string Person, long Lead)> Leads, List<LeadOutcome> NotLeads) Leads(IReadOnlyList<string> personIds)
    {
        ArgumentNullException.ThrowIfNull(personIds);
        var leads = new List<(string, long)>(personIds.Count);
        var notLeads = new List<LeadOutcome>();
        foreach (string person in personIds)
        {
            if (long.TryParse(person, NumberStyles.None, CultureInfo.InvariantCulture, out long lead) && lead > 0)
            {
                leads.Add((person, lead));
            }
            else
            {
                notLeads.Add(new LeadOutcome(person, false, $"skipped: '{person}' is not a Marketo lead id"));
            }
        }

        return (leads, notLeads);
    }

    /// <summary>
    /// Sends what has no final ledger row yet, <paramref name="perCall"/> people a call: claim, call, confirm. With
    /// <paramref name="known"/>, the leads Marketo does not have are first recorded <see cref="DeliveryStatus.Skipped"/>
    /// (<c>1004 Lead not found</c>) instead of being sent. A call
    /// Marketo refuses for good (an unknown campaign, say) is recorded as refused for its people; a call still failing
    /// after the client's retries is left claimed and thrown, for the activity's retry to send again.
    /// </summary>
    private async Task<IReadOnlyList<LeadOutcome>> OnceAsync(
        string runId, string nodeId, OutboxKind kind, IReadOnlyList<string> personIds, int perCall,
        Func<(string Person, long Lead)[], CancellationToken, Task<List<SendOutcome>>> send, CancellationToken cancellationToken,
        Func<IReadOnlyList<(string Person, long Lead)>, CancellationToken, Task<HashSet<long>>>? known = null)
    {
        (List<(string Person, long Lead)> leads, List<LeadOutcome> outcomes) = Leads(personIds);
        Dictionary<string, TableEntity> rows = await ledger.GetAsync(runId, nodeId, kind, leads.Select(l => l.Person).ToList(), cancellationToken);
        var pending = new List<(string Person, long Lead)>();
        foreach ((string person, long lead) in leads)
        {
            if (rows.TryGetValue(person, out TableEntity? row) && Enum.TryParse(row.GetString("Status"), out DeliveryStatus status) && DeliveryLedger.IsFinal(status))
            {
                outcomes.Add(Final(person, status, row.GetString("ProviderMessageId"), row.GetString("Reason")));
            }
            else
            {
                pending.Add((person, lead));
            }
        }

        // A claim of another attempt still in flight (a duplicate run of this activity) is not taken over while its
        // short lease runs: its call may be on its way to Marketo. This attempt fails and its retry reads the outcome
        // that attempt records; a killed attempt's claim expires within the activity retries' first 15 s.
        DateTimeOffset now = clock.GetUtcNow();
        if (pending.Select(p => DeliveryLedger.HeldUntil(rows.GetValueOrDefault(p.Person), now)).Max() is { } heldUntil)
        {
            throw new InvalidOperationException($"{kind} of run {runId}, node {nodeId} is being sent by another attempt until {heldUntil:u}; retried after it");
        }

        if (known is not null && pending.Count > 0)
        {
            HashSet<long> inMarketo;
            try
            {
                inMarketo = await known(pending, cancellationToken);
            }
            catch (MarketoApiException e) when (MarketoErrorCodes.IsPermanent(e.Code))
            {
                // The lookup refused for good (a spent daily quota, say): its people are refused with the reason, as
                // a refused call would leave them, and the run goes on.
                await SettleAsync(pending, SendOutcome.Refused(e.Message));
                return outcomes;
            }

            List<(string Person, long Lead)> unknown = pending.Where(p => !inMarketo.Contains(p.Lead)).ToList();
            if (unknown.Count > 0)
            {
                await SettleAsync(unknown, new SendOutcome(DeliveryStatus.Skipped, Reason: LeadNotFound));
                pending = pending.Where(p => inMarketo.Contains(p.Lead)).ToList();
            }
        }

        foreach ((string Person, long Lead)[] chunk in pending.Chunk(perCall))
        {
            List<DeliveryClaim> claims = await ledger.ClaimAsync(
                runId, nodeId, kind, chunk.Select(c => (c.Person, c.Lead.ToString(CultureInfo.InvariantCulture), rows.GetValueOrDefault(c.Person))).ToList(), clock.GetUtcNow(), InFlightLease, cancellationToken);
            List<SendOutcome> sent;
            try
            {
                sent = await send(chunk, cancellationToken);
            }
            catch (MarketoApiException e) when (MarketoErrorCodes.IsPermanent(e.Code))
            {
                sent = chunk.Select(_ => SendOutcome.Refused(e.Message)).ToList();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // This attempt's call failed: its claims end now, so its retry sends them again at once (Marketo may
                // have taken the call: the crash window the README bounds at one call).
                await ledger.RecordAllAsync([.. claims.Select(c => (c, SendOutcome.Transient(e.Message)))], clock.GetUtcNow(), cancellationToken);
                throw;
            }

            await ledger.RecordAllAsync(claims.Zip(sent).ToList(), clock.GetUtcNow(), cancellationToken);
            outcomes.AddRange(chunk.Zip(sent, (c, s) => Final(c.Person, s.Status, s.ProviderMessageId, s.Reason)));
        }

        return outcomes;

        // Records one final outcome for people sent nothing: claimed, then recorded, so a retry sends them nothing either.
        async Task SettleAsync(IReadOnlyList<(string Person, long Lead)> people, SendOutcome outcome)
        {
            List<DeliveryClaim> claims = await ledger.ClaimAsync(
                runId, nodeId, kind, people.Select(p => (p.Person, p.Lead.ToString(CultureInfo.InvariantCulture), rows.GetValueOrDefault(p.Person))).ToList(), clock.GetUtcNow(), InFlightLease, cancellationToken);
            await ledger.RecordAllAsync([.. claims.Select(c => (c, outcome))], clock.GetUtcNow(), cancellationToken);
            outcomes.AddRange(people.Select(p => Final(p.Person, outcome.Status, null, outcome.Reason)));
        }
    }

    private static LeadOutcome Final(string person, DeliveryStatus status, string? providerId, string? reason) =>
        status == DeliveryStatus.Sent
            ? new LeadOutcome(person, true, $"sent to Marketo ({providerId})")
            : new LeadOutcome(person, false, $"{status.ToString().ToLowerInvariant()} by Marketo: {reason}");
}

namespace JourneyFunctions.Domain.Marketo;

/// <summary>
/// The Marketo Engage instance this app is connected to, as journey actions reach it (implemented over the one
/// rate-limited Marketo client, so actions share its limits with the sync and the activity logging). Registered only
/// when a connection is configured; without one, actions act on the local <see cref="IMarketoEngageStore"/>. People
/// are Marketo leads by their Marketo ID (the people row key); a person whose id is not a lead id is skipped.
/// </summary>
public interface IMarketoEngage
{
    /// <summary>The name journeys give this connection (the <c>connection</c> setting of Marketo actions).</summary>
    string Connection { get; }

    /// <summary>The custom activity type id interesting moments are written as; null: moments stay in the local table.</summary>
    int? MomentActivityTypeId { get; }

    /// <summary>The id of the static list named <paramref name="list"/>, or null when there is none (names cached briefly).</summary>
    Task<long?> FindListAsync(string list, CancellationToken cancellationToken);

    /// <summary>The id of the requestable campaign named <paramref name="campaign"/> (in <paramref name="workspace"/> when given), or null.</summary>
    Task<long?> FindCampaignAsync(string? workspace, string campaign, CancellationToken cancellationToken);

    /// <summary>
    /// The program named <paramref name="program"/> with its channel's statuses, or null when Marketo has none of that
    /// name (cached briefly, as list names are).
    /// </summary>
    Task<MarketoProgram?> FindProgramAsync(string program, CancellationToken cancellationToken);

    /// <summary>
    /// Sets people's status in a program, making them members where they are not, as few calls as the per-call limit
    /// allows; a person already at that status is done, so a retry changes nothing.
    /// </summary>
    Task<IReadOnlyList<LeadOutcome>> SetProgramStatusAsync(long programId, IReadOnlyList<string> personIds, string status, CancellationToken cancellationToken);

    /// <summary>Puts people on a static list or takes them off, as few calls as the per-call limit allows; idempotent at Marketo.</summary>
    Task<IReadOnlyList<LeadOutcome>> SetListMembersAsync(long listId, IReadOnlyList<string> personIds, bool isMember, CancellationToken cancellationToken);

    /// <summary>
    /// Requests a campaign for people at most once per (run, node, person) under retries, through the send ledger
    /// (written before each call, confirmed after). <paramref name="tokens"/> are <c>{{my.name}}</c> values.
    /// </summary>
    Task<IReadOnlyList<LeadOutcome>> RequestCampaignOnceAsync(
        string runId, string nodeId, long campaignId, IReadOnlyList<string> personIds, IReadOnlyDictionary<string, string> tokens, CancellationToken cancellationToken);

    /// <summary>Whether campaign requests of this run's node were already sent (or claimed) for any of these people: an earlier attempt's work.</summary>
    Task<bool> SentAnyAsync(string runId, string nodeId, IReadOnlyList<string> personIds, CancellationToken cancellationToken);

    /// <summary>Sets fields of existing leads (absolute values, so a retry writes the same).</summary>
    Task<IReadOnlyList<LeadOutcome>> UpdateLeadsAsync(IReadOnlyList<string> personIds, IReadOnlyDictionary<string, string?> fields, CancellationToken cancellationToken);

    /// <summary>Writes an interesting moment per person as a custom activity of <see cref="MomentActivityTypeId"/>, once per (run, node, person).</summary>
    Task<IReadOnlyList<LeadOutcome>> AddMomentsOnceAsync(
        string runId, string nodeId, IReadOnlyList<string> personIds, string type, string? description, DateTimeOffset at, CancellationToken cancellationToken);
}

/// <summary>What Marketo did for one person: <paramref name="Done"/> (added, removed, updated, requested) or skipped, with the detail journaled.</summary>
public sealed record LeadOutcome(string PersonId, bool Done, string Detail);

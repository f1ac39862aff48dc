using JourneyFunctions.Domain.AccountLists;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage.AccountLists;
using JourneyFunctions.Storage.Journeys;

namespace JourneyFunctions.Activities.Journeys;

/// <summary>
/// Resolves the start node's audience once (its accounts and the members of its static list, or the accounts the
/// run was started for), admits the accounts the journey's re-entry rule lets in (an account
/// still in the journey never re-enters), and stores them in batches; returns the batch and account counts.
/// </summary>
public sealed class SnapshotAudienceActivity(JourneyStore journeys, JourneyEntryStore entries, AudienceStore audience, AccountListStore lists, TimeProvider clock)
    : IActivity<AudienceSnapshotRequest, AudienceSnapshot>
{
    public async Task<AudienceSnapshot> RunAsync(AudienceSnapshotRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        JourneyDefinition journey = await journeys.GetVersionAsync(input.JourneyId, input.Version, cancellationToken)
            ?? throw new InvalidOperationException($"Journey {input.JourneyId} has no published version {input.Version}.");
        JourneyNode start = journey.Start;
        IReadOnlyList<string> listed = input.Accounts is null && start.Audience?.AccountList is { Length: > 0 } listId
            ? await lists.GetMembersAsync(listId, cancellationToken)
            : [];
        IReadOnlyList<string> candidates = (input.Accounts ?? [.. start.Audience?.Accounts ?? [], .. listed]).Distinct(StringComparer.Ordinal).ToList();
        IReadOnlyList<string> admitted = await entries.AdmitAsync(input.JourneyId, input.RunId, candidates, start.Reentry, clock.GetUtcNow(), cancellationToken);
        int batches = await audience.SnapshotAsync(input.RunId, AccountOrder.Batches(admitted, input.BatchSize), cancellationToken);
        return new AudienceSnapshot(batches, admitted.Count);
    }
}

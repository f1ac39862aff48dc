using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Storage.Sync;

namespace JourneyFunctions.Activities.Sync;

/// <summary>
/// The end of a full-sync run: clears the rejections the run did not renew (their people were copied, or left the
/// source) and records the run with its totals in the run history. Returns how many rejections it cleared; a retry
/// clears nothing more and records the run again. A run that ends before reading every page (superseded by a fresh
/// one) clears nothing: it did not read everyone.
/// </summary>
public sealed class EndSyncRunActivity(SyncRejectionStore rejections, SyncRunStore runs) : IActivity<SyncProgress, int>
{
    public async Task<int> RunAsync(SyncProgress input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input is not { RunId: { } runId, RunStartedAt: { } started })
        {
            return 0;
        }

        int cleared = input.ReadComplete ? await rejections.ClearUnrenewedAsync(runId, started, cancellationToken) : 0;
        await runs.EndAsync(input with { RejectionsCleared = cleared }, cancellationToken);
        return cleared;
    }
}

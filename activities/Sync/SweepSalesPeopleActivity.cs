using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Domain.Telemetry;
using JourneyFunctions.Storage.Sync;

namespace JourneyFunctions.Activities.Sync;

/// <summary>
/// The end of a full sync, for a group of sales buckets: removes the people the run did not confirm and nobody changed
/// since it started (see <see cref="SalesPeopleStore.RemoveUnconfirmedAsync"/>). Bucket by bucket, each a range query
/// and batch transactions in its partition. A rerun removes nothing twice and reports the same count.
/// </summary>
public sealed class SweepSalesPeopleActivity(SalesPeopleStore sales) : IActivity<SalesSweepRequest, int>
{
    public async Task<int> RunAsync(SalesSweepRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        int removed = 0;
        foreach (int bucket in Enumerable.Range(input.FirstBucket, input.BucketCount))
        {
            removed += await sales.RemoveUnconfirmedAsync(SalesBuckets.Key(bucket), input.RunId, input.RunStartedAt, cancellationToken);
        }

        JourneyMetrics.Synced(JourneyMetrics.InitialSync, JourneyMetrics.Removed, removed);
        return removed;
    }
}

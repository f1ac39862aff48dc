using Azure;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Domain.Telemetry;

namespace JourneyFunctions.Activities.Sync;

/// <summary>
/// One page of the initial sync: reads marketing people after the cursor, keeps the sales-owned ones,
/// maps the 13 fields and upserts them in batch transactions. Re-running a page rewrites the same rows.
/// </summary>
public sealed class SyncInitialPageActivity(StorageAccount storage, SalesPeopleStore sales) : IActivity<SyncPageRequest, SyncPageResult>
{
    private readonly TableClient _people = storage.Table(TableNames.People);

    public async Task<SyncPageResult> RunAsync(SyncPageRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        // Effect markers share the people table; their row keys start with '~'.
        AsyncPageable<TableEntity> query = _people.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"RowKey lt {"~"}"), maxPerPage: input.PageSize, cancellationToken: cancellationToken);
        await foreach (Page<TableEntity> page in query.AsPages(input.Cursor, input.PageSize))
        {
            List<TableEntity> eligible = page.Values.Where(SalesPerson.IsEligible).ToList();
            int written = await sales.UpsertAsync(eligible.Select(SalesPerson.From), cancellationToken);
            JourneyMetrics.Synced(JourneyMetrics.InitialSync, JourneyMetrics.Written, written);
            return new SyncPageResult(page.ContinuationToken, page.Values.Count, eligible.Count, written);
        }

        return new SyncPageResult(null, 0, 0, 0);
    }
}

using Azure.Data.Tables;
using JourneyFunctions.Storage.Sync;

namespace JourneyFunctions.Sync.Tests;

/// <summary>One person at a time through the store's initial-sync path, as the tests set up a sales copy.</summary>
internal static class SalesPeopleStoreOneAtATime
{
    /// <summary>Writes one copy unless the stored one came from a newer marketing version; true when written.</summary>
    public static async Task<bool> UpsertIfNewerAsync(this SalesPeopleStore sales, TableEntity copy) =>
        (await sales.WriteIfNewerAsync([copy])).Written == 1;

    /// <summary>Removes a person as of a marketing version, leaving a tombstone; true when the tombstone was written.</summary>
    public static async Task<bool> RemoveIfNewerAsync(this SalesPeopleStore sales, string marketoId, long version) =>
        (await sales.WriteIfNewerAsync([SalesPerson.Tombstone(marketoId, version)])).Written == 1;
}

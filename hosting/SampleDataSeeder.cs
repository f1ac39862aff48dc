using JourneyFunctions.Domain.AccountLists;
using JourneyFunctions.Domain.Accounts;
using JourneyFunctions.Domain.Audiences;
using JourneyFunctions.Domain.Destinations;
using JourneyFunctions.Domain.Marketo;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.AccountLists;
using JourneyFunctions.Storage.Accounts;
using JourneyFunctions.Storage.Audiences;
using JourneyFunctions.Storage.Destinations;
using JourneyFunctions.Storage.Marketo;
using JourneyFunctions.Storage.People;
using JourneyFunctions.Storage.Samples;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyFunctions.Hosting;

/// <summary>
/// Loads the sample accounts and people, and the reference data sample journeys name (the account list, destination,
/// audience, and the Marketo connection, list, workspace, campaign and emails of <see cref="SampleCatalog"/>), into the
/// app's storage, creating its tables and queues first. Called by <c>scripts/seed.sh</c> (tools/seed) for any storage
/// account, and by the local host at start with <c>DevHost__SeedSampleData=true</c>. Idempotent: seeding again
/// rewrites the same rows.
/// </summary>
public static class SampleDataSeeder
{
    public const int PeoplePerAccount = 10;

    /// <summary>The most sample people a seeding takes (<c>scripts/seed.sh</c>, <c>DevHost__SamplePeople</c>).</summary>
    public const int MaxPeople = 1_000_000;

    /// <returns>How many accounts were loaded.</returns>
    public static async Task<int> SeedAsync(IServiceProvider services, int people, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentOutOfRangeException.ThrowIfLessThan(people, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(people, MaxPeople);
        await services.GetRequiredService<StorageAccount>().EnsureCreatedAsync(cancellationToken);
        int accounts = Math.Max(2, (people + PeoplePerAccount - 1) / PeoplePerAccount);
        await services.GetRequiredService<AccountStore>().UpsertAsync(
            Enumerable.Range(0, accounts).Select(i => (SampleData.AccountId(i), SampleData.AccountAttributes(i))), cancellationToken);
        await services.GetRequiredService<PeopleStore>().UpsertAsync(
            Enumerable.Range(0, accounts).SelectMany(i => SampleData.People(i, PeoplePerAccount)), keepOtherFields: true, cancellationToken: cancellationToken);
        await SampleCatalog.SeedAsync(
            services.GetRequiredService<AccountListStore>(),
            services.GetRequiredService<DestinationStore>(),
            services.GetRequiredService<ExternalAudienceStore>(),
            services.GetRequiredService<MarketoEngageStore>(),
            Enumerable.Range(0, accounts / 2).Select(SampleData.AccountId).ToList(),
            cancellationToken);
        return accounts;
    }
}

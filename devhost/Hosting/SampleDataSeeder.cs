using JourneyFunctions.Domain.AccountLists;
using JourneyFunctions.Domain.Accounts;
using JourneyFunctions.Domain.Audiences;
using JourneyFunctions.Domain.Destinations;
using JourneyFunctions.Domain.Marketo;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Samples;

namespace JourneyFunctions.DevHost.Hosting;

/// <summary>
/// Loads the sample accounts, people and the lists, destinations, audiences and Marketo objects sample journeys refer
/// to into Azurite (when <c>DevHost:SeedSampleData</c> is on; <c>DevHost:SamplePeople</c> says how many people).
/// </summary>
internal static class SampleDataSeeder
{
    public const int PeoplePerAccount = 10;

    /// <returns>How many accounts were loaded.</returns>
    public static async Task<int> SeedAsync(IServiceProvider services, int people, CancellationToken cancellationToken)
    {
        int accounts = Math.Max(2, (people + PeoplePerAccount - 1) / PeoplePerAccount);
        await services.GetRequiredService<AccountStore>().UpsertAsync(
            Enumerable.Range(0, accounts).Select(i => (SampleData.AccountId(i), SampleData.AccountAttributes(i))), cancellationToken);
        await services.GetRequiredService<PeopleStore>().UpsertAsync(
            Enumerable.Range(0, accounts).SelectMany(i => SampleData.People(i, PeoplePerAccount)), cancellationToken);
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

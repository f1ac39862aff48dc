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
/// to into Azurite (when <c>DevHost:SeedSampleData</c> is on).
/// </summary>
internal static class SampleDataSeeder
{
    public const int Accounts = 20;
    public const int PeoplePerAccount = 10;

    public static async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<AccountStore>().UpsertAsync(
            Enumerable.Range(0, Accounts).Select(i => (SampleData.AccountId(i), SampleData.AccountAttributes(i))), cancellationToken);
        await services.GetRequiredService<PeopleStore>().UpsertAsync(
            Enumerable.Range(0, Accounts).SelectMany(i => SampleData.People(i, PeoplePerAccount)), cancellationToken);
        await SampleCatalog.SeedAsync(
            services.GetRequiredService<AccountListStore>(),
            services.GetRequiredService<DestinationStore>(),
            services.GetRequiredService<ExternalAudienceStore>(),
            services.GetRequiredService<MarketoEngageStore>(),
            Enumerable.Range(0, Accounts / 2).Select(SampleData.AccountId).ToList(),
            cancellationToken);
    }
}

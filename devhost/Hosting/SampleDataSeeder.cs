using JourneyFunctions.Domain.Accounts;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Samples;

namespace JourneyFunctions.DevHost.Hosting;

/// <summary>Loads the sample accounts and people into Azurite (when <c>DevHost:SeedSampleData</c> is on).</summary>
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
    }
}

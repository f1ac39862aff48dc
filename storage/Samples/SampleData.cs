using System.Globalization;
using Azure.Data.Tables;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.People;

namespace JourneyFunctions.Storage.Samples;

/// <summary>
/// Deterministic sample data with realistic variety: accounts across industries and regions; people of whom
/// some have no sales owner, some share an email, and synced fields are sometimes blank.
/// </summary>
public static class SampleData
{
    private static readonly string[] Industries = ["Software", "Manufacturing", "Healthcare", "Finance", "Retail"];
    private static readonly string[] Regions = ["EMEA", "AMER", "APAC"];
    private static readonly string[] FirstNames = ["Ana", "Ben", "Chloe", "Dae-jung", "Eun", "Farah", "Goran", "Hana", "Ivan", "Jae"];
    private static readonly string[] LastNames = ["Kim", "Lee", "Park", "Smith", "Garcia", "Novak", "Tanaka", "Okafor"];
    private static readonly string[] Titles = ["CTO", "VP Marketing", "Engineer", "Buyer", "", "Director of IT"];

    public static string AccountId(int index) => string.Create(CultureInfo.InvariantCulture, $"acct-{index:D6}");

    public static string MarketoId(int account, int person) => string.Create(CultureInfo.InvariantCulture, $"{account:D6}{person:D3}");

    /// <summary>Account attributes for account <paramref name="index"/>.</summary>
    public static IReadOnlyDictionary<string, object?> AccountAttributes(int index) => new Dictionary<string, object?>
    {
        ["Name"] = string.Create(CultureInfo.InvariantCulture, $"Company {index}"),
        ["Industry"] = Industries[index % Industries.Length],
        ["Region"] = Regions[index % Regions.Length],
        ["Employees"] = 10 + (index * 37 % 5000),
        // Every fifth account has no sales owner, so a sales alert skips it.
        ["SalesOwnerEmail"] = index % 5 == 4 ? "" : string.Create(CultureInfo.InvariantCulture, $"owner{index % 3}@example.com"),
    };

    /// <summary>
    /// The people of account <paramref name="account"/>: every fourth has no owner; every seventh reuses another's email.
    /// Tests and benchmarks pass their own <paramref name="accountId"/> and an <paramref name="idPrefix"/> for the
    /// Marketo IDs so their people cannot collide with anyone else's.
    /// </summary>
    public static IEnumerable<TableEntity> People(int account, int count, string? accountId = null, string idPrefix = "")
    {
        for (int p = 0; p < count; p++)
        {
            int n = (account * count) + p;
            string marketoId = idPrefix + MarketoId(account, p);
            string email = n % 7 == 6 ? Email(n - 1) : Email(n);
            bool owned = n % 4 != 3;
            yield return new TableEntity(accountId ?? AccountId(account), marketoId)
            {
                [PersonFields.FirstName] = FirstNames[n % FirstNames.Length],
                [PersonFields.LastName] = LastNames[n % LastNames.Length],
                [PersonFields.Email] = email,
                [PersonFields.Phone] = n % 5 == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"+8210{n:D8}"),
                [PersonFields.Company] = string.Create(CultureInfo.InvariantCulture, $"Company {account}"),
                [PersonFields.Title] = Titles[n % Titles.Length],
                [PersonFields.SalesforceContactId] = owned && n % 2 == 0 ? string.Create(CultureInfo.InvariantCulture, $"003{n:D12}") : "",
                [PersonFields.SalesforceLeadId] = owned && n % 2 == 1 ? string.Create(CultureInfo.InvariantCulture, $"00Q{n:D12}") : "",
                [PersonFields.SalesforceAccountId] = string.Create(CultureInfo.InvariantCulture, $"001{account:D12}"),
                [PersonFields.SalesforceOpportunityId] = n % 3 == 0 ? string.Create(CultureInfo.InvariantCulture, $"006{n:D12}") : "",
                [PersonFields.LinkedInUrl] = n % 2 == 0 ? string.Create(CultureInfo.InvariantCulture, $"https://www.linkedin.com/in/person{n}") : "",
                [PersonFields.Source] = n % 3 == 0 ? "Webinar" : "Website",
                [PersonFields.LeadOwner] = owned && n % 2 == 1 ? "seller@example.com" : "",
                [PersonFields.ContactOwner] = owned && n % 2 == 0 ? "owner@example.com" : "",
                [PersonFields.Unsubscribed] = n % 11 == 0,
                ["JobLevel"] = n % 3 == 0 ? "Executive" : "Staff",
            };
        }
    }

    private static string Email(int n) => string.Create(CultureInfo.InvariantCulture, $"person{n}@example.com");
}

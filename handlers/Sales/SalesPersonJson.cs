using System.Text.Json;
using Azure.Data.Tables;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Storage.People;
using JourneyFunctions.Storage.Sync;

namespace JourneyFunctions.Handlers.Sales;

/// <summary>A sales person as the API shows it: the 13 synced fields (camelCase), the marketing version it reflects, and when it was synced.</summary>
public static class SalesPersonJson
{
    public static Dictionary<string, object?> From(TableEntity person)
    {
        ArgumentNullException.ThrowIfNull(person);
        var json = PersonFields.Synced.ToDictionary(f => JsonNamingPolicy.CamelCase.ConvertName(f), f => (object?)person.GetString(f), StringComparer.Ordinal);
        json["sourceVersion"] = person.GetInt64(SalesPerson.SourceVersion);
        json["syncedAt"] = person.Timestamp;
        return json;
    }
}

using System.Globalization;
using Azure.Data.Tables;

namespace JourneyFunctions.Storage;

/// <summary>An entity's own properties (not its keys, timestamp or ETag): as stored, or as text for split conditions and personalization.</summary>
public static class EntityAttributes
{
    public static Dictionary<string, object> Properties(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return entity.Where(p => !IsSystem(p.Key)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
    }

    public static Dictionary<string, string?> Of(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return entity.Where(p => !IsSystem(p.Key)).ToDictionary(p => p.Key, p => Convert.ToString(p.Value, CultureInfo.InvariantCulture), StringComparer.Ordinal);
    }

    private static bool IsSystem(string property) => property is "PartitionKey" or "RowKey" or "Timestamp" or "odata.etag";
}

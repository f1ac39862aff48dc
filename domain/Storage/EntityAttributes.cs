using System.Globalization;
using Azure.Data.Tables;

namespace JourneyFunctions.Domain.Storage;

/// <summary>An entity's own properties as text, for split conditions and personalization.</summary>
public static class EntityAttributes
{
    public static Dictionary<string, string?> Of(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return entity
            .Where(p => p.Key is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag"))
            .ToDictionary(p => p.Key, p => Convert.ToString(p.Value, CultureInfo.InvariantCulture), StringComparer.Ordinal);
    }
}

using Azure.Data.Tables;
using JourneyFunctions.Domain.Storage;

namespace JourneyFunctions.Storage;

/// <summary>
/// Membership rows (list members, audience members, campaign members ...): one partition per group, one row per
/// member with a <see cref="MembershipColumns.Member"/> flag and who changed it (<see cref="MembershipColumns.By"/>). Adding and removing are both upserts, so a retried action rewrites the same
/// rows, and a removal keeps who removed the member and when.
/// </summary>
public static class Memberships
{
    /// <summary>Marks <paramref name="members"/> as in or out of the group <paramref name="partition"/>, in batch transactions.</summary>
    public static Task<int> SetAsync(
        TableClient table, string partition, IEnumerable<string> members, bool isMember, IReadOnlyDictionary<string, object?>? details = null, CancellationToken cancellationToken = default) =>
        BatchWriter.MergeAsync(table, members.Distinct(StringComparer.Ordinal).Select(member =>
        {
            var row = new TableEntity(partition, member) { [MembershipColumns.Member] = isMember };
            foreach (KeyValuePair<string, object?> detail in details ?? new Dictionary<string, object?>())
            {
                row[detail.Key] = detail.Value;
            }

            return (ITableEntity)row;
        }), cancellationToken);

    /// <summary>The current members of a group (removed ones excluded).</summary>
    public static async Task<List<TableEntity>> GetAsync(TableClient table, string partition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        var members = new List<TableEntity>();
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and Member eq {true}");
        await foreach (TableEntity row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            members.Add(row);
        }

        return members;
    }
}

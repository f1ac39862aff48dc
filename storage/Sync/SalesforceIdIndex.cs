using System.Text.RegularExpressions;
using Azure.Data.Tables;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Storage;

namespace JourneyFunctions.Storage.Sync;

/// <summary>
/// The sales copy's index by Salesforce contact and lead id (table <c>SalesPeopleBySalesforceId</c>), in the shape of
/// <see cref="SalesLookupIndex"/>: how a change read from Salesforce (an opt-out, a task's <c>WhoId</c>) finds its
/// sales people. Ids are indexed by their first 15 characters, the case-sensitive id that the 18-character form only
/// extends with a checksum, so either form finds the person.
/// </summary>
public static partial class SalesforceIdIndex
{
    /// <summary>Adds an entry for the contact id and the lead id of every live copy among <paramref name="rows"/>.</summary>
    public static Task AddAsync(ShardedTable index, IEnumerable<TableEntity> rows, CancellationToken cancellationToken) =>
        SalesLookupIndex.AddAsync(
            index,
            rows.Where(r => !SalesPerson.IsRemoved(r)).SelectMany(r => IdsOf(r).Select(id => (id, r.RowKey))),
            cancellationToken);

    /// <summary>The Marketo IDs the index holds for the Salesforce id, confirmed or not; none for a malformed id.</summary>
    public static async Task<List<string>> CandidatesAsync(ShardedTable index, string salesforceId, CancellationToken cancellationToken) =>
        Normalize(salesforceId) is { } id ? await SalesLookupIndex.CandidatesAsync(index, id, cancellationToken) : [];

    /// <summary>Whether the copy holds this Salesforce id as its contact or lead id (either id form).</summary>
    public static bool Holds(TableEntity copy, string salesforceId) =>
        Normalize(salesforceId) is { } id && IdsOf(copy).Contains(id, StringComparer.Ordinal);

    /// <summary>The 15-character form of a Salesforce id, or null when it is not one (15 or 18 letters and digits).</summary>
    public static string? Normalize(string? salesforceId) =>
        salesforceId is not null && SalesforceId().IsMatch(salesforceId) ? salesforceId[..15] : null;

    private static IEnumerable<string> IdsOf(TableEntity copy) =>
        new[] { copy.GetString(PersonFields.SalesforceContactId), copy.GetString(PersonFields.SalesforceLeadId) }
            .Select(Normalize).OfType<string>().Distinct(StringComparer.Ordinal);

    [GeneratedRegex("^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?\\z", RegexOptions.CultureInvariant)]
    private static partial Regex SalesforceId();
}

using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Storage.People;

namespace JourneyFunctions.Marketo;

/// <summary>
/// The REST API names of the lead fields the sync reads (as Describe Leads lists them on a Salesforce-synced
/// instance), and the mapping of a Marketo lead onto the marketing person shape the sync maps from.
/// </summary>
public static class MarketoLeadFields
{
    public const string Id = "id";
    public const string UpdatedAt = "updatedAt";

    /// <summary>Person property name by Marketo REST name: the 12 synced fields besides the id, the owners and the unsubscribe flag.</summary>
    public static IReadOnlyDictionary<string, string> ToPersonField { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["firstName"] = PersonFields.FirstName,
        ["lastName"] = PersonFields.LastName,
        ["sfdcContactId"] = PersonFields.SalesforceContactId,
        ["sfdcLeadId"] = PersonFields.SalesforceLeadId,
        ["sfdcAccountId"] = PersonFields.SalesforceAccountId,
        ["sfdcOpptyId"] = PersonFields.SalesforceOpportunityId,
        ["company"] = PersonFields.Company,
        ["title"] = PersonFields.Title,
        ["email"] = PersonFields.Email,
        ["phone"] = PersonFields.Phone,
        ["linkedInProfileUrl"] = PersonFields.LinkedInUrl,
        ["leadSource"] = PersonFields.Source,
        ["sfdcLeadOwnerId"] = PersonFields.LeadOwner,
        ["sfdcContactOwnerId"] = PersonFields.ContactOwner,
        ["unsubscribed"] = PersonFields.Unsubscribed,
    };

    /// <summary>Every field to request: the mapped ones and <c>updatedAt</c>, which becomes the change version.</summary>
    public static IReadOnlyList<string> Requested { get; } = [.. ToPersonField.Keys, UpdatedAt];

    /// <summary>The columns of a lead export: the id first, then <see cref="Requested"/> (an export names every field it writes).</summary>
    public static IReadOnlyList<string> Exported { get; } = [Id, .. Requested];

    /// <summary>
    /// A lead as a marketing person: row key = Marketo ID, partition <c>marketo</c>, change version = <c>updatedAt</c> in ticks
    /// (so a copy from the API and a later incremental change compare like two marketing store versions).
    /// </summary>
    public static TableEntity ToPerson(IReadOnlyDictionary<string, JsonElement> lead)
    {
        ArgumentNullException.ThrowIfNull(lead);
        if (!lead.TryGetValue(Id, out JsonElement id) || Text(id) is not { Length: > 0 })
        {
            throw new MarketoApiException("Marketo answered a lead without an id.");
        }

        return ToPerson(name => lead.TryGetValue(name, out JsonElement value) ? (true, Value(value)) : (false, null));
    }

    /// <summary>
    /// A row of a Bulk Lead Extract file as a marketing person, by the same mapping: <paramref name="columns"/> are the
    /// file's header (REST names); an empty cell, or the bare word <c>null</c> (how exports write a field with no
    /// value), is no value.
    /// </summary>
    public static TableEntity ToPerson(IReadOnlyDictionary<string, int> columns, IReadOnlyList<string> row)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(row);
        if (row.Count != columns.Count)
        {
            throw new FormatException($"An export row has {row.Count} fields where the header has {columns.Count}.");
        }

        return ToPerson(name => columns.TryGetValue(name, out int i) ? (true, row[i] is "" or "null" ? null : row[i]) : (false, null));
    }

    /// <summary>
    /// The one mapping of both reads, from a field's value by REST name (<c>Present</c> false: the field was not read):
    /// text, or the raw JSON bytes of a value that is no text (a list, an object), which the sync then rejects as
    /// <c>is not text</c>, as it does such a value in the table store, rather than reading it as no value (an owner read
    /// as none would have swept the person's sales copy away).
    /// </summary>
    private static TableEntity ToPerson(Func<string, (bool Present, object? Value)> valueOf)
    {
        string id = valueOf(Id).Value as string ?? "";
        if (id.Length == 0)
        {
            throw new FormatException("A Marketo lead without an id.");
        }

        var person = new TableEntity("marketo", id);
        foreach ((string rest, string field) in ToPersonField)
        {
            if (valueOf(rest) is (true, var text))
            {
                person[field] = field == PersonFields.Unsubscribed ? text is "true" or "1" : text;
            }
        }

        // An updatedAt that is no date stays as it came, so the sync rejects the person (ChangeVersion is not a whole
        // number) instead of copying it at version 0, which any stored copy would win over for good.
        person[PersonFields.ChangeVersion] = valueOf(UpdatedAt).Value switch
        {
            null => 0L,
            string updated when DateTimeOffset.TryParse(updated, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset at) => at.UtcTicks,
            object unreadable => unreadable,
        };
        return person;
    }

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => null,
    };

    /// <summary>A field's text; a list or an object as its raw JSON bytes (no text: rejected by the sync); null for null.</summary>
    private static object? Value(JsonElement value) =>
        value.ValueKind is JsonValueKind.Array or JsonValueKind.Object ? System.Text.Encoding.UTF8.GetBytes(value.GetRawText()) : Text(value);
}

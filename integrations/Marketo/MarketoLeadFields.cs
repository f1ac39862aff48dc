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

    /// <summary>
    /// A lead as a marketing person: row key = Marketo ID, partition <c>marketo</c>, change version = <c>updatedAt</c> in ticks
    /// (so a copy from the API and a later incremental change compare like two marketing store versions).
    /// </summary>
    public static TableEntity ToPerson(IReadOnlyDictionary<string, JsonElement> lead)
    {
        ArgumentNullException.ThrowIfNull(lead);
        string id = lead.TryGetValue(Id, out JsonElement idValue) ? Text(idValue) ?? "" : "";
        if (id.Length == 0)
        {
            throw new FormatException("A Marketo lead without an id.");
        }

        var person = new TableEntity("marketo", id);
        foreach ((string rest, string field) in ToPersonField)
        {
            if (lead.TryGetValue(rest, out JsonElement value))
            {
                person[field] = field == PersonFields.Unsubscribed ? value.ValueKind == JsonValueKind.True : Text(value);
            }
        }

        person[PersonFields.ChangeVersion] = lead.TryGetValue(UpdatedAt, out JsonElement updated)
            && DateTimeOffset.TryParse(Text(updated), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset at)
            ? at.UtcTicks
            : 0L;
        return person;
    }

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => null,
    };
}

using Azure.Data.Tables;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Handlers.Http;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.People;
using JourneyFunctions.Storage.SalesActivities;
using Microsoft.AspNetCore.Http;

namespace JourneyFunctions.Handlers.SalesActivities;

/// <summary>Checks shared by the sales activity routes: the field rules, and the activity built from the sales copy.</summary>
internal static class SalesActivityRequests
{
    /// <summary>Longest subject or detail kept (Salesforce's Task.Subject limit).</summary>
    public const int MaxTextLength = SalesforceTask.MaxSubjectLength;

    public static IResult BadField(string field, string reason) =>
        ApiResults.BadField(field, reason);

    public static IResult? CheckMarketoId(string marketoId) =>
        TableKey.IsValid(marketoId) ? null : BadField("marketoId", "must be 1-128 characters of letters, digits, '-', '_', '.', '@' or ':'.");

    /// <summary>The origin named in a request (default: the sales side), or a 400 naming the field.</summary>
    public static (SalesActivityOrigin Origin, IResult? Error) ParseOrigin(string? origin, string fieldPrefix = "") =>
        origin is null ? (SalesActivityOrigin.Sales, null)
        : EnumText.TryParse(origin, out SalesActivityOrigin parsed) ? (parsed, null)
        : (default, BadField(fieldPrefix + "origin", $"must be one of: {string.Join(", ", Enum.GetNames<SalesActivityOrigin>().Select(Camel))}."));

    public static IResult? CheckText(string field, string? text) =>
        text is { Length: > MaxTextLength } ? BadField(field, $"must be at most {MaxTextLength} characters.") : null;

    /// <summary>An activity for a person of the sales copy, with the Salesforce ids the subscribers need.</summary>
    public static SalesActivity Build(TableEntity salesPerson, string id, SalesActivityType type, DateTimeOffset occurredAt, string? subject, string? detail, SalesActivityOrigin origin) =>
        new(id, salesPerson.RowKey, type, occurredAt, subject, detail, origin,
            FirstOf(salesPerson, PersonFields.SalesforceContactId, PersonFields.SalesforceLeadId),
            FirstOf(salesPerson, PersonFields.SalesforceOpportunityId, PersonFields.SalesforceAccountId));

    public static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    private static string? FirstOf(TableEntity person, string field, string fallback) =>
        person.GetString(field) is { Length: > 0 } value ? value : person.GetString(fallback) is { Length: > 0 } other ? other : null;
}

using System.Globalization;
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

    /// <summary>A Marketo ID in a route: an id of <see cref="TableKey.Rule"/>, or a 400 naming it.</summary>
    public static IResult? CheckMarketoId(string marketoId) =>
        TableKey.IsValid(marketoId) ? null : ApiResults.BadField("marketoId", $"must be {TableKey.Rule}.");

    /// <summary>The origin named in a request (default: the sales side), or a 400 naming the field.</summary>
    public static (SalesActivityOrigin Origin, IResult? Error) ParseOrigin(string? origin, string fieldPrefix = "") =>
        origin is null ? (SalesActivityOrigin.Sales, null)
        : EnumText.TryParse(origin, out SalesActivityOrigin parsed) ? (parsed, null)
        : (default, ApiResults.BadField(fieldPrefix + "origin", $"must be one of: {string.Join(", ", Enum.GetNames<SalesActivityOrigin>().Select(Camel))}."));

    /// <summary>How far ahead of this server's clock an <c>occurredAt</c> may be: callers' clocks drift a little.</summary>
    public static readonly TimeSpan MaxClockAhead = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Subject, detail and reason: at most <see cref="MaxTextLength"/> characters, and no control characters but tab,
    /// line feed and carriage return (the loggers write them to Marketo and Salesforce, which would refuse the message
    /// on every retry).
    /// </summary>
    public static IResult? CheckText(string field, string? text) =>
        text is { Length: > MaxTextLength } ? ApiResults.BadField(field, $"must be at most {MaxTextLength} characters.")
        : text is not null && text.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r'))
            ? ApiResults.BadField(field, "must not hold control characters (tab, line feed and carriage return are allowed).")
        : null;

    /// <summary>An activity's time, when given: not before 1970 and at most <see cref="MaxClockAhead"/> after <paramref name="now"/>.</summary>
    public static IResult? CheckOccurredAt(string field, DateTimeOffset? occurredAt, DateTimeOffset now) =>
        occurredAt is { } at && (at < DateTimeOffset.UnixEpoch || at > now + MaxClockAhead)
            ? ApiResults.BadField(field, string.Create(CultureInfo.InvariantCulture, $"must be from 1970-01-01T00:00:00Z to {MaxClockAhead.TotalMinutes:0} minutes after the server's time (it is {now.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}; got {at:O})."))
            : null;

    /// <summary>
    /// An activity for a person of the sales copy, with the Salesforce ids the subscribers need; its time in UTC, as the
    /// store gives it back, so the answer that records it and every read show it alike.
    /// </summary>
    public static SalesActivity Build(TableEntity salesPerson, string id, SalesActivityType type, DateTimeOffset occurredAt, string? subject, string? detail, SalesActivityOrigin origin) =>
        new(id, salesPerson.RowKey, type, occurredAt.ToUniversalTime(), subject, detail, origin,
            FirstOf(salesPerson, PersonFields.SalesforceContactId, PersonFields.SalesforceLeadId),
            FirstOf(salesPerson, PersonFields.SalesforceOpportunityId, PersonFields.SalesforceAccountId));

    public static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    private static string? FirstOf(TableEntity person, string field, string fallback) =>
        person.GetString(field) is { Length: > 0 } value ? value : person.GetString(fallback) is { Length: > 0 } other ? other : null;
}

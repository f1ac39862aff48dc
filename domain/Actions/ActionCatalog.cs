using JourneyFunctions.Domain.Contracts;
using static JourneyFunctions.Domain.Actions.SettingRules;

namespace JourneyFunctions.Domain.Actions;

/// <summary>
/// Every take-action type the engine knows: the 10 account and 11 people actions of the product, plus the three it
/// has added since (deactivate from destination, update account profile, update person profile), each with the
/// rules of its settings and what those settings refer to.
/// </summary>
public static class ActionCatalog
{
    /// <summary>Interesting moment types, for accounts and people alike.</summary>
    public static IReadOnlyList<string> MomentTypes { get; } = ["email", "milestone", "web"];

    /// <summary>Deprecated actions that are refused with an explanation.</summary>
    public static IReadOnlyDictionary<string, string> Deprecated { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["changePersonPartition"] = "'change person partition in Marketo' is deprecated and can no longer be used; remove this node.",
    };

    public static IReadOnlyList<ActionDefinition> All { get; } =
    [
        // Account actions: they apply to the account on the path.
        new("changeAccountDataValue", ActionScope.Account, ActivityNames.ActionChangeAccountDataValue,
            s => Attribute(s, "attribute").Concat(Present(s, "value"))),
        new("accountInterestingMoment", ActionScope.Account, ActivityNames.ActionAccountInterestingMoment, Moment),
        new("activateToDestination", ActionScope.Account, ActivityNames.ActionActivateToDestination, DestinationRules, DestinationReference),
        new("deactivateFromDestination", ActionScope.Account, ActivityNames.ActionDeactivateFromDestination, DestinationRules, DestinationReference),
        new("addAccountToJourney", ActionScope.Account, ActivityNames.ActionAddAccountToJourney,
            s => Required(s, "journeyId", 128), s => [new("journeyId", ReferenceKind.LiveJourney, s.RequiredString("journeyId"))]),
        new("removeAccountFromJourney", ActionScope.Account, ActivityNames.ActionRemoveAccountFromJourney,
            s => Required(s, "journeyId", 128), s => [new("journeyId", ReferenceKind.LiveJourney, s.RequiredString("journeyId"))]),
        new("addToAccountList", ActionScope.Account, ActivityNames.ActionAddToAccountList,
            s => Required(s, "listId", 128), s => [new("listId", ReferenceKind.LiveStaticAccountList, s.RequiredString("listId"))]),
        new("removeFromAccountList", ActionScope.Account, ActivityNames.ActionRemoveFromAccountList,
            s => Required(s, "listId", 128), s => [new("listId", ReferenceKind.LiveStaticAccountList, s.RequiredString("listId"))]),
        new("sendSalesAlert", ActionScope.Account, ActivityNames.ActionSendSalesAlert,
            s => RequiredName(s, "solutionInterest").Concat(RequiredName(s, "workspace")).Concat(RequiredName(s, "emailName")),
            s => [new("emailName", ReferenceKind.WorkspaceEmail, s.RequiredString("workspace"), s.RequiredString("emailName"))]),
        new("updateBuyingGroupStage", ActionScope.Account, ActivityNames.ActionUpdateBuyingGroupStage,
            s => RequiredName(s, "solutionInterest").Concat(Required(s, "stage", 100))),
        new("updateBuyingGroupStatus", ActionScope.Account, ActivityNames.ActionUpdateBuyingGroupStatus,
            s => RequiredName(s, "solutionInterest").Concat(Required(s, "status", 50))),
        new("updateAccountProfile", ActionScope.Account, ActivityNames.ActionUpdateAccountProfile, s => AttributeMap(s, "attributes")),

        // People actions: they apply to each person on the path.
        new("addToExternalAudience", ActionScope.People, ActivityNames.ActionAddToExternalAudience, ExternalAudienceRules,
            s => s.Text("audienceName") is { } existing ? [new("audienceName", ReferenceKind.ExternalAudience, existing)] : []),
        new("assignToBuyingGroup", ActionScope.People, ActivityNames.ActionAssignToBuyingGroup,
            s => RequiredName(s, "solutionInterest").Concat(Required(s, "role", 100))),
        new("changeDataValue", ActionScope.People, ActivityNames.ActionChangePersonDataValue,
            s => Attribute(s, "attribute").Concat(Present(s, "value"))),
        new("changeScore", ActionScope.People, ActivityNames.ActionChangeScore, ScoreRules),
        new("interestingMoment", ActionScope.People, ActivityNames.ActionPersonInterestingMoment, Moment),
        new("removeFromBuyingGroup", ActionScope.People, ActivityNames.ActionRemoveFromBuyingGroup, s => RequiredName(s, "solutionInterest")),
        new("sendEmail", ActionScope.People, ActivityNames.ActionSendEmail, EmailRules,
            s => s.Text("emailName") is { } name ? [new("emailName", ReferenceKind.WorkspaceEmail, s.RequiredString("workspace"), name)] : []),
        new("sendSms", ActionScope.People, ActivityNames.ActionSendSms, s => Required(s, "message", 1600)),
        new("addToRequestCampaign", ActionScope.People, ActivityNames.ActionAddToRequestCampaign,
            s => RequiredName(s, "connection").Concat(RequiredName(s, "workspace")).Concat(RequiredName(s, "campaign")),
            s => [
                new("connection", ReferenceKind.MarketoConnection, s.RequiredString("connection")),
                new("campaign", ReferenceKind.RequestCampaign, s.RequiredString("workspace"), s.RequiredString("campaign")),
            ]),
        new("addToMarketoList", ActionScope.People, ActivityNames.ActionAddToMarketoList, MarketoListRules, MarketoListReferences),
        new("removeFromMarketoList", ActionScope.People, ActivityNames.ActionRemoveFromMarketoList, MarketoListRules, MarketoListReferences),
        new("updatePersonProfile", ActionScope.People, ActivityNames.ActionUpdatePersonProfile, s => AttributeMap(s, "attributes")),
    ];

    public static ActionDefinition? Find(string? type) => All.FirstOrDefault(a => a.Type == type);

    private static IEnumerable<(string, string)> Moment(ActionSettings s) =>
        OneOf(s, "type", [.. MomentTypes]).Concat(Optional(s, "description", 500));

    private static IEnumerable<(string, string)> DestinationRules(ActionSettings s) =>
        RequiredName(s, "destination").Concat(RequiredName(s, "audienceName"));

    private static IEnumerable<ActionReference> DestinationReference(ActionSettings s) =>
        [new("destination", ReferenceKind.Destination, s.RequiredString("destination"))];

    private static IEnumerable<(string, string)> MarketoListRules(ActionSettings s) =>
        RequiredName(s, "connection").Concat(RequiredName(s, "list"));

    private static IEnumerable<ActionReference> MarketoListReferences(ActionSettings s) =>
    [
        new("connection", ReferenceKind.MarketoConnection, s.RequiredString("connection")),
        new("list", ReferenceKind.MarketoList, s.RequiredString("connection"), s.RequiredString("list")),
    ];

    /// <summary>An existing audience by name, or a new one (name required, description optional).</summary>
    private static IEnumerable<(string, string)> ExternalAudienceRules(ActionSettings s)
    {
        IEnumerable<(string, string)> problems = ExactlyOne(s, "audienceName", "newAudienceName");
        return s.Has("audienceName")
            ? problems.Concat(RequiredName(s, "audienceName"))
            : problems.Concat(s.Has("newAudienceName") ? RequiredName(s, "newAudienceName").Concat(Optional(s, "newAudienceDescription", 500)) : []);
    }

    /// <summary>A new email (subject and body, with personalization tokens) or one chosen from a Marketo workspace.</summary>
    private static IEnumerable<(string, string)> EmailRules(ActionSettings s)
    {
        IEnumerable<(string, string)> problems = ExactlyOne(s, "subject", "emailName");
        return s.Has("emailName")
            ? problems.Concat(RequiredName(s, "workspace")).Concat(RequiredName(s, "emailName"))
            : problems.Concat(s.Has("subject") ? Required(s, "subject", 200).Concat(Required(s, "body", 100_000)) : []);
    }

    private static IEnumerable<(string, string)> ScoreRules(ActionSettings settings)
    {
        foreach ((string, string) problem in Attribute(settings, "scoreName"))
        {
            yield return problem;
        }

        double? change = settings.Number("change");
        if (change is null)
        {
            yield return ("change", "is required: a signed number such as 10 or -5");
        }
        else if (change == 0)
        {
            yield return ("change", "must not be 0");
        }
    }
}

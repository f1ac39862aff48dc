using JourneyFunctions.Domain.Contracts;

namespace JourneyFunctions.Activities.Actions;

/// <summary>
/// The activity class of every take-action node, by activity name, so the local host and the DI setup register them
/// all from one list (the Functions app declares one trigger each; the metadata test holds both to the catalog).
/// </summary>
public static class ActionActivities
{
    public static IReadOnlyDictionary<string, Type> ByName { get; } = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        [ActivityNames.ActionChangeAccountDataValue] = typeof(ChangeAccountDataValueActivity),
        [ActivityNames.ActionAccountInterestingMoment] = typeof(AccountInterestingMomentActivity),
        [ActivityNames.ActionActivateToDestination] = typeof(ActivateToDestinationActivity),
        [ActivityNames.ActionDeactivateFromDestination] = typeof(DeactivateFromDestinationActivity),
        [ActivityNames.ActionAddAccountToJourney] = typeof(AddAccountToJourneyActivity),
        [ActivityNames.ActionRemoveAccountFromJourney] = typeof(RemoveAccountFromJourneyActivity),
        [ActivityNames.ActionAddToAccountList] = typeof(AddToAccountListActivity),
        [ActivityNames.ActionRemoveFromAccountList] = typeof(RemoveFromAccountListActivity),
        [ActivityNames.ActionSendSalesAlert] = typeof(SendSalesAlertActivity),
        [ActivityNames.ActionUpdateBuyingGroupStage] = typeof(UpdateBuyingGroupStageActivity),
        [ActivityNames.ActionUpdateBuyingGroupStatus] = typeof(UpdateBuyingGroupStatusActivity),
        [ActivityNames.ActionUpdateAccountProfile] = typeof(UpdateAccountProfileActivity),
        [ActivityNames.ActionAddToExternalAudience] = typeof(AddToExternalAudienceActivity),
        [ActivityNames.ActionAssignToBuyingGroup] = typeof(AssignToBuyingGroupActivity),
        [ActivityNames.ActionChangePersonDataValue] = typeof(ChangePersonDataValueActivity),
        [ActivityNames.ActionChangeScore] = typeof(ChangeScoreActivity),
        [ActivityNames.ActionPersonInterestingMoment] = typeof(PersonInterestingMomentActivity),
        [ActivityNames.ActionRemoveFromBuyingGroup] = typeof(RemoveFromBuyingGroupActivity),
        [ActivityNames.ActionSendEmail] = typeof(SendEmailActivity),
        [ActivityNames.ActionSendSms] = typeof(SendSmsActivity),
        [ActivityNames.ActionAddToRequestCampaign] = typeof(AddToRequestCampaignActivity),
        [ActivityNames.ActionAddToMarketoList] = typeof(AddToMarketoListActivity),
        [ActivityNames.ActionRemoveFromMarketoList] = typeof(RemoveFromMarketoListActivity),
        [ActivityNames.ActionUpdatePersonProfile] = typeof(UpdatePersonProfileActivity),
    };
}

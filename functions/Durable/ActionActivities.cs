using JourneyFunctions.Activities;
using JourneyFunctions.Activities.Actions;
using JourneyFunctions.Domain.Contracts;
using Microsoft.Azure.Functions.Worker;

namespace JourneyFunctions.Functions.Durable;

/// <summary>Activity triggers of the take-action nodes: one per action type, each running its shared activity.</summary>
public static class ActionActivities
{
    [Function(ActivityNames.ActionChangeAccountDataValue)]
    public static Task<ActionResult> ChangeAccountDataValueAsync([ActivityTrigger] ActionRequest input, FunctionContext context) =>
        Run<ChangeAccountDataValueActivity>(input, context);

    [Function(ActivityNames.ActionAccountInterestingMoment)]
    public static Task<ActionResult> AccountInterestingMomentAsync([ActivityTrigger] ActionRequest input, FunctionContext context) =>
        Run<AccountInterestingMomentActivity>(input, context);

    [Function(ActivityNames.ActionActivateToDestination)]
    public static Task<ActionResult> ActivateToDestinationAsync([ActivityTrigger] ActionRequest input, FunctionContext context) =>
        Run<ActivateToDestinationActivity>(input, context);

    [Function(ActivityNames.ActionDeactivateFromDestination)]
    public static Task<ActionResult> DeactivateFromDestinationAsync([ActivityTrigger] ActionRequest input, FunctionContext context) =>
        Run<DeactivateFromDestinationActivity>(input, context);

    [Function(ActivityNames.ActionAddAccountToJourney)]
    public static Task<ActionResult> AddAccountToJourneyAsync([ActivityTrigger] ActionRequest input, FunctionContext context) =>
        Run<AddAccountToJourneyActivity>(input, context);

    [Function(ActivityNames.ActionRemoveAccountFromJourney)]
    public static Task<ActionResult> RemoveAccountFromJourneyAsync([ActivityTrigger] ActionRequest input, FunctionContext context) =>
        Run<RemoveAccountFromJourneyActivity>(input, context);

    [Function(ActivityNames.ActionAddToAccountList)]
    public static Task<ActionResult> AddToAccountListAsync([ActivityTrigger] ActionRequest input, FunctionContext context) =>
        Run<AddToAccountListActivity>(input, context);

    [Function(ActivityNames.ActionRemoveFromAccountList)]
    public static Task<ActionResult> RemoveFromAccountListAsync([ActivityTrigger] ActionRequest input, FunctionContext context) =>
        Run<RemoveFromAccountListActivity>(input, context);

    [Function(ActivityNames.ActionSendSalesAlert)]
    public static Task<ActionResult> SendSalesAlertAsync([ActivityTrigger] ActionRequest input, FunctionContext context) =>
        Run<SendSalesAlertActivity>(input, context);

    [Function(ActivityNames.ActionUpdateBuyingGroupStage)]
    public static Task<ActionResult> UpdateBuyingGroupStageAsync([ActivityTrigger] ActionRequest input, FunctionContext context) =>
        Run<UpdateBuyingGroupStageActivity>(input, context);

    [Function(ActivityNames.ActionUpdateBuyingGroupStatus)]
    public static Task<ActionResult> UpdateBuyingGroupStatusAsync([ActivityTrigger] ActionRequest input, FunctionContext context) =>
        Run<UpdateBuyingGroupStatusActivity>(input, context);

    [Function(ActivityNames.ActionUpdateAccountProfile)]
    public static Task<ActionResult> UpdateAccountProfileAsync([ActivityTrigger] ActionRequest input, FunctionContext context) =>
        Run<UpdateAccountProfileActivity>(input, context);

    [Function(ActivityNames.ActionAddToExternalAudience)]
    public static Task<ActionResult> AddToExternalAudienceAsync([ActivityTrigger] ActionRequest input, FunctionContext context) =>
        Run<AddToExternalAudienceActivity>(input, context);

    [Function(ActivityNames.ActionAssignToBuyingGroup)]
    public static Task<ActionResult> AssignToBuyingGroupAsync([ActivityTrigger] ActionRequest input, FunctionContext context) =>
        Run<AssignToBuyingGroupActivity>(input, context);

    [Function(ActivityNames.ActionChangePersonDataValue)]
    public static Task<ActionResult> ChangePersonDataValueAsync([ActivityTrigger] ActionRequest input, FunctionContext context) =>
        Run<ChangePersonDataValueActivity>(input, context);

    [Function(ActivityNames.ActionChangeScore)]
    public static Task<ActionResult> ChangeScoreAsync([ActivityTrigger] ActionRequest input, FunctionContext context) =>
        Run<ChangeScoreActivity>(input, context);

    [Function(ActivityNames.ActionPersonInterestingMoment)]
    public static Task<ActionResult> PersonInterestingMomentAsync([ActivityTrigger] ActionRequest input, FunctionContext context) =>
        Run<PersonInterestingMomentActivity>(input, context);

    [Function(ActivityNames.ActionRemoveFromBuyingGroup)]
    public static Task<ActionResult> RemoveFromBuyingGroupAsync([ActivityTrigger] ActionRequest input, FunctionContext context) =>
        Run<RemoveFromBuyingGroupActivity>(input, context);

    [Function(ActivityNames.ActionSendEmail)]
    public static Task<ActionResult> SendEmailAsync([ActivityTrigger] ActionRequest input, FunctionContext context) =>
        Run<SendEmailActivity>(input, context);

    [Function(ActivityNames.ActionSendSms)]
    public static Task<ActionResult> SendSmsAsync([ActivityTrigger] ActionRequest input, FunctionContext context) =>
        Run<SendSmsActivity>(input, context);

    [Function(ActivityNames.ActionAddToRequestCampaign)]
    public static Task<ActionResult> AddToRequestCampaignAsync([ActivityTrigger] ActionRequest input, FunctionContext context) =>
        Run<AddToRequestCampaignActivity>(input, context);

    [Function(ActivityNames.ActionAddToMarketoList)]
    public static Task<ActionResult> AddToMarketoListAsync([ActivityTrigger] ActionRequest input, FunctionContext context) =>
        Run<AddToMarketoListActivity>(input, context);

    [Function(ActivityNames.ActionRemoveFromMarketoList)]
    public static Task<ActionResult> RemoveFromMarketoListAsync([ActivityTrigger] ActionRequest input, FunctionContext context) =>
        Run<RemoveFromMarketoListActivity>(input, context);

    [Function(ActivityNames.ActionUpdatePersonProfile)]
    public static Task<ActionResult> UpdatePersonProfileAsync([ActivityTrigger] ActionRequest input, FunctionContext context) =>
        Run<UpdatePersonProfileActivity>(input, context);

    private static Task<ActionResult> Run<TActivity>(ActionRequest input, FunctionContext context)
        where TActivity : IActivity<ActionRequest, ActionResult> =>
        Activities.Run<TActivity, ActionRequest, ActionResult>(input, context);
}

using JourneyFunctions.Activities.Actions;
using JourneyFunctions.Domain.Contracts;
using Microsoft.Azure.Functions.Worker;

namespace JourneyFunctions.Functions.Durable;

/// <summary>Activity triggers of the take-action nodes: one per scope, dispatching to the action the request names.</summary>
public static class ActionActivities
{
    [Function(ActivityNames.ApplyAccountAction)]
    public static Task<ActionResult> ApplyAccountActionAsync([ActivityTrigger] ActionRequest input, FunctionContext context) =>
        Activities.Run<ApplyAccountActionActivity, ActionRequest, ActionResult>(input, context);

    [Function(ActivityNames.ApplyPeopleAction)]
    public static Task<ActionResult> ApplyPeopleActionAsync([ActivityTrigger] ActionRequest input, FunctionContext context) =>
        Activities.Run<ApplyPeopleActionActivity, ActionRequest, ActionResult>(input, context);
}

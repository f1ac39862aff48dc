using JourneyFunctions.Handlers.SalesActivities;
using Microsoft.Azure.Functions.Worker;

namespace JourneyFunctions.Functions.SalesActivities;

/// <summary>The Salesforce inbound poll: opt-outs and reminder tasks changed in the org since the kept checkpoints.</summary>
public sealed class SalesforceInboundTriggers(SalesforceInboundTimerHandler inbound)
{
    [Function("SalesforceInboundTimer")]
    public Task PollAsync([TimerTrigger(SalesforceInboundTimerHandler.ScheduleSetting)] TimerInfo timerInfo, FunctionContext context) =>
        inbound.HandleAsync(context.CancellationToken);
}

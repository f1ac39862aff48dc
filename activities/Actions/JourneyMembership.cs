using JourneyFunctions.Domain.Actions;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Effects;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Storage;

namespace JourneyFunctions.Activities.Actions;

/// <summary>
/// Adds the request's accounts to another journey or removes them from it, through the journey-commands queue (the
/// command handler holds the Durable client). The target must still be live: once it is closed or aborted, the
/// action refuses, and each account is skipped with the reason.
/// </summary>
internal static class JourneyMembership
{
    public static async Task<ActionResult> SendAsync(
        JourneyStore journeys, JourneyCommandSender commands, EffectStore effects, ActionRequest request, JourneyCommandKind kind, CancellationToken cancellationToken)
    {
        string journeyId = new ActionSettings(request.Settings).RequiredString("journeyId");
        JourneyInfo? target = TableKey.IsValid(journeyId) ? await journeys.GetAsync(journeyId, cancellationToken) : null;
        if (target?.Status != JourneyStatus.Live)
        {
            string status = target?.Status.ToString().ToLowerInvariant() ?? "missing";
            return await ActionEffects.SkipAllAsync(effects, request, $"refused: journey {journeyId} is {status}", cancellationToken);
        }

        await commands.SendAsync(request.AccountIds.Select(a => new JourneyCommand(kind, journeyId, a, request.RunId, request.NodeId)), cancellationToken);
        await ActionEffects.RecordAsync(effects, request, request.AccountIds, $"{kind} {journeyId}", cancellationToken);
        return new ActionResult(request.AccountIds.Count, 0, 0);
    }
}

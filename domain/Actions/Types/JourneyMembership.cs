using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Messaging;
using JourneyFunctions.Domain.Storage;

namespace JourneyFunctions.Domain.Actions.Types;

/// <summary>
/// Adds the request's accounts to another journey or removes them from it, through the journey-commands queue (the
/// command handler holds the Durable client). The target must still be live: once it is closed or aborted, the
/// action refuses, and each account is skipped with the reason; so is an add once the target's live version has passed
/// its <c>endAt</c> (no run can start there any more, so the command would do nothing).
/// </summary>
public abstract class JourneyMembership(string type, JourneyCommandKind kind, string summary) : ActionDefinition(type, ActionScope.Account, summary)
{
    public override IReadOnlyList<ActionSetting> Settings { get; } =
    [
        ActionSetting.Text("journeyId", 128, "Another account journey; it must be live."),
    ];

    public override async Task<ActionResult> ApplyAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        string journeyId = context.Settings.RequiredString("journeyId");
        JourneyInfo? target = TableKey.IsValid(journeyId) ? await context.Get<IJourneyStore>().GetAsync(journeyId, cancellationToken) : null;
        if (target?.Status != JourneyStatus.Live)
        {
            string status = target?.Status.ToString().ToLowerInvariant() ?? "missing";
            return context.SkipAll($"refused: journey {journeyId} is {status}");
        }

        if (kind == JourneyCommandKind.AddAccount
            && target.LiveVersion is { } version
            && (await context.Get<IJourneyStore>().GetVersionAsync(journeyId, version, cancellationToken))?.Start.EndAt is { } endAt
            && endAt <= context.Now)
        {
            return context.SkipAll($"refused: journey {journeyId} ended at {endAt:O}");
        }

        await context.Get<IJourneyCommandSender>().SendAsync(
            context.AccountIds.Select(a => new JourneyCommand(kind, journeyId, a, context.Request.RunId, context.Request.NodeId)), cancellationToken);
        return context.AccountsDone($"{kind} {journeyId}");
    }

    protected override IEnumerable<ActionReference> References(ActionSettings settings) =>
        [ActionReference.LiveJourney("journeyId", settings.RequiredString("journeyId"))];
}

/// <summary>Account action "add account to journey": starts each account in another live journey.</summary>
public sealed class AddAccountToJourney() : JourneyMembership("addAccountToJourney", JourneyCommandKind.AddAccount, "Starts each account in another live journey.");

/// <summary>Account action "remove account from journey": ends each account's run in another live journey (at once at a wait or listen, else after its current step).</summary>
public sealed class RemoveAccountFromJourney() : JourneyMembership("removeAccountFromJourney", JourneyCommandKind.RemoveAccount, "Takes each account out of another live journey: at once from a wait or a listen, else when its current step completes.");

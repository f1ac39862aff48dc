using JourneyFunctions.Domain.Actions;
using JourneyFunctions.Domain.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JourneyFunctions.Activities.Actions;

/// <summary>
/// The one activity of a scope's take-action nodes: finds the request's action in <see cref="ActionCatalog"/> and
/// runs its apply step with the host's services. The action type travels in the request, so logs (the
/// <c>ActionType</c> of the log scope) and metrics (the <c>action</c> tag) name it (<see cref="ActivityRunner"/>). A
/// system that refuses every call until a time (<see cref="IRefusedUntil"/>) makes it answer with that time instead of
/// failing or skipping the group.
/// </summary>
public abstract class ApplyActionActivity(ActionScope scope, IServiceProvider services) : IActivity<ActionRequest, ActionResult>
{
    /// <summary>The shortest wait for a system that refuses calls, so a refusal without a good time cannot spin.</summary>
    public static readonly TimeSpan MinimumWait = TimeSpan.FromMinutes(1);

    public async Task<ActionResult> RunAsync(ActionRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ActionDefinition action = ActionCatalog.Find(input.Action)
            ?? throw new InvalidOperationException($"Unknown action type '{input.Action}' (the journey should not have validated).");
        if (action.Scope != scope)
        {
            throw new InvalidOperationException($"Action '{input.Action}' is a {action.Scope} action; it cannot run as a {scope} action.");
        }

        var context = new ActionContext(action, input, services);
        ActionResult result;
        try
        {
            result = await action.ApplyAsync(context, cancellationToken);
        }
        catch (Exception e) when (e is IRefusedUntil refused)
        {
            // Nothing journaled: the attempt after the wait applies the whole group again, which every action can (its
            // calls are idempotent or guarded by the send ledger), and journals each target then.
            DateTime earliest = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime + MinimumWait;
            DateTime until = refused.RefusedUntilUtc > earliest ? refused.RefusedUntilUtc : earliest;
            services.GetService<ILoggerFactory>()?.CreateLogger<ApplyActionActivity>().LogWarning(
                "Node {NodeId} of run {RunId}: {Accounts} accounts wait until {Until:u} for {Action}: {Reason}", input.NodeId, input.RunId, input.AccountIds.Count, until, input.Action, e.Message);
            return new ActionResult(0, 0, 0, WaitUntilUtc: until, WaitReason: e.Message);
        }

        await context.WriteJournalAsync(cancellationToken);
        return result;
    }
}

/// <summary>Applies an account action to a group of accounts (activity <see cref="ActivityNames.ApplyAccountAction"/>).</summary>
public sealed class ApplyAccountActionActivity(IServiceProvider services) : ApplyActionActivity(ActionScope.Account, services);

/// <summary>Applies a people action to the people on the path of a group of accounts (activity <see cref="ActivityNames.ApplyPeopleAction"/>).</summary>
public sealed class ApplyPeopleActionActivity(IServiceProvider services) : ApplyActionActivity(ActionScope.People, services);

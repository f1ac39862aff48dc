using JourneyFunctions.Domain.Actions;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Marketo;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyFunctions.Activities.Actions;

/// <summary>
/// The one activity of a scope's take-action nodes: finds the request's action in <see cref="ActionCatalog"/> and
/// runs its apply step with the host's services and the node's settings, read from the run's journey version (which
/// <see cref="IJourneyStore"/> keeps in memory once read, as versions never change). The action type travels in the request, so logs (the
/// <c>ActionType</c> of the log scope) and metrics (the <c>action</c> tag) name it (<see cref="ActivityRunner"/>).
/// </summary>
public abstract class ApplyActionActivity(ActionScope scope, IServiceProvider services) : IActivity<ActionRequest, ActionResult>
{
    public async Task<ActionResult> RunAsync(ActionRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ActionDefinition action = ActionCatalog.Find(input.Action)
            ?? throw new InvalidOperationException($"Unknown action type '{input.Action}' (the journey should not have validated).");
        if (action.Scope != scope)
        {
            throw new InvalidOperationException($"Action '{input.Action}' is a {action.Scope} action; it cannot run as a {scope} action.");
        }

        JourneyDefinition version = await services.GetRequiredService<IJourneyStore>().GetVersionAsync(input.JourneyId, input.Version, cancellationToken)
            ?? throw new InvalidOperationException($"Journey {input.JourneyId} has no published version {input.Version}.");
        var context = new ActionContext(action, input, new ActionSettings(version.Node(input.NodeId).Settings), services);
        ActionResult result;
        try
        {
            result = await action.ApplyAsync(context, cancellationToken);
        }
        catch (MarketoRefusedException e) when (scope == ActionScope.People && !context.HasJournaled)
        {
            // Marketo will not serve the call: its people are skipped with the reason and the run goes on.
            result = await context.SkipRefusedByMarketoAsync(await context.PeopleIdsOnPathAsync(cancellationToken), e, doneLocally: null, cancellationToken);
        }

        await context.WriteJournalAsync(cancellationToken);
        return result;
    }
}

/// <summary>Applies an account action to a group of accounts (activity <see cref="ActivityNames.ApplyAccountAction"/>).</summary>
public sealed class ApplyAccountActionActivity(IServiceProvider services) : ApplyActionActivity(ActionScope.Account, services);

/// <summary>Applies a people action to the people on the path of a group of accounts (activity <see cref="ActivityNames.ApplyPeopleAction"/>).</summary>
public sealed class ApplyPeopleActionActivity(IServiceProvider services) : ApplyActionActivity(ActionScope.People, services);

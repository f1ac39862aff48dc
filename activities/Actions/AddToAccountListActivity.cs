using JourneyFunctions.Domain.AccountLists;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Effects;

namespace JourneyFunctions.Activities.Actions;

/// <summary>Account action "add to account list": adds each account to a live static account list.</summary>
public sealed class AddToAccountListActivity(AccountListStore lists, EffectStore effects, TimeProvider clock) : IActivity<ActionRequest, ActionResult>
{
    public Task<ActionResult> RunAsync(ActionRequest input, CancellationToken cancellationToken) =>
        AccountListMembership.SetAsync(lists, effects, clock, input ?? throw new ArgumentNullException(nameof(input)), isMember: true, cancellationToken);
}

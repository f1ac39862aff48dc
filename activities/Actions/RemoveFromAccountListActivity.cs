using JourneyFunctions.Domain.AccountLists;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Effects;

namespace JourneyFunctions.Activities.Actions;

/// <summary>Account action "remove from account list": removes each account from a live static account list.</summary>
public sealed class RemoveFromAccountListActivity(AccountListStore lists, EffectStore effects, TimeProvider clock) : IActivity<ActionRequest, ActionResult>
{
    public Task<ActionResult> RunAsync(ActionRequest input, CancellationToken cancellationToken) =>
        AccountListMembership.SetAsync(lists, effects, clock, input ?? throw new ArgumentNullException(nameof(input)), isMember: false, cancellationToken);
}

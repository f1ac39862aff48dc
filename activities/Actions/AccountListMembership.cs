using JourneyFunctions.Domain.AccountLists;
using JourneyFunctions.Domain.Actions;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Effects;

namespace JourneyFunctions.Activities.Actions;

/// <summary>
/// Adds the request's accounts to a static account list or removes them. The list must still be live and static
/// when the action runs (it was when the journey was published); if not, every account is skipped, not failed.
/// </summary>
internal static class AccountListMembership
{
    public static async Task<ActionResult> SetAsync(
        AccountListStore lists, EffectStore effects, TimeProvider clock, ActionRequest request, bool isMember, CancellationToken cancellationToken)
    {
        string listId = new ActionSettings(request.Settings).RequiredString("listId");
        AccountList? list = await lists.GetAsync(listId, cancellationToken);
        if (list is not { IsStatic: true, IsLive: true })
        {
            return await ActionEffects.SkipAllAsync(effects, request, $"skipped: list {listId} is not a live static list", cancellationToken);
        }

        await lists.SetMembersAsync(listId, request.AccountIds, isMember, ActionEffects.By(request, clock), cancellationToken);
        await ActionEffects.RecordAsync(effects, request, request.AccountIds, $"{(isMember ? "added to" : "removed from")} {listId}", cancellationToken);
        return new ActionResult(request.AccountIds.Count, 0, 0);
    }
}

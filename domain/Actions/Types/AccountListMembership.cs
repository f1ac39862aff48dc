using JourneyFunctions.Domain.AccountLists;
using JourneyFunctions.Domain.Contracts;

namespace JourneyFunctions.Domain.Actions.Types;

/// <summary>
/// Adds the request's accounts to a static account list or removes them. The list must still be live and static
/// when the action runs (it was when the journey was published); if not, every account is skipped, not failed.
/// </summary>
public abstract class AccountListMembership(string type, bool isMember, string summary) : ActionDefinition(type, ActionScope.Account, summary)
{
    public override IReadOnlyList<ActionSetting> Settings { get; } =
    [
        ActionSetting.Text("listId", 128, "A static account list; it must be live."),
    ];

    public override async Task<ActionResult> ApplyAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        string listId = context.Settings.RequiredString("listId");
        IAccountListStore lists = context.Get<IAccountListStore>();
        AccountList? list = await lists.GetAsync(listId, cancellationToken);
        if (list is not { IsStatic: true, IsLive: true })
        {
            return context.SkipAll($"skipped: list {listId} is not a live static list");
        }

        await lists.SetMembersAsync(listId, context.AccountIds, isMember, context.By, cancellationToken);
        return context.AccountsDone($"{(isMember ? "added to" : "removed from")} {listId}");
    }

    protected override IEnumerable<ActionReference> References(ActionSettings settings) =>
        [ActionReference.StaticAccountList("listId", settings.RequiredString("listId"))];
}

/// <summary>Account action "add to account list".</summary>
public sealed class AddToAccountList() : AccountListMembership("addToAccountList", isMember: true, "Adds each account to a live static account list.");

/// <summary>Account action "remove from account list".</summary>
public sealed class RemoveFromAccountList() : AccountListMembership("removeFromAccountList", isMember: false, "Removes each account from a live static account list.");

using System.Collections.Concurrent;
using JourneyFunctions.Domain.BuyingGroups;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;

namespace JourneyFunctions.Domain.Actions.Types;

/// <summary>Assigns the people on the path to their account's buying group for a solution interest (with a role), or removes them.</summary>
public abstract class BuyingGroupMembership(string type, bool isMember, string summary) : ActionDefinition(type, ActionScope.People, summary)
{
    private readonly bool _isMember = isMember;

    public override IReadOnlyList<ActionSetting> Settings { get; } = isMember
        ? [SolutionInterest, ActionSetting.Text("role", 100, "The person's role in the group, e.g. Decision maker.")]
        : [SolutionInterest];

    private static ActionSetting SolutionInterest => ActionSetting.Name100("solutionInterest", "The solution interest of the account's buying group.");

    public override async Task<ActionResult> ApplyAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        string solution = context.Settings.RequiredString("solutionInterest");
        string? role = _isMember ? context.Settings.RequiredString("role") : null;
        IBuyingGroupStore groups = context.Get<IBuyingGroupStore>();
        IReadOnlyDictionary<string, object?> by = context.By;
        var changed = new ConcurrentBag<(string Account, string Person)>();
        ActionResult result = await context.ForPeopleOnPathAsync(
            _isMember ? $"{solution}: {role}" : $"{solution}: removed",
            async (accountId, ids, ct) =>
            {
                await groups.SetMembersAsync(accountId, solution, ids, role, _isMember, by, ct);
                foreach (string id in ids)
                {
                    changed.Add((accountId, id));
                }
            },
            cancellationToken);
        var attributes = new Dictionary<string, string?> { [EventTrigger.Attributes.SolutionInterest] = solution, [EventTrigger.Attributes.Role] = role };
        string type = _isMember ? EventTrigger.AssignedToBuyingGroup : EventTrigger.RemovedFromBuyingGroup;
        await context.RaiseAsync(changed.Order().Select(p => new RaisedEvent(EventTrigger.PeopleScope, type, p.Account, p.Person, attributes)), cancellationToken);
        return result;
    }
}

/// <summary>People action "assign to buying group".</summary>
public sealed class AssignToBuyingGroup() : BuyingGroupMembership("assignToBuyingGroup", isMember: true, "Assigns each person to the account's buying group, with a role.");

/// <summary>People action "remove from buying group".</summary>
public sealed class RemoveFromBuyingGroup() : BuyingGroupMembership("removeFromBuyingGroup", isMember: false, "Removes each person from the account's buying group.");

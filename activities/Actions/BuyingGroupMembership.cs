using JourneyFunctions.Domain.Actions;
using JourneyFunctions.Domain.BuyingGroups;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Effects;
using JourneyFunctions.Domain.People;

namespace JourneyFunctions.Activities.Actions;

/// <summary>Assigns the people on the path to their account's buying group for a solution interest (with a role), or removes them.</summary>
internal static class BuyingGroupMembership
{
    public static Task<ActionResult> SetAsync(
        PeopleStore people, BuyingGroupStore groups, EffectStore effects, TimeProvider clock, ActionRequest request, bool isMember, CancellationToken cancellationToken)
    {
        var settings = new ActionSettings(request.Settings);
        string solution = settings.RequiredString("solutionInterest");
        string? role = isMember ? settings.RequiredString("role") : null;
        IReadOnlyDictionary<string, object?> by = ActionEffects.By(request, clock);
        return ActionFanOut.ForPeopleOnPathAsync(
            people, effects, request, isMember ? $"{solution}: {role}" : $"{solution}: removed",
            (accountId, ids, ct) => groups.SetMembersAsync(accountId, solution, ids, role, isMember, by, ct),
            cancellationToken);
    }
}

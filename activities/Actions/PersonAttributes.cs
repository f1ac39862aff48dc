using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Effects;
using JourneyFunctions.Domain.People;

namespace JourneyFunctions.Activities.Actions;

/// <summary>Sets attributes on the people on a request's path (an overwrite, so a retry is harmless) and journals it.</summary>
internal static class PersonAttributes
{
    public static Task<ActionResult> SetAsync(
        PeopleStore people, EffectStore effects, ActionRequest request, IReadOnlyDictionary<string, string?> attributes, CancellationToken cancellationToken)
    {
        string detail = string.Join(";", attributes.Select(a => $"{a.Key}={a.Value}"));
        return ActionFanOut.ForPeopleOnPathAsync(people, request, async (accountId, members, ct) =>
        {
            List<string> ids = members.Select(p => p.RowKey).ToList();
            await people.SetFieldsAsync(accountId, ids, attributes, ct);
            await ActionEffects.RecordAsync(effects, request, ids, detail, ct);
            return new ActionResult(1, ids.Count, 0);
        }, cancellationToken);
    }
}

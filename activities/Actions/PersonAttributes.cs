using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Effects;
using JourneyFunctions.Domain.People;

namespace JourneyFunctions.Activities.Actions;

/// <summary>Sets attributes on the people on a request's path (an overwrite, so a retry is harmless) and journals it.</summary>
internal static class PersonAttributes
{
    public static Task<ActionResult> SetAsync(
        PeopleStore people, EffectStore effects, ActionRequest request, IReadOnlyDictionary<string, string?> attributes, CancellationToken cancellationToken) =>
        ActionFanOut.ForPeopleOnPathAsync(
            people, effects, request, string.Join(";", attributes.Select(a => $"{a.Key}={a.Value}")),
            (accountId, ids, ct) => people.SetFieldsAsync(accountId, ids, attributes, ct),
            cancellationToken);
}

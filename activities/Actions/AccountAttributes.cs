using JourneyFunctions.Domain.Accounts;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Effects;

namespace JourneyFunctions.Activities.Actions;

/// <summary>Sets attributes on each account of a request (an overwrite, so a retry is harmless) and journals it.</summary>
internal static class AccountAttributes
{
    public static Task<ActionResult> SetAsync(
        AccountStore accounts, EffectStore effects, ActionRequest request, IReadOnlyDictionary<string, string?> attributes, CancellationToken cancellationToken) =>
        ActionFanOut.ForEachAccountAsync(
            effects, request, string.Join(";", attributes.Select(a => $"{a.Key}={a.Value}")),
            (accountId, ct) => accounts.SetAttributesAsync(accountId, attributes, ct),
            cancellationToken);
}

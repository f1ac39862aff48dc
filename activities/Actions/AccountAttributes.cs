using JourneyFunctions.Domain.Accounts;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Effects;

namespace JourneyFunctions.Activities.Actions;

/// <summary>Sets attributes on every account of a request at once (an overwrite, so a retry is harmless) and journals it.</summary>
internal static class AccountAttributes
{
    public static async Task<ActionResult> SetAsync(
        AccountStore accounts, EffectStore effects, ActionRequest request, IReadOnlyDictionary<string, string?> attributes, CancellationToken cancellationToken)
    {
        await accounts.SetAttributesOfAsync(request.AccountIds, attributes, cancellationToken);
        await ActionEffects.RecordAsync(effects, request, request.AccountIds, string.Join(";", attributes.Select(a => $"{a.Key}={a.Value}")), cancellationToken);
        return new ActionResult(request.AccountIds.Count, 0, 0);
    }
}

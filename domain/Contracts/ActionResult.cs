namespace JourneyFunctions.Domain.Contracts;

/// <summary>
/// What an action did: targets changed, and people skipped (e.g. unsubscribed), with the reason counted. Or, with
/// <see cref="WaitUntilUtc"/>, nothing yet: a system the action calls refuses every call until then (a spent daily
/// quota, <see cref="WaitReason"/>), and the journey applies the action to the group again at that time.
/// </summary>
public sealed record ActionResult(int Accounts, int People, int Skipped, DateTime? WaitUntilUtc = null, string? WaitReason = null);

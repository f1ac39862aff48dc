namespace JourneyFunctions.Domain.Contracts;

/// <summary>What an action did: targets changed, and people skipped (e.g. unsubscribed), with the reason counted.</summary>
public sealed record ActionResult(int Accounts, int People, int Skipped);

using JourneyFunctions.Domain.Journeys;

namespace JourneyFunctions.Domain.Contracts;

/// <summary>
/// What a batch did: its accounts, those that reached an end node and those that left the journey elsewhere (a split
/// or a listen's timeout with no path for them, a removal), action totals, and the failure that stopped it, if any.
/// </summary>
public sealed record AccountBatchResult(int Accounts, int Ended, int Left, int AccountEffects, int PersonEffects, RunFailure? Failure = null);

using JourneyFunctions.Domain.Journeys;

namespace JourneyFunctions.Domain.Contracts;

/// <summary>What a batch did: accounts that finished, action totals, and the failure that stopped it, if any.</summary>
public sealed record AccountBatchResult(int Accounts, int Ended, int AccountEffects, int PersonEffects, RunFailure? Failure = null);

namespace JourneyFunctions.Domain.Contracts;

/// <summary>What a batch did: accounts that finished, and action totals.</summary>
public sealed record AccountBatchResult(int Accounts, int Ended, int AccountEffects, int PersonEffects);

namespace JourneyFunctions.Domain.Contracts;

/// <summary>A run's admitted audience: how many batches it was stored in, and how many accounts that is.</summary>
public sealed record AudienceSnapshot(int Batches, int Accounts);

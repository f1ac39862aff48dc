namespace JourneyFunctions.Domain.Contracts;

/// <summary>A journey run's custom status once its audience is snapshotted: the accounts admitted and their batches.</summary>
public sealed record RunProgress(int Accounts, int Batches);

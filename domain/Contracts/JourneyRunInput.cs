namespace JourneyFunctions.Domain.Contracts;

/// <summary>
/// Starts a run: the journey and the published version it is pinned to. <paramref name="Accounts"/>, when given,
/// replaces the start node's audience (an account added by another journey's action).
/// </summary>
public sealed record JourneyRunInput(string RunId, string JourneyId, int Version, int BatchSize, IReadOnlyList<string>? Accounts = null);

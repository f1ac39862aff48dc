namespace JourneyFunctions.Domain.Contracts;

/// <summary>
/// Starts a run: the journey and the published version it is pinned to. <paramref name="Accounts"/>, when given,
/// replaces the start node's audience (an account added by another journey's action). <paramref name="StopsBatches"/>:
/// a batch's failure stops the others (set by every start since 2026-12-08; a run started before, without it, replays
/// its history as written, sending no stop).
/// </summary>
public sealed record JourneyRunInput(string RunId, string JourneyId, int Version, int BatchSize, IReadOnlyList<string>? Accounts = null, bool StopsBatches = false);

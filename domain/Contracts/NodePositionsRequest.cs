namespace JourneyFunctions.Domain.Contracts;

/// <summary>
/// Accounts of a batch that arrived at (<paramref name="Arrived"/>) or left a node where accounts stay (wait, listen);
/// at a listen node <paramref name="ListensFor"/> is its event key (<c>scope:type</c>) for the routing index, and
/// <paramref name="JourneyId"/> the run's journey, whose abort takes back routing rows written as it stopped the run
/// (null in requests scheduled before it was added), and <paramref name="At"/> the orchestration's time of the arrival: a
/// listen hears events raised from then on (null in requests scheduled before it was added: every event).
/// </summary>
public sealed record NodePositionsRequest(
    string RunId, string NodeId, int Batch, IReadOnlyList<string> AccountIds, bool Arrived, string? ListensFor = null, string? JourneyId = null, DateTimeOffset? At = null);

namespace JourneyFunctions.Domain.Contracts;

/// <summary>
/// Accounts of a batch that arrived at (<paramref name="Arrived"/>) or left a node where accounts stay (wait, listen);
/// at a listen node <paramref name="ListensFor"/> is its event key (<c>scope:type</c>) for the routing index.
/// </summary>
public sealed record NodePositionsRequest(string RunId, string NodeId, int Batch, IReadOnlyList<string> AccountIds, bool Arrived, string? ListensFor = null);

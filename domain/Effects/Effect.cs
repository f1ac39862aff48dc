namespace JourneyFunctions.Domain.Effects;

/// <summary>A journey action's stored effect on one target, keyed by (run, node, target).</summary>
public sealed record Effect(string RunId, string NodeId, string TargetId, string Action, string Detail);

using JourneyFunctions.Domain.Journeys;

namespace JourneyFunctions.Domain.Contracts;

/// <summary>Routes accounts to the first split path whose conditions they meet.</summary>
public sealed record AccountSplitRequest(IReadOnlyList<SplitPath> Paths, IReadOnlyList<string> AccountIds);

using JourneyFunctions.Domain.Journeys;

namespace JourneyFunctions.Domain.Contracts;

/// <summary>Routes each person of the accounts to the first split path they match; unmatched people are not listed.</summary>
public sealed record PeopleSplitRequest(IReadOnlyList<SplitPath> Paths, IReadOnlyList<string> AccountIds);

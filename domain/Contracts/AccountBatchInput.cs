using JourneyFunctions.Domain.Journeys;

namespace JourneyFunctions.Domain.Contracts;

/// <summary>One batch of accounts walking the pinned journey version.</summary>
public sealed record AccountBatchInput(string RunId, string JourneyId, int Version, int Batch, JourneyDefinition Journey);

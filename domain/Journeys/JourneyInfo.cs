namespace JourneyFunctions.Domain.Journeys;

/// <summary>What the API shows of a journey: its status, live version and current draft.</summary>
public sealed record JourneyInfo(string Id, string Name, JourneyStatus Status, int? LiveVersion, int LatestVersion, JourneyDefinition? Draft);

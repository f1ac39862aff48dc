namespace JourneyFunctions.Domain.Contracts;

/// <summary>Accounts a run is done with: they are no longer in the journey and may re-enter by its rule.</summary>
public sealed record ReleaseAccountsRequest(string JourneyId, string RunId, IReadOnlyList<string> AccountIds);

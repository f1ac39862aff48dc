namespace JourneyFunctions.Domain.Journeys;

/// <summary>Who enters a journey: an explicit set of accounts and/or a static account list.</summary>
public sealed record Audience
{
    public IReadOnlyList<string>? Accounts { get; init; }

    public string? AccountList { get; init; }
}

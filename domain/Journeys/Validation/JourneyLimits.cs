namespace JourneyFunctions.Domain.Journeys.Validation;

/// <summary>
/// The documented bounds of a journey definition (README, "Limits"): what the engine, Durable timers and table
/// storage accept, so that nothing saved and published fails later for its size or range.
/// </summary>
public sealed record JourneyLimits
{
    public static JourneyLimits Default { get; } = new();

    public int MaxNodes { get; init; } = 500;

    public int MaxEdges { get; init; } = 1_000;

    public int MaxSplitPaths { get; init; } = 25;

    public int MaxConditionsPerPath { get; init; } = 20;

    public int MaxNameLength { get; init; } = 200;

    /// <summary>Accounts named in the start node; larger static audiences go in a static account list (<c>audience.accountList</c>).</summary>
    public int MaxAudienceAccounts { get; init; } = 10_000;

    /// <summary>Attribute names, operators, event types, time zones, action type names and the like.</summary>
    public int MaxShortTextLength { get; init; } = 128;

    /// <summary>A condition's value.</summary>
    public int MaxConditionValueLength { get; init; } = 1_000;

    /// <summary>Any text inside an action's settings: below a table property's 64 KiB (32,767 UTF-16 characters).</summary>
    public int MaxSettingTextLength { get; init; } = 30_000;

    public int MaxSettingsPerAction { get; init; } = 50;

    /// <summary>The whole definition as stored (JSON characters); a table entity holds at most 1 MiB.</summary>
    public int MaxDefinitionChars { get; init; } = 400_000;

    /// <summary>Waits, listen timeouts and re-entry wait periods.</summary>
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromDays(3_650);

    /// <summary>How far dates (startAt, endAt, until, timeoutAt) may lie from now, either way.</summary>
    public TimeSpan MaxDateDistance { get; init; } = TimeSpan.FromDays(3_650);

    public int MaxReentries { get; init; } = 1_000;
}

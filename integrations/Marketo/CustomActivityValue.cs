namespace JourneyFunctions.Marketo;

/// <summary>A secondary attribute of a <see cref="CustomActivity"/>.</summary>
public sealed record CustomActivityValue(string Name, string? Value);

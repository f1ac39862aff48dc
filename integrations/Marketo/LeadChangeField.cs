namespace JourneyFunctions.Marketo;

/// <summary>A changed field of a <see cref="LeadChange"/>, by its REST API name.</summary>
public sealed record LeadChangeField(string Name, string? NewValue, string? OldValue);

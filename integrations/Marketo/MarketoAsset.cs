namespace JourneyFunctions.Marketo;

/// <summary>A static list or smart campaign as Get Lists / Get Campaigns return it (the fields journeys use).</summary>
public sealed record MarketoAsset(long Id, string Name, string? WorkspaceName);

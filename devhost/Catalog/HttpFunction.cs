namespace JourneyFunctions.DevHost.Catalog;

/// <summary>An HTTP function: name, method (or several, comma-separated), route under /api, and the minimal-API delegate that calls its handler.</summary>
public sealed record HttpFunction(string Name, string Method, string Route, Delegate Handler);

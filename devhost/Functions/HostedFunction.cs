namespace JourneyFunctions.DevHost.Functions;

/// <summary>
/// A function the local host serves, described as the Functions host would list it: its name, trigger type
/// and binding (route, schedule or queue). Compared with the Functions app's functions.metadata by the tests.
/// </summary>
public sealed record HostedFunction(string Name, string Trigger, string? Binding = null);

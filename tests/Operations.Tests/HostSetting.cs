namespace JourneyFunctions.Operations.Tests;

/// <summary>A setting the Functions host or an extension reads, and the places that must (and must not) define it.</summary>
internal sealed record HostSetting(string Name, bool InLocalSample, bool InBicep);

namespace JourneyFunctions.Operations.Tests;

/// <summary>What one run of the Bicep compiler printed: the template on stdout, warnings and errors on stderr.</summary>
internal sealed record BicepRun(int ExitCode, string Output, string Diagnostics);

namespace JourneyFunctions.Domain.Contracts;

/// <summary>Names of orchestrator functions, shared by callers and both hosts.</summary>
public static class OrchestratorNames
{
    public const string JourneyRun = "JourneyRun";
    public const string JourneyAccountBatch = "JourneyAccountBatch";
    public const string InitialSync = "InitialSync";
}

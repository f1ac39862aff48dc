namespace JourneyFunctions.Handlers.Runs;

/// <summary>The outcome of starting a run: the run and its pinned version, or why it could not start (an HTTP status and reason).</summary>
public sealed record RunStart(string RunId, int Version, int? RefusedStatus = null, string? RefusedReason = null)
{
    public static RunStart Refused(int status, string reason) => new("", 0, status, reason);
}

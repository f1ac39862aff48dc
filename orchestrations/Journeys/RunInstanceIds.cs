using System.Globalization;

namespace JourneyFunctions.Orchestrations.Journeys;

/// <summary>Instance ids of a run and its batches, derived from the run id so status queries can find them by prefix.</summary>
public static class RunInstanceIds
{
    public static string Batch(string runId, int batch) => string.Create(CultureInfo.InvariantCulture, $"{runId}:b{batch:D5}");

    /// <summary>The prefix shared by all batch instances of a run.</summary>
    public static string BatchPrefix(string runId) => runId + ":b";
}

using Azure;
using Azure.Data.Tables;

namespace JourneyFunctions.Storage.Journeys;

/// <summary>
/// A journey's record of one of its runs (table <c>JourneyRuns</c>): written as the run starts, ended by the run's last
/// step. <paramref name="Row"/> is the row as read, so a record is forgotten only if nobody wrote it again since.
/// </summary>
public sealed record RunRecord(string RunId, int Version, DateTimeOffset StartedAt, bool Ended, ETag Row)
{
    internal static RunRecord From(TableEntity run) =>
        new(run.RowKey, run.GetInt32("Version") ?? 0, run.GetDateTimeOffset("StartedAt") ?? default, run.GetDateTimeOffset("EndedAt") is not null, run.ETag);
}

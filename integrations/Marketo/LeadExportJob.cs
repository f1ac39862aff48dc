namespace JourneyFunctions.Marketo;

/// <summary>
/// A Bulk Lead Extract job as Marketo describes it (create, enqueue and status answer this shape). <see cref="Status"/>
/// is one of <see cref="LeadExportStatus"/>; <see cref="FileSize"/> (bytes, counted against the daily export quota) and
/// <see cref="NumberOfRecords"/> are set once it is <c>Completed</c>.
/// </summary>
public sealed record LeadExportJob
{
    public required string ExportId { get; init; }

    public required string Status { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public DateTimeOffset? QueuedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public long? NumberOfRecords { get; init; }

    public long? FileSize { get; init; }

    /// <summary>Why a <c>Failed</c> job failed, when Marketo says.</summary>
    public string? ErrorMsg { get; init; }
}

/// <summary>The states of a bulk export job.</summary>
public static class LeadExportStatus
{
    public const string Created = "Created";
    public const string Queued = "Queued";
    public const string Processing = "Processing";
    public const string Completed = "Completed";
    public const string Failed = "Failed";
    public const string Cancelled = "Cancelled";
}

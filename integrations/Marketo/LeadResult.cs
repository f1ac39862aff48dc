namespace JourneyFunctions.Marketo;

/// <summary>
/// Marketo's per-lead answer to a list or lead call, in request order: <c>added</c>, <c>removed</c>, <c>updated</c>
/// or <c>skipped</c> with the reasons (one lead's failure does not fail the call).
/// </summary>
public sealed record LeadResult(long? Id, string Status, IReadOnlyList<MarketoError>? Reasons)
{
    public bool Skipped => Status == "skipped";

    /// <summary>The reasons, as one line: <c>1004 Lead not found; ...</c>.</summary>
    public string Why => string.Join("; ", (Reasons ?? []).Select(r => $"{r.Code} {r.Message}"));
}

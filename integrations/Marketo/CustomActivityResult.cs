namespace JourneyFunctions.Marketo;

/// <summary>
/// Marketo's per-record answer to Add Custom Activities, in request order: <c>added</c> with the new activity id, or
/// <c>skipped</c> with the reasons (a record failure does not fail the call).
/// </summary>
public sealed record CustomActivityResult(long? Id, string Status, IReadOnlyList<MarketoError>? Reasons)
{
    public bool Added => Status == "added";
}

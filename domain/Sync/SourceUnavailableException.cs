namespace JourneyFunctions.Domain.Sync;

/// <summary>
/// An outside system the sync reads (Marketo) failed a call: an error it does not retry, or no usable answer. A request
/// that needs the system answers 503 with the reason; a sync run fails the step and resumes later.
/// </summary>
public class SourceUnavailableException : Exception
{
    public SourceUnavailableException()
    {
    }

    public SourceUnavailableException(string message)
        : base(message)
    {
    }

    public SourceUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

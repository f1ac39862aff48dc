using JourneyFunctions.Domain.Sync;

namespace JourneyFunctions.Marketo;

/// <summary>A Marketo call that failed with an error code the client does not (or no longer) retry.</summary>
public class MarketoApiException : SourceUnavailableException
{
    public MarketoApiException()
    {
    }

    public MarketoApiException(string message)
        : base(message)
    {
    }

    public MarketoApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MarketoApiException(int code, string message)
        : base($"Marketo error {code}: {message}") => Code = code;

    public int Code { get; private init; }

    /// <summary>A failure that says what happened in its own words (the identity call's), counted as <paramref name="code"/>.</summary>
    public static MarketoApiException As(int code, string message) => new(message) { Code = code };
}

namespace JourneyFunctions.Salesforce;

/// <summary>Salesforce refused a whole call (authentication, a malformed request, a limit), as opposed to one record.</summary>
public sealed class SalesforceException : Exception
{
    public SalesforceException()
    {
    }

    public SalesforceException(string message)
        : base(message)
    {
    }

    public SalesforceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

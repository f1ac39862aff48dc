namespace JourneyFunctions.Domain.Marketo;

/// <summary>Marketo answered, with more than one asset of the name an action gives: the name must be unique to act on.</summary>
public sealed class AmbiguousMarketoNameException : MarketoRefusedException
{
    public AmbiguousMarketoNameException()
    {
    }

    public AmbiguousMarketoNameException(string message)
        : base(message)
    {
    }

    public AmbiguousMarketoNameException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

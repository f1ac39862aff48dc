namespace JourneyFunctions.Domain.Marketo;

/// <summary>
/// Marketo cannot serve an action's call, and trying again will not change that before the run moves on: a lookup
/// refused for good (a spent daily quota, whose reset the message names) or a name that is not unique. The people of
/// the call are skipped with the message, and the run goes on.
/// </summary>
public class MarketoRefusedException : Exception
{
    public MarketoRefusedException()
    {
    }

    public MarketoRefusedException(string message)
        : base(message)
    {
    }

    public MarketoRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

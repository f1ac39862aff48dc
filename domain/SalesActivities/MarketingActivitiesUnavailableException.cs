namespace JourneyFunctions.Domain.SalesActivities;

/// <summary>
/// The marketing activity source cannot be read now (its daily quota is spent, it is down or answered nonsense); the
/// caller may try again later. <see cref="Reason"/> names why in a word an API can hand on.
/// </summary>
public sealed class MarketingActivitiesUnavailableException : Exception
{
    public MarketingActivitiesUnavailableException()
    {
    }

    public MarketingActivitiesUnavailableException(string message)
        : base(message)
    {
    }

    public MarketingActivitiesUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MarketingActivitiesUnavailableException(string reason, string message, Exception innerException)
        : base(message, innerException) => Reason = reason;

    public string Reason { get; } = "unavailable";
}

namespace JourneyFunctions.Marketo;

/// <summary>Error 607 (or our own count of today's calls): no more calls until the quota resets at <see cref="ResetsAtUtc"/>.</summary>
public sealed class MarketoDailyQuotaException : MarketoApiException
{
    public MarketoDailyQuotaException()
    {
    }

    public MarketoDailyQuotaException(string message)
        : base(message)
    {
    }

    public MarketoDailyQuotaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MarketoDailyQuotaException(DateTime resetsAtUtc, string message)
        : base(MarketoErrorCodes.DailyQuotaReached, message) => ResetsAtUtc = resetsAtUtc;

    public DateTime ResetsAtUtc { get; }
}

namespace JourneyFunctions.Marketo;

/// <summary>
/// The Marketo error codes the client reacts to. Errors arrive as HTTP 200 with <c>success:false</c> and a code.
/// </summary>
public static class MarketoErrorCodes
{
    public const int AccessTokenInvalid = 601;
    public const int AccessTokenExpired = 602;
    public const int RequestTimedOut = 604;
    public const int RateLimitExceeded = 606;
    public const int DailyQuotaReached = 607;
    public const int ApiTemporarilyUnavailable = 608;
    public const int SystemError = 611;
    public const int ConcurrentAccessLimitReached = 615;
    public const int TransientError = 713;

    /// <summary>An asset lookup found nothing ("No data found for given search scenario").</summary>
    public const int NoDataFound = 702;
    public const int InvalidValue = 1003;

    /// <summary>A bulk export limit: the queue holds 10 jobs already ("Too many jobs in queue"), or the daily export bytes are spent ("Export daily quota exceeded").</summary>
    public const int ExportLimit = 1029;

    /// <summary>The token is no longer good: fetch a new one and repeat the call.</summary>
    public static bool RenewsToken(int code) => code is AccessTokenInvalid or AccessTokenExpired;

    /// <summary>Over the shared rate or concurrency limit: every caller waits, then repeats.</summary>
    public static bool ThrottlesEveryone(int code) => code is RateLimitExceeded or ConcurrentAccessLimitReached;

    /// <summary>Marketo says to try again later.</summary>
    public static bool IsTransient(int code) => code is RequestTimedOut or ApiTemporarilyUnavailable or SystemError or TransientError;

    /// <summary>
    /// A refusal no repeat can change (an unknown campaign or list, a bad field): not a token, throttling, transient
    /// or gateway error (502/503/504 arrive as their HTTP status), and not 0 (no code at all).
    /// </summary>
    public static bool IsPermanent(int code) => code > 0 && !RenewsToken(code) && !ThrottlesEveryone(code) && !IsTransient(code) && code is not (502 or 503 or 504);
}

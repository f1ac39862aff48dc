namespace JourneyFunctions.Handlers;

/// <summary>
/// The few app settings handlers read, handed to them by the host (which reads every setting, see the hosting
/// project's <c>AppSettings</c>), so handlers depend on neither configuration nor the integrations.
/// </summary>
public sealed record HandlerSettings
{
    /// <summary>The base of the URLs the API hands out (<c>statusUrl</c>, <c>nextUrl</c>); never a request's Host header.</summary>
    public Uri PublicBaseUrl { get; init; } = new("http://localhost:7071");

    /// <summary>Accounts per batch orchestration of a journey run.</summary>
    public int JourneyBatchSize { get; init; } = 500;

    /// <summary>People per initial-sync step.</summary>
    public int SyncPageSize { get; init; } = 10_000;

    /// <summary>Whether a seller may send a sales email only to a person marketing has as subscribed.</summary>
    public bool CheckMarketingUnsubscribe { get; init; }

    /// <summary>With the check on, whether a sales email may go to a person whose marketing status cannot be known.</summary>
    public bool AllowUnknownUnsubscribe { get; init; }
}

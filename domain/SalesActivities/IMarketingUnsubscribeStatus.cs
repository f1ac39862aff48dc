namespace JourneyFunctions.Domain.SalesActivities;

/// <summary>The marketing side's unsubscribe status of a person, read before a seller may send a sales email.</summary>
public interface IMarketingUnsubscribeStatus
{
    /// <summary>Whether marketing has the person as unsubscribed, or why that cannot be known.</summary>
    Task<MarketingSubscription> GetAsync(string marketoId, CancellationToken cancellationToken);
}

/// <summary>A person's marketing status: <see cref="Unsubscribed"/> when known, else <see cref="UnknownBecause"/> says why not.</summary>
public sealed record MarketingSubscription(bool? Unsubscribed, string? UnknownBecause = null)
{
    public static MarketingSubscription Known(bool unsubscribed) => new(unsubscribed);

    public static MarketingSubscription Unknown(string because) => new(null, because);
}

namespace JourneyFunctions.Domain.SalesActivities;

/// <summary>The marketing side's unsubscribe status of a person, read before a seller may send a sales email.</summary>
public interface IMarketingUnsubscribeStatus
{
    /// <summary>True when marketing has the person as unsubscribed; false when subscribed or unknown to marketing.</summary>
    Task<bool> IsUnsubscribedAsync(string marketoId, CancellationToken cancellationToken);
}

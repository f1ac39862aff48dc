namespace JourneyFunctions.Domain.SalesActivities;

/// <summary>
/// Where native marketing activities are written: the local table by default (<c>TableMarketingActivityLog</c>),
/// or a Marketo instance. Implementations are write-once by <see cref="MarketingActivity.ActivityId"/>: logging an
/// activity again (a redelivered message) must not create a second one.
/// </summary>
public interface IMarketingActivityLog
{
    Task LogAsync(IReadOnlyList<MarketingActivity> activities, CancellationToken cancellationToken);
}

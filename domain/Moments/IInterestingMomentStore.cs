namespace JourneyFunctions.Domain.Moments;

/// <summary>Interesting moments recorded by actions (implemented in the storage project).</summary>
public interface IInterestingMomentStore
{
    /// <summary>
    /// Records a moment of <paramref name="type"/> on each target (an account's own moments use
    /// <see cref="InterestingMoments.AccountTarget"/>), once per run and node: a retry rewrites the same rows.
    /// </summary>
    Task<int> RecordAsync(IEnumerable<(string AccountId, string TargetId)> targets, string runId, string nodeId, string type, string? description, DateTimeOffset at, CancellationToken cancellationToken = default);
}

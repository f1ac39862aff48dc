namespace JourneyFunctions.Domain.Contracts;

/// <summary>Names of the Durable events a journey run's batch orchestrations take, besides listen-for-event nodes.</summary>
public static class RunEvents
{
    /// <summary>Carries an account id: the account leaves the run, at once when held at a wait or listen, else when its current step completes.</summary>
    public const string RemoveAccount = "RemoveAccount";

    /// <summary>
    /// Carries the number of the run's batch that failed: the batch stops as if its own step had failed for good, so the
    /// run fails at once rather than when its other batches' holds end.
    /// </summary>
    public const string StopBatch = "StopBatch";
}

namespace JourneyFunctions.Domain.Contracts;

/// <summary>Names of the Durable events a journey run's batch orchestrations take, besides listen-for-event nodes.</summary>
public static class RunEvents
{
    /// <summary>Carries an account id: the account leaves the run, at once when held at a wait or listen, else when its current step completes.</summary>
    public const string RemoveAccount = "RemoveAccount";
}

namespace JourneyFunctions.Domain.Contracts;

/// <summary>What a <see cref="JourneyCommand"/> asks for.</summary>
public enum JourneyCommandKind
{
    /// <summary>Start the account in the journey (a run of its live version for that one account).</summary>
    AddAccount,

    /// <summary>End the account's run in the journey (at once at a wait or listen, else when its current step completes).</summary>
    RemoveAccount,
}

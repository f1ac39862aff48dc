namespace JourneyFunctions.Domain.Moments;

/// <summary>The kinds of interesting moment and how an account's own moment is targeted.</summary>
public static class InterestingMoments
{
    /// <summary>The target id of a moment recorded on the account itself rather than on one of its people.</summary>
    public const string AccountTarget = "account";

    public static IReadOnlyList<string> Types { get; } = ["email", "milestone", "web"];
}

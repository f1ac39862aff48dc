namespace JourneyFunctions.Domain.Outbox;

/// <summary>
/// One message to deliver: the person or account it is about, its address, its rendered content, and for a person
/// the account whose people partition holds them (so the dispatcher can look at the person again at send time).
/// </summary>
public sealed record OutboxMessage(string TargetId, string To, string? Subject, string Body, string? AccountId = null)
{
    /// <summary>
    /// The most text (subject and body) a personalized message may hold: an outbox row is one entity of at most
    /// 1 MiB (UTF-16), and tokens can make a message far longer than its template (a field may hold 30,000 characters).
    /// </summary>
    public const int MaxTextChars = 200_000;

    /// <summary>The reason a message over <see cref="MaxTextChars"/> is skipped, the same for every such person so their journal rows group.</summary>
    public const string TooLongReason = "skipped: the personalized message is over 200,000 characters";

    /// <summary>Whether the personalized text passes <see cref="MaxTextChars"/> (such a message is skipped, not queued).</summary>
    public bool IsTooLong => (Subject?.Length ?? 0) + Body.Length > MaxTextChars;
}

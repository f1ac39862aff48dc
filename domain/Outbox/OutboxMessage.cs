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

    /// <summary>
    /// The message with its subject and body personalized for one target, or null when they would pass
    /// <see cref="MaxTextChars"/> together (such a message is skipped, not queued; measured before it is built).
    /// </summary>
    public static OutboxMessage? Personalize(
        string targetId, string to, string? subject, string body, IReadOnlyDictionary<string, string?>? lead, IReadOnlyDictionary<string, string?>? account, string? accountId = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        long length = (subject is null ? 0 : Personalization.RenderedLength(subject, lead, account)) + Personalization.RenderedLength(body, lead, account);
        return length > MaxTextChars
            ? null
            : new OutboxMessage(targetId, to, subject is null ? null : Personalization.Render(subject, lead, account), Personalization.Render(body, lead, account), accountId);
    }
}

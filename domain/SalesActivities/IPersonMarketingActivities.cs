namespace JourneyFunctions.Domain.SalesActivities;

/// <summary>
/// A person's recent marketing activity, oldest first, one bounded page at a time: from Marketo when a connection is
/// configured, else from the local stores. The continuation token is the reader's own; it is opaque to callers.
/// </summary>
public interface IPersonMarketingActivities
{
    /// <summary>Where the activity is read from: <c>marketo</c> or <c>local</c>.</summary>
    string Source { get; }

    /// <summary>Why <paramref name="marketoId"/> cannot name a person of this source, or null when it can.</summary>
    string? CheckPersonId(string marketoId);

    /// <summary>
    /// Up to <paramref name="pageSize"/> activities after <paramref name="since"/> (or after the page
    /// <paramref name="continuation"/> ends, which then carries the window); throws <see cref="FormatException"/> for
    /// a continuation this reader did not hand out.
    /// </summary>
    Task<PersonMarketingActivityPage> ReadAsync(string marketoId, DateTimeOffset since, int pageSize, string? continuation, CancellationToken cancellationToken);
}

/// <summary>One page of a person's marketing activity; <see cref="Continuation"/> null after the last.</summary>
public sealed record PersonMarketingActivityPage(IReadOnlyList<PersonMarketingActivity> Items, string? Continuation);

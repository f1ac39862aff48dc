namespace JourneyFunctions.Marketo;

/// <summary>
/// One page of a paged Marketo read; <see cref="NextPageToken"/> resumes after it (null: nothing more).
/// <see cref="MoreResult"/> is Marketo's flag that more activities are already waiting after this page.
/// </summary>
public sealed record MarketoPage<T>(IReadOnlyList<T> Items, string? NextPageToken, bool MoreResult = false);

namespace JourneyFunctions.Marketo;

/// <summary>One page of a paged Marketo read; <see cref="NextPageToken"/> resumes after it (null: nothing more).</summary>
public sealed record MarketoPage<T>(IReadOnlyList<T> Items, string? NextPageToken);

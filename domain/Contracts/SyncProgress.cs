namespace JourneyFunctions.Domain.Contracts;

/// <summary>The initial sync's running totals and cursor; the orchestration's input and custom status.</summary>
public sealed record SyncProgress
{
    public string? Cursor { get; init; }

    public int Pages { get; init; }

    public long Read { get; init; }

    public long Eligible { get; init; }

    public long Written { get; init; }

    public DateTime StartedUtc { get; init; }

    public int PageSize { get; init; } = 1000;

    public SyncProgress After(SyncPageResult page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return this with
        {
            Cursor = page.NextCursor,
            Pages = Pages + 1,
            Read = Read + page.Read,
            Eligible = Eligible + page.Eligible,
            Written = Written + page.Written,
        };
    }
}

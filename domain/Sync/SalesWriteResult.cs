namespace JourneyFunctions.Domain.Sync;

/// <summary>What a version-guarded write did: rows written, and rows skipped because the stored row came from a newer marketing version.</summary>
public sealed record SalesWriteResult(int Written, int SkippedAsOlder)
{
    public static SalesWriteResult None { get; } = new(0, 0);

    public SalesWriteResult Plus(SalesWriteResult other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new SalesWriteResult(Written + other.Written, SkippedAsOlder + other.SkippedAsOlder);
    }
}

namespace JourneyFunctions.Marketo.Tests;

/// <summary>The system clock moved by <see cref="Offset"/>: lets a test step past a pause without waiting for it.</summary>
internal sealed class ShiftedClock : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}

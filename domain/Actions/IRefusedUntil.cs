namespace JourneyFunctions.Domain.Actions;

/// <summary>
/// An outside system's refusal of every call until a time (Marketo's spent daily quota), raised by its client. An
/// action it stops is not skipped: the journey applies it to the same group again at that time.
/// </summary>
public interface IRefusedUntil
{
    /// <summary>When the system takes calls again, in UTC.</summary>
    DateTime RefusedUntilUtc { get; }
}

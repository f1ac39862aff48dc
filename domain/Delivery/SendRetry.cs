namespace JourneyFunctions.Domain.Delivery;

/// <summary>
/// A provider client's retries of transient answers within one send: exponential backoff with jitter, and a
/// <c>Retry-After</c> honoured by holding back every send of that provider (a 429 slows them all, not just the one
/// that met it). A wait longer than <paramref name="maxWait"/> is not slept here: the outcome goes back to the
/// dispatcher, which queues the message again after that delay.
/// </summary>
public sealed class SendRetry(TimeProvider clock, int attempts = 3, TimeSpan? baseDelay = null, TimeSpan? maxWait = null)
{
    private readonly TimeSpan _baseDelay = baseDelay ?? TimeSpan.FromMilliseconds(250);
    private readonly TimeSpan _maxWait = maxWait ?? TimeSpan.FromSeconds(5);
    private long _holdUntilTicks;

    public async Task<SendOutcome> RunAsync(Func<CancellationToken, Task<SendOutcome>> send, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(send);
        for (int attempt = 1; ; attempt++)
        {
            TimeSpan held = new DateTimeOffset(Interlocked.Read(ref _holdUntilTicks), TimeSpan.Zero) - clock.GetUtcNow();
            if (held > _maxWait)
            {
                return SendOutcome.Transient("provider asked to wait", held);
            }

            if (held > TimeSpan.Zero)
            {
                await Task.Delay(held, clock, cancellationToken);
            }

            SendOutcome outcome = await send(cancellationToken);
            if (outcome.Status != DeliveryStatus.Retrying || !outcome.RetryWithinSend)
            {
                return outcome;
            }

            if (outcome.RetryAfter is { } after)
            {
                Hold(after);
            }

            TimeSpan wait = outcome.RetryAfter ?? Backoff(attempt);
            if (attempt >= attempts || wait > _maxWait)
            {
                return outcome;
            }

            if (outcome.RetryAfter is null)
            {
                await Task.Delay(wait, clock, cancellationToken);
            }
        }
    }

    private TimeSpan Backoff(int attempt) =>
        (_baseDelay * Math.Pow(2, attempt - 1)) + TimeSpan.FromMilliseconds(Random.Shared.Next(0, (int)_baseDelay.TotalMilliseconds + 1));

    /// <summary>Moves the provider's hold to now + <paramref name="after"/> unless it already lasts longer.</summary>
    private void Hold(TimeSpan after)
    {
        long until = (clock.GetUtcNow() + after).UtcTicks;
        long current;
        do
        {
            current = Interlocked.Read(ref _holdUntilTicks);
            if (current >= until)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _holdUntilTicks, until, current) != current);
    }
}

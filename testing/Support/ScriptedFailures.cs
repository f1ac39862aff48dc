using System.Collections.Concurrent;

namespace JourneyFunctions.Testing;

/// <summary>
/// Answers a fake provider gives instead of accepting, in order: an HTTP status and, for 429, a Retry-After in
/// seconds. A storm mode refuses with 429 beyond a number of accepted calls per second.
/// </summary>
public sealed class ScriptedFailures
{
    private readonly ConcurrentQueue<(int Status, int RetryAfterSeconds)> _next = new();
    private readonly Lock _gate = new();
    private readonly Queue<DateTimeOffset> _accepted = new();
    private int _perSecond;

    public int Refused429 { get; private set; }

    /// <summary>The next calls answer these statuses (then calls are accepted again).</summary>
    public void Enqueue(int status, int times = 1, int retryAfterSeconds = 1)
    {
        for (int i = 0; i < times; i++)
        {
            _next.Enqueue((status, retryAfterSeconds));
        }
    }

    /// <summary>At most <paramref name="perSecond"/> accepted calls in any second; more get 429 with Retry-After: 1.</summary>
    public void Storm(int perSecond) => _perSecond = perSecond;

    /// <summary>The refusal for this call, or null to accept it.</summary>
    public (int Status, int RetryAfterSeconds)? Next()
    {
        if (_next.TryDequeue(out (int Status, int RetryAfterSeconds) scripted))
        {
            lock (_gate)
            {
                Refused429 += scripted.Status == 429 ? 1 : 0;
            }

            return scripted;
        }

        if (_perSecond <= 0)
        {
            return null;
        }

        lock (_gate)
        {
            DateTimeOffset now = DateTimeOffset.UtcNow;
            while (_accepted.Count > 0 && now - _accepted.Peek() >= TimeSpan.FromSeconds(1))
            {
                _accepted.Dequeue();
            }

            if (_accepted.Count >= _perSecond)
            {
                Refused429++;
                return (429, 1);
            }

            _accepted.Enqueue(now);
            return null;
        }
    }
}

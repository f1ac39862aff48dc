namespace JourneyFunctions.Marketo;

/// <summary>
/// Keeps this integration inside its share of Marketo's limits before a call is made: at most
/// <see cref="MarketoOptions.CallsPerWindow"/> calls in any sliding window, at most
/// <see cref="MarketoOptions.MaxConcurrentCalls"/> in flight, and at most <see cref="MarketoOptions.DailyQuota"/> a day.
/// A call leaves the window one window after its answer came back, not after it was sent: Marketo counts it at some
/// moment in between, so measuring from the answer keeps us under the limit whatever the network delay.
/// When Marketo still answers 606/615 (another integration used the shared budget), every caller holds off together.
/// </summary>
public sealed class MarketoRateLimiter : IDisposable
{
    private readonly MarketoOptions _options;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _inFlight;
    /// <summary>Calls in the window: in flight (no answer yet) or answered less than one window ago.</summary>
    private readonly List<CallSlot> _window = [];
    private readonly Lock _lock = new();
    private readonly TimeZoneInfo _quotaZone;
    private DateTimeOffset _heldUntil;
    private DateTimeOffset _quotaResetsAt;
    private long _callsToday;

    public MarketoRateLimiter(MarketoOptions options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _clock = clock;
        _inFlight = new SemaphoreSlim(options.MaxConcurrentCalls, options.MaxConcurrentCalls);
        _quotaZone = TimeZoneInfo.TryFindSystemTimeZoneById(options.QuotaResetTimeZone, out TimeZoneInfo? zone) ? zone : TimeZoneInfo.Utc;
        _quotaResetsAt = NextQuotaReset(clock.GetUtcNow());
    }

    /// <summary>Waits for a free slot in every limit, and holds the concurrency slot until the lease is disposed.</summary>
    /// <exception cref="MarketoDailyQuotaException">Today's calls are spent.</exception>
    public async Task<IDisposable> AcquireAsync(CancellationToken cancellationToken)
    {
        await _inFlight.WaitAsync(cancellationToken);
        try
        {
            while (true)
            {
                TimeSpan wait = TryTakeStart(out CallSlot? call);
                if (call is not null)
                {
                    return new Lease(this, call);
                }

                await Task.Delay(wait, _clock, cancellationToken);
            }
        }
        catch
        {
            _inFlight.Release();
            throw;
        }
    }

    /// <summary>
    /// Ends a call that got no answer only after <paramref name="hold"/>: Marketo may still be running it, and until it
    /// ends it counts against the concurrency limit (and, from then, one window against the rate).
    /// </summary>
    public void ReleaseAfter(IDisposable lease, TimeSpan hold)
    {
        ArgumentNullException.ThrowIfNull(lease);
        _ = Task.Delay(hold, _clock).ContinueWith(_ => lease.Dispose(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    /// <summary>Marketo said 606/615: nobody starts a call before <paramref name="delay"/> has passed.</summary>
    public void HoldEveryone(TimeSpan delay)
    {
        lock (_lock)
        {
            DateTimeOffset until = _clock.GetUtcNow() + delay;
            if (until > _heldUntil)
            {
                _heldUntil = until;
            }
        }
    }

    /// <summary>When today's quota resets (the next midnight in <see cref="MarketoOptions.QuotaResetTimeZone"/>), in UTC.</summary>
    public DateTime QuotaResetsAtUtc
    {
        get
        {
            lock (_lock)
            {
                return _quotaResetsAt.UtcDateTime;
            }
        }
    }

    public void Dispose() => _inFlight.Dispose();

    /// <summary>Records a call start if every limit allows it now (<paramref name="call"/> set); otherwise how long to wait.</summary>
    private TimeSpan TryTakeStart(out CallSlot? call)
    {
        call = null;
        lock (_lock)
        {
            DateTimeOffset now = _clock.GetUtcNow();
            if (now >= _quotaResetsAt)
            {
                _callsToday = 0;
                _quotaResetsAt = NextQuotaReset(now);
            }

            if (_callsToday >= _options.DailyQuota)
            {
                throw new MarketoDailyQuotaException(_quotaResetsAt.UtcDateTime, $"This integration's daily quota of {_options.DailyQuota:N0} Marketo calls is spent; it resets at {_quotaResetsAt:u}.");
            }

            if (_heldUntil > now)
            {
                return _heldUntil - now;
            }

            _window.RemoveAll(slot => slot.AnsweredAt is { } answered && answered <= now - _options.RateWindow);
            if (_window.Count >= _options.CallsPerWindow)
            {
                // Full: the first answered call to leave frees a place; with every call still in flight, look again shortly.
                DateTimeOffset? firstOut = _window.Where(slot => slot.AnsweredAt is not null).Min(slot => slot.AnsweredAt);
                return firstOut is { } answered ? answered + _options.RateWindow - now : TimeSpan.FromMilliseconds(10);
            }

            call = new CallSlot();
            _window.Add(call);
            _callsToday++;
            return TimeSpan.Zero;
        }
    }

    private DateTimeOffset NextQuotaReset(DateTimeOffset now)
    {
        DateTime local = TimeZoneInfo.ConvertTime(now, _quotaZone).DateTime;
        DateTime nextMidnight = local.Date.AddDays(1);
        return new DateTimeOffset(nextMidnight, _quotaZone.GetUtcOffset(nextMidnight));
    }

    private void Complete(CallSlot call)
    {
        lock (_lock)
        {
            call.AnsweredAt = _clock.GetUtcNow();
        }

        _inFlight.Release();
    }

    private sealed class CallSlot
    {
        public DateTimeOffset? AnsweredAt { get; set; }
    }

    private sealed class Lease(MarketoRateLimiter limiter, CallSlot call) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                limiter.Complete(call);
            }
        }
    }
}

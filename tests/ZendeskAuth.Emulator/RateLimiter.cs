namespace ZendeskAuth.Emulator;

/// <summary>
/// The account-wide limit: N requests per clock minute (fixed windows aligned to the minute of <see cref="EmulatorClock.Now"/>),
/// or per <see cref="EmulatorOptions.RateLimitWindow"/> when a benchmark shortens the window.
/// Past it Zendesk answers 429 with <c>Retry-After: {seconds}</c>
/// (https://developer.zendesk.com/api-reference/introduction/rate-limits/).
/// </summary>
public sealed class RateLimiter
{
    private readonly EmulatorClock _clock;
    private readonly object _gate = new();
    private int _limit;
    private DateTimeOffset _windowStart;
    private int _used;
    private readonly long _windowTicks;

    internal RateLimiter(EmulatorClock clock, int limitPerMinute, TimeSpan? window = null)
    {
        _clock = clock;
        _limit = limitPerMinute;
        _windowTicks = (window ?? TimeSpan.FromMinutes(1)).Ticks;
        _windowStart = WindowStartOf(clock.Now);
    }

    /// <summary>Requests allowed per minute; 0 = unlimited. Takes effect immediately.</summary>
    public int LimitPerMinute
    {
        get { lock (_gate) return _limit; }
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            lock (_gate) _limit = value;
        }
    }

    /// <summary>Requests left in the current window (int.MaxValue when unlimited).</summary>
    public int Remaining => Peek().Remaining;

    /// <summary>Forgets the requests counted in the current window.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _windowStart = WindowStartOf(_clock.Now);
            _used = 0;
        }
    }

    /// <summary>Counts one request if the limit allows it.</summary>
    internal RateLimitDecision Acquire() => Evaluate(consume: true);

    /// <summary>The current state, counting nothing.</summary>
    internal RateLimitDecision Peek() => Evaluate(consume: false);

    private RateLimitDecision Evaluate(bool consume)
    {
        lock (_gate)
        {
            var now = _clock.Now;
            var windowStart = WindowStartOf(now);
            if (windowStart != _windowStart)
            {
                _windowStart = windowStart;
                _used = 0;
            }

            var resetSeconds = Math.Max(1, (int)Math.Ceiling((windowStart.AddTicks(_windowTicks) - now).TotalSeconds));
            if (_limit == 0)
                return new RateLimitDecision(Unlimited: true, Allowed: true, 0, int.MaxValue, resetSeconds);

            var allowed = _used < _limit;
            if (allowed && consume)
                _used++;
            return new RateLimitDecision(Unlimited: false, allowed, _limit, Math.Max(0, _limit - _used), resetSeconds);
        }
    }

    /// <summary>Windows' lengths are whole seconds, so UtcTicks (from 0001-01-01) and Unix time agree on their starts.</summary>
    private DateTimeOffset WindowStartOf(DateTimeOffset t) =>
        new(t.UtcTicks - t.UtcTicks % _windowTicks, TimeSpan.Zero);
}

/// <param name="ResetSeconds">Seconds until the window ends: the value of <c>ratelimit-reset</c> and of <c>Retry-After</c> on 429.</param>
internal readonly record struct RateLimitDecision(bool Unlimited, bool Allowed, int Limit, int Remaining, int ResetSeconds);

/// <summary>
/// One endpoint's own limit, in fixed windows of <see cref="EmulatorOptions.EndpointLimitWindow"/>: incremental
/// exports (10 a minute), tickets.json (zendesk-ratelimit-tickets-index), one ticket's updates. Keyed, so one
/// limiter can count per ticket. https://developer.zendesk.com/api-reference/introduction/rate-limits/
/// </summary>
public sealed class EndpointLimiter
{
    private readonly EmulatorClock _clock;
    private readonly object _gate = new();
    private readonly Dictionary<string, (DateTimeOffset Start, int Used)> _windows = new(StringComparer.Ordinal);

    internal EndpointLimiter(string name, EmulatorClock clock, int limit, TimeSpan window)
    {
        Name = name;
        _clock = clock;
        Limit = limit;
        Window = window;
    }

    /// <summary>The header name after <c>zendesk-ratelimit-</c>.</summary>
    public string Name { get; }

    /// <summary>Requests a window allows; 0 = unlimited. Tests may change it.</summary>
    public int Limit { get; set; }

    public TimeSpan Window { get; set; }

    public void Reset()
    {
        lock (_gate) _windows.Clear();
    }

    /// <summary>Counts one request under <paramref name="key"/> if the limit allows it.</summary>
    internal RateLimitDecision Acquire(string key = "")
    {
        lock (_gate)
        {
            var now = _clock.Now;
            if (!_windows.TryGetValue(key, out var window) || now - window.Start >= Window)
                window = (now, 0);
            var reset = Math.Max(1, (int)Math.Ceiling((window.Start + Window - now).TotalSeconds));
            if (Limit == 0)
                return new RateLimitDecision(Unlimited: true, Allowed: true, 0, int.MaxValue, reset);
            var allowed = window.Used < Limit;
            if (allowed)
                window.Used++;
            _windows[key] = window;
            return new RateLimitDecision(Unlimited: false, allowed, Limit, Math.Max(0, Limit - window.Used), reset);
        }
    }

    /// <summary><c>total=10; remaining=9; resets=52</c>, as Zendesk writes its per-endpoint headers.</summary>
    internal static string HeaderValue(RateLimitDecision decision) =>
        FormattableString.Invariant($"total={decision.Limit}; remaining={decision.Remaining}; resets={decision.ResetSeconds}");
}

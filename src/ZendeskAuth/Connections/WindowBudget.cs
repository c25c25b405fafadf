using System;

namespace ZendeskAuth.Connections;

/// <summary>
/// The governor for one of Zendesk's fixed windows (the account's <c>ratelimit-limit</c> / <c>-remaining</c> / <c>-reset</c>,
/// or one endpoint's <c>zendesk-ratelimit-{name}: total=…; remaining=…; resets=…</c>), from those headers only
/// (https://developer.zendesk.com/api-reference/introduction/rate-limits/). Requests go out at once while the window
/// has requests left; once it has none, each further request waits for the window's end, so a bulk job runs at the
/// account's pace and meets no 429. Not thread-safe: <see cref="RateLimitState"/> calls it under its lock.
/// <list type="bullet">
/// <item>Requests sent but not yet answered count against the window: every request takes a slot when it starts
/// (<see cref="Reserve"/>); an answer's <c>remaining</c> less the requests still in flight is a floor, and
/// <c>remaining</c> itself a ceiling (other clients of the account use the same window).</item>
/// <item>The window's end is the earliest "time the answer arrived + reset seconds" of its answers: reset is whole
/// seconds, so each answer bounds the end from above, and the bound tightens as answers arrive.</item>
/// <item>After the end a new window begins with the limit, less the requests that waited for it. An answer that
/// still belongs to the previous window (sent before its end, arriving after) is recognised by its end and ignored;
/// one that shows the server's window turned before the estimated end starts the new window at once.</item>
/// <item>Limitation: a job's very first requests on a window nothing is known of yet go out blind; their answers,
/// out of order, make that first window's count pessimistic (up to -ThrottleLimit − 1 slots unused), never a 429.
/// The account's window is known from Connect-Zendesk's own request.</item>
/// </list>
/// </summary>
internal sealed class WindowBudget
{
    /// <summary>Waits go a little past the window's end, so a request is not the last of the old window by a hair.</summary>
    internal static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(100);

    /// <summary>Requests in flight are at most this many (-ThrottleLimit is at most 64); a failed request that never got an answer must not block forever.</summary>
    private const long MaxInFlight = 64;

    private int _left;
    private int _minRemaining = int.MaxValue;
    private DateTimeOffset? _end;
    private DateTimeOffset? _previousEnd;
    private int _deferred;
    private long _reserved;
    private long _answered;
    private TimeSpan _longestReset;

    /// <summary>Requests the window allows, from the latest answer; null until an answer said it.</summary>
    public int? Limit { get; private set; }

    /// <summary>Requests this client may still send in the current window, by its own count.</summary>
    public int Left => _left;

    /// <summary>When the current window ends, at the latest; null while unknown.</summary>
    public DateTimeOffset? End => _end;

    /// <summary>Takes a slot for a request about to be sent at <paramref name="now"/>; the wait before sending it, or null.</summary>
    public TimeSpan? Reserve(DateTimeOffset now)
    {
        _reserved++;
        if (Limit is null)
        {
            return null;
        }
        RollOver(now);
        if (_left > 0)
        {
            _left--;
            return null;
        }
        if (_end is not { } end)
        {
            // No slot and no known end (more requests waited than a window holds): the 429 path decides.
            return null;
        }
        // Beyond one window's worth of waiting requests, the later ones wait for the windows after it.
        var windowsAhead = Limit.Value > 0 ? _deferred / Limit.Value : 0;
        _deferred++;
        return end - now + Margin + TimeSpan.FromTicks(_longestReset.Ticks * windowsAhead);
    }

    /// <summary>An answer's figures: the window's limit, what is left of it, and the whole seconds until it resets.</summary>
    public void Observe(int limit, int remaining, int resetSeconds, DateTimeOffset now)
    {
        _answered++;
        RollOver(now);
        var reset = TimeSpan.FromSeconds(resetSeconds);
        if (reset > _longestReset)
        {
            _longestReset = reset;
        }
        var end = now + reset;
        if (_end is { } known && end >= known + Half(_longestReset))
        {
            // The server's window turned before the end this client estimated (one loose bound, not yet tightened):
            // start the new one from this answer; the requests in flight, waiting ones included, count against it.
            _previousEnd = known;
            _end = end;
            _minRemaining = int.MaxValue;
            _deferred = 0;
            _left = 0;
        }
        else if (_end is { } same)
        {
            // The same window: a tighter end.
            if (end < same)
            {
                _end = end;
            }
        }
        else if (_previousEnd is { } previous && end < previous + Half(_longestReset))
        {
            // Sent before the previous window ended, answered after: says nothing about this window.
            return;
        }
        else
        {
            _end = end;
        }
        // What is left once this client's requests in flight are counted. Answers may come out of order, but the
        // lowest remaining of the window is the latest count, and every request counted after it is still in
        // flight: so that lowest remaining less the requests in flight is a floor, and the lowest remaining itself
        // a ceiling (other clients of the account lower it). Between the two, this client's own count, exact
        // when it is the only client.
        _minRemaining = Math.Min(_minRemaining, remaining);
        var inFlight = (int)Math.Min(MaxInFlight, Math.Max(0, _reserved - _answered));
        _left = Math.Max(0, Math.Min(_minRemaining, Math.Max(_left, _minRemaining - inFlight)));
        Limit = limit;
    }

    private static TimeSpan Half(TimeSpan reset) => reset > TimeSpan.FromSeconds(2) ? TimeSpan.FromTicks(reset.Ticks / 2) : TimeSpan.FromSeconds(1);

    private void RollOver(DateTimeOffset now)
    {
        if (_end is not { } end || now < end || Limit is not { } limit)
        {
            return;
        }
        _previousEnd = end;
        _end = null;
        _minRemaining = int.MaxValue;
        var waited = Math.Min(_deferred, limit);
        _deferred -= waited;
        _left = limit - waited;
    }
}

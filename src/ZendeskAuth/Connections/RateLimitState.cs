using System;
using System.Globalization;
using System.Net.Http.Headers;

namespace ZendeskAuth.Connections;

/// <summary>
/// The latest rate-limit figures Zendesk sent (<c>X-Rate-Limit</c>, <c>X-Rate-Limit-Remaining</c> on every
/// response; <c>ratelimit-*</c> on list endpoints): https://developer.zendesk.com/api-reference/introduction/rate-limits/
/// </summary>
public sealed class RateLimitState
{
    private readonly object _gate = new();
    private DateTimeOffset _pausedUntil;
    private DateTimeOffset _nextSlot;

    /// <summary>Requests a minute the account allows.</summary>
    public int? Limit { get; private set; }

    public int? Remaining { get; private set; }

    /// <summary>Seconds until the window resets, from <c>ratelimit-reset</c>.</summary>
    public int? ResetSeconds { get; private set; }

    public DateTimeOffset? UpdatedAt { get; private set; }

    internal void Update(HttpResponseHeaders headers)
    {
        var limit = Read(headers, "X-Rate-Limit") ?? Read(headers, "ratelimit-limit");
        var remaining = Read(headers, "X-Rate-Limit-Remaining") ?? Read(headers, "ratelimit-remaining");
        var reset = Read(headers, "ratelimit-reset");
        if (limit is null && remaining is null && reset is null)
        {
            return;
        }

        lock (_gate)
        {
            Limit = limit ?? Limit;
            Remaining = remaining ?? Remaining;
            ResetSeconds = reset ?? ResetSeconds;
            UpdatedAt = DateTimeOffset.Now;
        }
    }

    /// <summary>
    /// How long the next request on this connection must wait, shared by every worker and runspace using it:
    /// until a 429's Retry-After has passed; or, when the minute's budget is nearly spent, one request every
    /// 60/limit seconds, so that together they stay under the limit instead of each hammering on.
    /// </summary>
    internal (TimeSpan Delay, string Reason)? PauseBeforeRequest()
    {
        lock (_gate)
        {
            var now = DateTimeOffset.UtcNow;
            if (_pausedUntil > now)
            {
                return (_pausedUntil - now, "Zendesk's rate limit was reached: waiting for Retry-After");
            }
            if (Limit is not { } limit || Remaining is not { } remaining || limit <= 0 || remaining > LowBudget(limit))
            {
                return null;
            }
            if (remaining == 0 && ResetSeconds is { } reset && reset > 0)
            {
                _pausedUntil = now.AddSeconds(reset);
                return (_pausedUntil - now, $"No requests left of {limit} this minute: waiting {reset} s for the window to reset");
            }
            var spacing = TimeSpan.FromSeconds(60.0 / limit);
            _nextSlot = (_nextSlot > now ? _nextSlot : now) + spacing;
            return (_nextSlot - spacing - now, $"Only {remaining} of {limit} requests left this minute: slowing down");
        }
    }

    /// <summary>Makes every request on the connection wait, after a 429.</summary>
    internal void PauseFor(TimeSpan delay)
    {
        lock (_gate)
        {
            var until = DateTimeOffset.UtcNow + delay;
            if (until > _pausedUntil)
            {
                _pausedUntil = until;
            }
        }
    }

    /// <summary>Below this many requests left, requests are spaced out: 2% of the limit, at least 5.</summary>
    private static int LowBudget(int limit) => Math.Max(5, limit / 50);

    private static int? Read(HttpResponseHeaders headers, string name)
    {
        if (headers.TryGetValues(name, out var values))
        {
            foreach (var value in values)
            {
                if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
                {
                    return number;
                }
            }
        }
        return null;
    }

    public override string ToString() => Limit is null ? "(no rate-limit headers yet)" : $"{Remaining}/{Limit} left";
}

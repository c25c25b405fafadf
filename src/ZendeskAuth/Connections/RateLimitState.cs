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

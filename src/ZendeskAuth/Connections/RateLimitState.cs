using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace ZendeskAuth.Connections;

/// <summary>
/// The latest rate-limit figures Zendesk sent, in every form it uses
/// (https://developer.zendesk.com/api-reference/introduction/rate-limits/; ZENDESK_API_FACTS.md, "Rate limits"):
/// the account's <c>x-rate-limit</c> / <c>x-rate-limit-remaining</c>; either <c>rate-limit</c> /
/// <c>rate-limit-remaining</c> / <c>rate-limit-reset</c> (seen in 2023) or <c>ratelimit-limit</c> /
/// <c>ratelimit-remaining</c> / <c>ratelimit-reset</c> (2024 on); and per-endpoint headers such as
/// <c>zendesk-ratelimit-tickets-index: total=100; remaining=99; resets=43</c> (incremental exports: 10 a minute).
/// Header values come from the server and may be hostile: a value that is not a plain non-negative number, or an
/// absurd one, is ignored, and no pause is ever longer than <see cref="MaxPause"/>. Reading headers never throws.
/// </summary>
public sealed class RateLimitState
{
    /// <summary>Zendesk's windows are a minute long; a reset figure is never waited for longer than this.</summary>
    public static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(65);

    /// <summary>A reset further away than a day is nonsense, not a window: it is ignored.</summary>
    private const long MaxResetSeconds = 86_400;

    /// <summary>Reset values this large are Unix times, not seconds to wait.</summary>
    private const long UnixTimeThreshold = 1_000_000_000;

    private readonly object _gate = new();
    private readonly Dictionary<string, EndpointRateLimit> _endpoints = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _endpointOfPath = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, DateTimeOffset> _endpointPausedUntil = new(StringComparer.OrdinalIgnoreCase);
    private readonly WindowBudget _account = new();
    private readonly Dictionary<string, WindowBudget> _endpointBudgets = new(StringComparer.OrdinalIgnoreCase);
    private DateTimeOffset _pausedUntil;
    private DateTimeOffset _nextSlot;

    /// <summary>Requests a minute the account allows.</summary>
    public int? Limit { get; private set; }

    public int? Remaining { get; private set; }

    /// <summary>Seconds until the window resets, from <c>ratelimit-reset</c> or <c>rate-limit-reset</c>.</summary>
    public int? ResetSeconds { get; private set; }

    public DateTimeOffset? UpdatedAt { get; private set; }

    /// <summary>The per-endpoint limits Zendesk reported (<c>zendesk-ratelimit-*</c> headers), latest first.</summary>
    public IReadOnlyList<EndpointRateLimit> Endpoints
    {
        get
        {
            lock (_gate)
            {
                return _endpoints.Values.OrderByDescending(e => e.UpdatedAt).ToArray();
            }
        }
    }

    /// <summary>Reads the rate-limit headers of an answer (response and content headers; names case-insensitive).</summary>
    internal void Update(IEnumerable<KeyValuePair<string, IEnumerable<string>>> headers, Uri? uri = null)
    {
        try
        {
            UpdateCore(headers, uri);
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException or InvalidOperationException)
        {
            // A hostile header must not break the request it came with.
        }
    }

    private void UpdateCore(IEnumerable<KeyValuePair<string, IEnumerable<string>>> headers, Uri? uri)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in headers)
        {
            if (header.Key is { } name && !values.ContainsKey(name))
            {
                values[name] = header.Value?.FirstOrDefault() ?? "";
            }
        }

        var now = DateTimeOffset.UtcNow;
        var limit = Count(values, "x-rate-limit") ?? Count(values, "ratelimit-limit") ?? Count(values, "rate-limit");
        var remaining = Count(values, "x-rate-limit-remaining") ?? Count(values, "ratelimit-remaining") ?? Count(values, "rate-limit-remaining");
        var reset = Reset(values, "ratelimit-reset", now) ?? Reset(values, "rate-limit-reset", now);

        var endpoints = new List<EndpointRateLimit>();
        foreach (var header in values)
        {
            if (header.Key.StartsWith("zendesk-ratelimit-", StringComparison.OrdinalIgnoreCase) && ParseEndpoint(header.Key.Substring("zendesk-ratelimit-".Length), header.Value, now) is { } endpoint)
            {
                endpoints.Add(endpoint);
            }
        }

        if (limit is null && remaining is null && reset is null && endpoints.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            if (limit is not null || remaining is not null || reset is not null)
            {
                Limit = limit ?? Limit;
                Remaining = remaining ?? Remaining;
                // The figures of one answer belong together: a stale reset must not time a new window (and an
                // absurd one, ignored, leaves none).
                ResetSeconds = reset;
                UpdatedAt = DateTimeOffset.Now;
                if (limit is { } l && remaining is { } r && reset is { } s)
                {
                    _account.Observe(l, r, s, now);
                }
            }
            foreach (var endpoint in endpoints)
            {
                _endpoints[endpoint.Name] = endpoint;
                if (uri is not null && endpoint is { Total: { } total, Remaining: { } left, ResetSeconds: { } resets })
                {
                    Budget(Family(uri)).Observe(total, left, resets, now);
                }
                if (uri is not null)
                {
                    _endpointOfPath[Family(uri)] = endpoint.Name;
                }
            }
        }
    }

    /// <summary>
    /// How long the next request on this connection must wait, shared by every worker and runspace using it, and
    /// the slot it takes: until a 429's Retry-After has passed; until the account's window (or the endpoint's own
    /// window) resets when this client has used it up, counting its requests still in flight (<see cref="WindowBudget"/>);
    /// or, when Zendesk sends only x-rate-limit and x-rate-limit-remaining (no reset) and the minute's budget is nearly
    /// spent, one request every 60/limit seconds. Never longer than <see cref="MaxPause"/>.
    /// </summary>
    internal (TimeSpan Delay, string Reason)? PauseBeforeRequest(Uri? uri = null)
    {
        lock (_gate)
        {
            var now = DateTimeOffset.UtcNow;
            if (_pausedUntil > now)
            {
                return (Capped(_pausedUntil - now), "Zendesk's rate limit was reached: waiting for Retry-After");
            }
            (TimeSpan Delay, string Reason)? pause = null;
            if (uri is not null)
            {
                var family = Family(uri);
                if (_endpointPausedUntil.TryGetValue(family, out var until) && until > now)
                {
                    return (Capped(until - now), $"Zendesk's limit for {uri.AbsolutePath} was reached: waiting for Retry-After");
                }
                // The endpoint's own window (zendesk-ratelimit-{name}), counted per path family: every request takes
                // a slot, so requests in flight count; it waits only once the family's answers carried such a header.
                var budget = Budget(family);
                if (budget.Reserve(now) is { } wait)
                {
                    var name = _endpointOfPath.TryGetValue(family, out var known) ? known : family;
                    pause = (Capped(wait), $"No requests left of the {budget.Limit} that Zendesk's {name} limit allows: waiting for it to reset");
                }
            }
            // The account's window, when Zendesk says when it resets (ratelimit-reset / rate-limit-reset).
            var accountWait = _account.Reserve(now);
            if (_account.Limit is not null)
            {
                if (accountWait is { } wait && (pause is null || wait > pause.Value.Delay))
                {
                    pause = (Capped(wait), $"No requests left of {_account.Limit} this window: waiting {Math.Ceiling(Capped(wait).TotalSeconds).ToString(CultureInfo.InvariantCulture)} s for it to reset");
                }
                return pause;
            }
            if (pause is not null)
            {
                return pause;
            }
            // Only x-rate-limit and x-rate-limit-remaining (no reset): space the last requests of the minute out.
            if (Limit is not { } limit || Remaining is not { } remaining || limit <= 0 || remaining > LowBudget(limit))
            {
                return null;
            }
            if (remaining == 0 && ResetSeconds is { } reset && reset > 0)
            {
                _pausedUntil = now + Capped(TimeSpan.FromSeconds(reset));
                return (_pausedUntil - now, $"No requests left of {limit} this minute: waiting {Math.Ceiling((_pausedUntil - now).TotalSeconds).ToString(CultureInfo.InvariantCulture)} s for the window to reset");
            }
            var spacing = TimeSpan.FromSeconds(60.0 / limit);
            _nextSlot = (_nextSlot > now ? _nextSlot : now) + spacing;
            return (_nextSlot - spacing - now, $"Only {remaining} of {limit} requests left this minute: slowing down");
        }
    }

    /// <summary>Makes every request on the connection wait, after a 429 for the account's limit.</summary>
    internal void PauseFor(TimeSpan delay) => PauseFor(delay, null);

    /// <summary>
    /// After a 429: when <paramref name="endpointOnly"/> names the request's URL (a per-endpoint, per-record or export
    /// limit), only requests to that endpoint wait; otherwise every request on the connection does.
    /// </summary>
    internal void PauseFor(TimeSpan delay, Uri? endpointOnly)
    {
        if (delay <= TimeSpan.Zero)
        {
            return;
        }
        lock (_gate)
        {
            var until = DateTimeOffset.UtcNow + Capped(delay);
            if (endpointOnly is not null)
            {
                var family = Family(endpointOnly);
                if (!_endpointPausedUntil.TryGetValue(family, out var current) || until > current)
                {
                    _endpointPausedUntil[family] = until;
                }
            }
            else if (until > _pausedUntil)
            {
                _pausedUntil = until;
            }
        }
    }

    /// <summary>The window budget of a path family (see <see cref="Family"/>).</summary>
    private WindowBudget Budget(string family) =>
        _endpointBudgets.TryGetValue(family, out var budget) ? budget : _endpointBudgets[family] = new WindowBudget();

    private static TimeSpan Capped(TimeSpan delay) => delay > MaxPause ? MaxPause : delay;

    /// <summary>Below this many requests left, requests are spaced out: 2% of the limit, at least 5.</summary>
    private static int LowBudget(int limit) => Math.Max(5, limit / 50);

    /// <summary>A path with its ids taken out: tickets/42/comments.json and tickets/43/comments.json share a limit.</summary>
    internal static string Family(Uri uri)
    {
        var segments = uri.AbsolutePath.Split('/');
        var text = new StringBuilder();
        foreach (var raw in segments)
        {
            if (raw.Length == 0)
            {
                continue;
            }
            var segment = raw.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? raw.Substring(0, raw.Length - 5) : raw;
            text.Append('/').Append(segment.Length > 0 && segment.All(char.IsDigit) ? "{id}" : segment);
        }
        return text.ToString();
    }

    /// <summary>A count header: a plain non-negative integer that fits an Int32, else nothing.</summary>
    private static int? Count(Dictionary<string, string> values, string name) =>
        values.TryGetValue(name, out var value) && TryCount(value, out var number) ? number : null;

    private static bool TryCount(string value, out int number) =>
        int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out number);

    /// <summary>Seconds to a reset: a number of seconds up to a day, or a Unix time; anything else is ignored.</summary>
    private static int? Reset(Dictionary<string, string> values, string name, DateTimeOffset now) =>
        values.TryGetValue(name, out var value) ? ParseResetSeconds(value, now) : null;

    private static int? ParseResetSeconds(string value, DateTimeOffset now)
    {
        if (!long.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }
        if (number >= UnixTimeThreshold)
        {
            number -= now.ToUnixTimeSeconds();
            if (number < 0)
            {
                return 0;
            }
        }
        return number <= MaxResetSeconds ? (int)number : null;
    }

    /// <summary><c>total=100; remaining=99; resets=43</c> (also comma-separated); null when it names no figure.</summary>
    private static EndpointRateLimit? ParseEndpoint(string name, string value, DateTimeOffset now)
    {
        int? total = null, remaining = null, resets = null;
        foreach (var part in value.Split(';', ','))
        {
            var pair = part.Split(new[] { '=' }, 2);
            if (pair.Length != 2)
            {
                continue;
            }
            var key = pair[0].Trim();
            var figure = pair[1].Trim();
            if (key.Equals("total", StringComparison.OrdinalIgnoreCase) && TryCount(figure, out var t))
            {
                total = t;
            }
            else if (key.Equals("remaining", StringComparison.OrdinalIgnoreCase) && TryCount(figure, out var r))
            {
                remaining = r;
            }
            else if (key.Equals("resets", StringComparison.OrdinalIgnoreCase) && ParseResetSeconds(figure, now) is { } s)
            {
                resets = s;
            }
        }
        if (name.Length == 0 || (total is null && remaining is null))
        {
            return null;
        }
        return new EndpointRateLimit(name, total, remaining, resets, resets is { } seconds ? now.AddSeconds(seconds) : null, DateTimeOffset.Now);
    }

    public override string ToString() => Limit is null ? "(no rate-limit headers yet)" : $"{Remaining}/{Limit} left";
}

/// <summary>One endpoint's own limit, from a <c>zendesk-ratelimit-{name}</c> header.</summary>
public sealed class EndpointRateLimit
{
    internal EndpointRateLimit(string name, int? total, int? remaining, int? resetSeconds, DateTimeOffset? resetsAt, DateTimeOffset updatedAt)
    {
        Name = name;
        Total = total;
        Remaining = remaining;
        ResetSeconds = resetSeconds;
        ResetsAt = resetsAt;
        UpdatedAt = updatedAt;
    }

    /// <summary>The header's name after <c>zendesk-ratelimit-</c>, such as <c>tickets-index</c>.</summary>
    public string Name { get; }

    /// <summary>Requests the endpoint allows in its window.</summary>
    public int? Total { get; }

    public int? Remaining { get; }

    /// <summary>Seconds until the endpoint's window resets, as Zendesk said it.</summary>
    public int? ResetSeconds { get; }

    internal DateTimeOffset? ResetsAt { get; }

    public DateTimeOffset UpdatedAt { get; }

    public override string ToString() => $"{Name}: {Remaining}/{Total} left";
}

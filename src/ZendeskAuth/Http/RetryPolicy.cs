using System;
using System.Net.Http;
using System.Threading;

namespace ZendeskAuth.Http;

/// <summary>
/// Which failures are worth another try, and after how long.
/// 429 and 503 mean Zendesk did not process the request, so any method is retried after the Retry-After it
/// names (https://developer.zendesk.com/api-reference/introduction/rate-limits/; Zendesk's own Ruby client does
/// the same). Transient failures (connection reset, 502, 504, a timeout) are retried with jittered exponential
/// backoff, but only for idempotent methods: a POST may already have been processed. A 500 is not retried.
/// </summary>
internal static class RetryPolicy
{
    /// <summary>A Retry-After longer than this is not waited for: the request fails at once with the figure.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan s_baseBackoff = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan s_maxBackoff = TimeSpan.FromSeconds(30);
    private static readonly ThreadLocal<Random> s_random = new(() => new Random(Guid.NewGuid().GetHashCode()));

    /// <summary>
    /// The longest one wait of a request may be: <see cref="MaxWait"/>, and never longer than the request's own
    /// -TimeoutSec (a 5 s request does not sit out a 60 s Retry-After); zero when it may not retry at all.
    /// </summary>
    public static TimeSpan Budget(TimeSpan? timeout, int maxRetries) =>
        maxRetries <= 0 ? TimeSpan.Zero : timeout is { } limit && limit < MaxWait ? limit : MaxWait;

    /// <summary>
    /// How long to wait before try <paramref name="attempt"/> + 1 (1-based), or null to give up. A Retry-After
    /// longer than <paramref name="budget"/> (default <see cref="MaxWait"/>) gives up at once, with Zendesk's figure in the error.
    /// </summary>
    public static TimeSpan? Delay(Exception failure, HttpMethod method, int attempt, TimeSpan? budget = null)
    {
        var limit = budget ?? MaxWait;
        switch (failure)
        {
            case ZendeskLocalFileException or ZendeskInvalidResponseException or ZendeskRateLimitPauseException:
                // A local error or an unusable answer is the same on the next try.
                return null;
            case ZendeskApiException { StatusCode: 429 or 503 } answer when answer.RetryAfter is { } retryAfter:
                return retryAfter <= limit ? retryAfter : null;
            case ZendeskApiException { StatusCode: 429 }:
                return Cap(Backoff(attempt), limit);
            case ZendeskApiException { StatusCode: 503 or 502 or 504 } answer:
                return answer.StatusCode == 503 || IsIdempotent(method) ? Cap(Backoff(attempt), limit) : null;
            case ZendeskConnectionException or ZendeskTimeoutException:
                return IsIdempotent(method) ? Cap(Backoff(attempt), limit) : null;
            default:
                return null;
        }
    }

    private static TimeSpan Cap(TimeSpan delay, TimeSpan limit) => delay > limit ? limit : delay;

    public static bool IsIdempotent(HttpMethod method) =>
        method == HttpMethod.Get || method == HttpMethod.Put || method == HttpMethod.Delete || method == HttpMethod.Head || method == HttpMethod.Options;

    /// <summary>Full jitter (a random wait up to the exponential bound), so parallel workers do not retry in step.</summary>
    private static TimeSpan Backoff(int attempt)
    {
        var bound = Math.Min(s_maxBackoff.TotalMilliseconds, s_baseBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(Math.Max(attempt, 1), 30) - 1));
        return TimeSpan.FromMilliseconds(bound / 2 + s_random.Value!.NextDouble() * bound / 2);
    }
}

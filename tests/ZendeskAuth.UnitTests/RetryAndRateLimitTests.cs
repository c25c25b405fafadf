using System.Net.Http;
using ZendeskAuth.Connections;
using ZendeskAuth.Http;

namespace ZendeskAuth.UnitTests;

public class RetryAndRateLimitTests
{
    private static readonly Uri Url = new("https://acme.zendesk.com/api/v2/tickets.json");

    [Fact]
    public void Rate_limited_and_unavailable_answers_wait_for_Retry_After_whatever_the_method()
    {
        Assert.Equal(TimeSpan.FromSeconds(7), RetryPolicy.Delay(Answer(429, "7"), HttpMethod.Post, 1));
        Assert.Equal(TimeSpan.FromSeconds(3), RetryPolicy.Delay(Answer(503, "3"), HttpMethod.Post, 1));
    }

    [Fact]
    public void A_Retry_After_beyond_the_longest_wait_is_not_waited_for() =>
        Assert.Null(RetryPolicy.Delay(Answer(429, "3600"), HttpMethod.Get, 1));

    [Theory]
    [InlineData(502)]
    [InlineData(504)]
    public void Gateway_failures_are_retried_only_for_idempotent_methods(int status)
    {
        Assert.NotNull(RetryPolicy.Delay(Answer(status, null), HttpMethod.Get, 1));
        Assert.NotNull(RetryPolicy.Delay(Answer(status, null), HttpMethod.Delete, 1));
        Assert.Null(RetryPolicy.Delay(Answer(status, null), HttpMethod.Post, 1));
        Assert.Null(RetryPolicy.Delay(Answer(status, null), new HttpMethod("PATCH"), 1));
    }

    [Fact]
    public void Server_errors_and_client_errors_are_not_retried()
    {
        foreach (var status in new[] { 500, 400, 401, 403, 404, 422 })
        {
            Assert.Null(RetryPolicy.Delay(Answer(status, null), HttpMethod.Get, 1));
        }
    }

    [Fact]
    public void Backoff_grows_with_jitter_and_stays_bounded()
    {
        var first = RetryPolicy.Delay(Answer(502, null), HttpMethod.Get, 1)!.Value;
        var fifth = RetryPolicy.Delay(Answer(502, null), HttpMethod.Get, 5)!.Value;
        var late = RetryPolicy.Delay(Answer(502, null), HttpMethod.Get, 30)!.Value;
        Assert.InRange(first.TotalMilliseconds, 250, 500);
        Assert.InRange(fifth.TotalMilliseconds, 4000, 8000);
        Assert.InRange(late.TotalSeconds, 15, 30);
    }

    [Fact]
    public void After_a_429_every_request_on_the_connection_waits()
    {
        var state = new RateLimitState();
        Assert.Null(state.PauseBeforeRequest());
        state.PauseFor(TimeSpan.FromSeconds(10));
        var first = state.PauseBeforeRequest();
        var second = state.PauseBeforeRequest();
        Assert.InRange(first!.Value.Delay.TotalSeconds, 9, 10);
        Assert.InRange(second!.Value.Delay.TotalSeconds, 9, 10);
    }

    [Fact]
    public void A_nearly_spent_budget_spaces_requests_out_across_workers()
    {
        var state = new RateLimitState();
        state.Update(Headers(limit: 600, remaining: 300));
        Assert.Null(state.PauseBeforeRequest());

        state.Update(Headers(limit: 600, remaining: 10));
        var delays = Enumerable.Range(0, 4).Select(_ => state.PauseBeforeRequest()!.Value.Delay.TotalMilliseconds).ToList();
        // 600 a minute is one every 100 ms: the fourth request in line waits about 300 ms.
        Assert.InRange(delays[0], 0, 20);
        Assert.InRange(delays[3], 280, 320);
        Assert.Equal(600, state.Limit);
        Assert.Equal(10, state.Remaining);
    }

    private static System.Net.Http.Headers.HttpResponseHeaders Headers(int limit, int remaining)
    {
        var response = new HttpResponseMessage();
        response.Headers.Add("X-Rate-Limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        response.Headers.Add("X-Rate-Limit-Remaining", remaining.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return response.Headers;
    }

    private static ZendeskApiException Answer(int status, string? retryAfter)
    {
        var headers = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        if (retryAfter is not null)
        {
            headers["Retry-After"] = [retryAfter];
        }
        return new ZendeskApiException("GET", Url, new ZendeskResponse(status, "Reason", headers, "application/json", "{}", TimeSpan.Zero));
    }
}

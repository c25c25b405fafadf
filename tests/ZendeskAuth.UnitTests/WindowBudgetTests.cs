using System.Net.Http;
using ZendeskAuth.Connections;

namespace ZendeskAuth.UnitTests;

/// <summary>The rate-limit governor: Zendesk's fixed windows, paced from the headers alone.</summary>
public class WindowBudgetTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Requests_go_at_once_while_the_window_has_some_left_then_wait_for_its_end()
    {
        var budget = new WindowBudget();
        Assert.Null(budget.Reserve(T0));
        budget.Observe(limit: 5, remaining: 4, resetSeconds: 10, T0.AddMilliseconds(10));
        for (var i = 0; i < 4; i++)
        {
            Assert.Null(budget.Reserve(T0.AddMilliseconds(20 + i)));
        }
        var wait = budget.Reserve(T0.AddMilliseconds(30));
        Assert.Equal(TimeSpan.FromSeconds(10) - TimeSpan.FromMilliseconds(20) + WindowBudget.Margin, wait);
    }

    [Fact]
    public void Requests_in_flight_count_against_the_window()
    {
        var budget = new WindowBudget();
        for (var i = 0; i < 8; i++)
        {
            Assert.Null(budget.Reserve(T0)); // nothing known yet: eight go out
        }
        // The first answer: 9 left after it, but seven more are on their way.
        budget.Observe(limit: 10, remaining: 9, resetSeconds: 10, T0.AddMilliseconds(50));
        Assert.Equal(2, budget.Left);
        Assert.Null(budget.Reserve(T0.AddMilliseconds(51)));
        Assert.Null(budget.Reserve(T0.AddMilliseconds(52)));
        Assert.NotNull(budget.Reserve(T0.AddMilliseconds(53)));
    }

    [Fact]
    public void The_end_is_the_earliest_arrival_plus_reset_and_a_new_window_starts_after_it()
    {
        var budget = new WindowBudget();
        budget.Reserve(T0);
        budget.Observe(limit: 2, remaining: 1, resetSeconds: 10, T0);           // ends by T0+10
        budget.Reserve(T0.AddMilliseconds(600));
        budget.Observe(limit: 2, remaining: 0, resetSeconds: 9, T0.AddMilliseconds(700)); // ends by T0+9.7
        Assert.Equal(T0.AddMilliseconds(9_700), budget.End);
        var wait = budget.Reserve(T0.AddSeconds(1));
        Assert.Equal(TimeSpan.FromMilliseconds(8_700) + WindowBudget.Margin, wait);

        // After the end: the limit, less the request that waited for this window.
        Assert.Null(budget.Reserve(T0.AddSeconds(10)));
        Assert.Equal(0, budget.Left);
        Assert.Null(budget.End);
    }

    [Fact]
    public void A_window_that_turns_before_the_estimated_end_is_recognised_by_the_reset_of_an_answer()
    {
        var budget = new WindowBudget();
        budget.Reserve(T0);
        // One answer 0.1 s before the server's window ends says "reset 1": the estimate is T0+1.1, the truth T0+0.1.
        budget.Observe(limit: 100, remaining: 3, resetSeconds: 1, T0.AddMilliseconds(10));
        for (var i = 0; i < 3; i++)
        {
            budget.Reserve(T0.AddMilliseconds(200));
        }
        // An answer of the server's new window, before T0+1.1: 99 left, and the three requests still in flight.
        budget.Observe(limit: 100, remaining: 99, resetSeconds: 10, T0.AddMilliseconds(300));
        Assert.Equal(T0.AddMilliseconds(10_300), budget.End);
        Assert.Equal(97, budget.Left);
        // At T0+1.1 nothing turns over again: the new window's end is T0+10.3.
        Assert.Null(budget.Reserve(T0.AddMilliseconds(1_200)));
        Assert.Equal(96, budget.Left);
    }

    [Fact]
    public void An_answer_from_the_previous_window_arriving_late_is_ignored()
    {
        var budget = new WindowBudget();
        budget.Reserve(T0);
        budget.Observe(limit: 100, remaining: 99, resetSeconds: 10, T0);
        budget.Reserve(T0.AddSeconds(9.9));
        Assert.Null(budget.Reserve(T0.AddSeconds(10.05)));   // the next window: 100 less this one
        Assert.Equal(99, budget.Left);
        // The request sent at 9.9 s, counted in the old window, answered in the new one: remaining 0, reset 1.
        budget.Observe(limit: 100, remaining: 0, resetSeconds: 1, T0.AddSeconds(10.1));
        Assert.Equal(99, budget.Left);
        Assert.Null(budget.End);
    }

    /// <param name="primed">One request answered before the job (Connect-Zendesk's users/me does this for the account's
    /// window). Without it the first requests go out blind, and answers out of order make the first window's count
    /// pessimistic: up to workers − 1 of its slots go unused, which may cost one more window; never a 429.</param>
    [Theory]
    [InlineData(1, 1_500, 700, 10, true)]
    [InlineData(8, 1_500, 700, 10, true)]
    [InlineData(8, 30, 10, 10, true)]
    [InlineData(64, 400, 100, 60, true)]
    [InlineData(1, 30, 10, 10, false)]
    [InlineData(8, 30, 10, 10, false)]
    [InlineData(64, 400, 100, 60, false)]
    public void A_bulk_job_against_a_fixed_window_server_meets_no_429_and_finishes_near_the_ideal(int workers, int requests, int limit, int windowSeconds, bool primed)
    {
        // A simulated server with fixed windows (aligned to multiples of the window), answering after a random
        // latency of 0.1-2 ms each way; reset is whole seconds rounded up, as Zendesk's headers are.
        var random = new Random(12);
        var window = TimeSpan.FromSeconds(windowSeconds);
        var start = T0.AddSeconds(0.3);
        var budget = new WindowBudget();
        var counts = new Dictionary<long, int>();
        var events = new PriorityQueue<Action<DateTimeOffset>, DateTimeOffset>();
        int sent = 0, answered = 0, tooMany = 0;
        var finished = start;
        var log = new System.Text.StringBuilder();

        void Next(DateTimeOffset now)
        {
            if (sent == requests)
            {
                return;
            }
            sent++;
            var wait = budget.Reserve(now) ?? TimeSpan.Zero;
            log.AppendLine($"{(now - start).TotalSeconds:F3} reserve #{sent} wait {wait.TotalSeconds:F3} left {budget.Left} end {(budget.End - start)?.TotalSeconds:F3}");
            var arrives = now + wait + TimeSpan.FromTicks(random.Next(1_000, 20_000));
            var index = arrives.UtcTicks / window.Ticks;
            var used = counts.GetValueOrDefault(index);
            var allowed = used < limit;
            counts[index] = allowed ? used + 1 : used;
            tooMany += allowed ? 0 : 1;
            var reset = (int)Math.Max(1, Math.Ceiling((new DateTimeOffset((index + 1) * window.Ticks, TimeSpan.Zero) - arrives).TotalSeconds));
            var remaining = Math.Max(0, limit - counts[index]);
            events.Enqueue(at =>
            {
                budget.Observe(limit, remaining, reset, at);
                answered++;
                finished = at;
                Next(at);
            }, arrives + TimeSpan.FromTicks(random.Next(1_000, 20_000)));
        }

        if (primed)
        {
            var sentAt = start.AddSeconds(-0.2);
            budget.Reserve(sentAt);
            var index = sentAt.UtcTicks / window.Ticks;
            counts[index] = 1;
            var reset = (int)Math.Ceiling((new DateTimeOffset((index + 1) * window.Ticks, TimeSpan.Zero) - sentAt).TotalSeconds);
            budget.Observe(limit, limit - 1, reset, sentAt.AddMilliseconds(2));
        }
        for (var i = 0; i < workers; i++)
        {
            Next(start);
        }
        while (events.TryDequeue(out var handle, out var at))
        {
            handle(at);
        }

        Assert.Equal(requests, answered);
        Assert.True(tooMany == 0, $"{tooMany} × 429\n" + log);
        // The ideal: the rest of the first window (less the primed request), then a whole window for each further limit's worth.
        var firstEnd = new DateTimeOffset((start.UtcTicks / window.Ticks + 1) * window.Ticks, TimeSpan.Zero);
        var first = limit - (primed ? 1 : 0);
        var later = requests <= first ? 0 : (requests - first + limit - 1) / limit;
        var ideal = later == 0 ? TimeSpan.Zero : firstEnd - start + TimeSpan.FromTicks(window.Ticks * (later - 1));
        var slack = primed || workers == 1 ? 1.0 + 0.05 * ideal.TotalSeconds : windowSeconds + 1.0;
        Assert.True((finished - start).TotalSeconds <= ideal.TotalSeconds + slack && finished - start >= ideal, $"finished after {(finished - start).TotalSeconds:F3} s, ideal {ideal.TotalSeconds:F3} s\n" + log);
    }

    [Fact]
    public void The_connection_paces_from_the_ratelimit_headers_and_an_endpoint_from_its_own()
    {
        var state = new RateLimitState();
        var exports = new Uri("https://acme.zendesk.com/api/v2/incremental/tickets/cursor.json?start_time=1");
        Assert.Null(state.PauseBeforeRequest(exports));
        using var response = new HttpResponseMessage();
        response.Headers.Add("ratelimit-limit", "700");
        response.Headers.Add("ratelimit-remaining", "699");
        response.Headers.Add("ratelimit-reset", "40");
        response.Headers.Add("zendesk-ratelimit-incremental-exports", "total=10; remaining=0; resets=30");
        state.Update(response.Headers, exports);

        var wait = state.PauseBeforeRequest(exports);
        Assert.NotNull(wait);
        Assert.InRange(wait.Value.Delay.TotalSeconds, 29.5, 30.2);
        Assert.Contains("incremental-exports", wait.Value.Reason);
        // Another endpoint goes at once: only the account's window applies to it.
        Assert.Null(state.PauseBeforeRequest(new Uri("https://acme.zendesk.com/api/v2/tickets/1.json")));
    }
}

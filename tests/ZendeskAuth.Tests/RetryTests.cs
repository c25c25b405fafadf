using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using ZendeskAuth.Emulator;

namespace ZendeskAuth.Tests;

public class RetryTests : HostedTest
{
    public RetryTests(EmulatorFixture fixture) : base(fixture) => ConnectAsAdmin();

    private int RequestsTo(string path) => Emulator.Requests.Count(r => r.PathAndQuery.StartsWith(path, StringComparison.Ordinal));

    [Fact]
    public void Retry_After_in_seconds_is_waited_out_and_reported()
    {
        Emulator.Faults.Add("/api/v2/tickets/11.json", Fault.Status(429, retryAfter: TimeSpan.FromSeconds(1)), times: 1);
        var timer = Stopwatch.StartNew();
        var result = Shell.Run("(Invoke-ZendeskRequest tickets/11.json -Verbose).ticket.id");
        result.ThrowIfFailed();
        Assert.Equal(11L, result.Output.Single().BaseObject);
        Assert.True(timer.Elapsed >= TimeSpan.FromSeconds(1), $"took {timer.Elapsed}");
        Assert.Contains(result.Verbose, v => v.Message.Contains("retry 1 of 3 after 1.0 s (Retry-After)"));
    }

    [Fact]
    public void Retry_After_as_an_http_date_is_waited_out()
    {
        var date = DateTimeOffset.UtcNow.AddSeconds(2).ToString("r", CultureInfo.InvariantCulture);
        Emulator.Faults.Add("/api/v2/tickets/12.json", Fault.Status(503, retryAfterHttpDate: date), times: 1);
        var timer = Stopwatch.StartNew();
        var result = Shell.Run("(Invoke-ZendeskRequest tickets/12.json -Verbose).ticket.id");
        result.ThrowIfFailed();
        Assert.Equal(12L, result.Output.Single().BaseObject);
        Assert.True(timer.Elapsed >= TimeSpan.FromSeconds(0.9), $"took {timer.Elapsed}");
        Assert.Contains(result.Verbose, v => v.Message.Contains("Zendesk answered 503"));
    }

    [Fact]
    public void Retries_are_bounded_and_end_in_LimitsExceeded()
    {
        Emulator.Faults.Add("/api/v2/tickets/13.json", Fault.Status(429, retryAfter: TimeSpan.Zero));
        Emulator.ClearRequests();
        var error = SingleError(Shell.Run("Invoke-ZendeskRequest tickets/13.json -MaxRetries 2"));
        Assert.Equal("ZendeskRateLimited,ZendeskAuth.Commands.InvokeZendeskRequestCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.LimitsExceeded, error.CategoryInfo.Category);
        Assert.Contains("after 2 retries", error.Exception.Message);
        Assert.Equal(3, RequestsTo("/api/v2/tickets/13.json"));
    }

    [Fact]
    public void A_POST_is_not_retried_after_a_500_or_502()
    {
        Emulator.Faults.Add("/api/v2/tickets.json", Fault.Status(500), times: 1);
        Emulator.ClearRequests();
        var error = SingleError(Shell.Run("Invoke-ZendeskRequest tickets.json -Method Post -Body @{ ticket = @{ subject = 's'; comment = @{ body = 'b' } } }"));
        Assert.Equal("ZendeskServerError,ZendeskAuth.Commands.InvokeZendeskRequestCommand", error.FullyQualifiedErrorId);
        Assert.Equal(1, RequestsTo("/api/v2/tickets.json"));

        Emulator.Faults.Add("/api/v2/tickets.json", Fault.HtmlErrorPage(502), times: 1);
        Emulator.ClearRequests();
        SingleError(Shell.Run("Invoke-ZendeskRequest tickets.json -Method Post -Body @{ ticket = @{ subject = 's'; comment = @{ body = 'b' } } }"));
        Assert.Equal(1, RequestsTo("/api/v2/tickets.json"));
    }

    [Fact]
    public void A_POST_is_retried_after_a_429_which_Zendesk_did_not_process()
    {
        Emulator.Faults.Add("/api/v2/tickets.json", Fault.Status(429, retryAfter: TimeSpan.Zero), times: 1);
        Emulator.ClearRequests();
        var result = Shell.Run("(Invoke-ZendeskRequest tickets.json -Method Post -Body @{ ticket = @{ subject = 'again'; comment = @{ body = 'b' } } }).ticket.subject");
        result.ThrowIfFailed();
        Assert.Equal("again", result.Output.Single().BaseObject);
        Assert.Equal(2, RequestsTo("/api/v2/tickets.json"));
    }

    [Theory]
    [InlineData("reset")]
    [InlineData("502")]
    [InlineData("504")]
    public void Transient_failures_of_a_GET_are_retried(string kind)
    {
        var path = $"/api/v2/tickets/{(kind == "reset" ? 14 : kind == "502" ? 15 : 16)}.json";
        Emulator.Faults.Add(path, kind == "reset" ? Fault.ConnectionReset() : Fault.Status(int.Parse(kind, CultureInfo.InvariantCulture)), times: 1);
        Emulator.ClearRequests();
        var result = Shell.Run($"(Invoke-ZendeskRequest {path}).ticket.id");
        result.ThrowIfFailed();
        Assert.Single(result.Output);
        Assert.Equal(2, RequestsTo(path));
    }

    [Fact]
    public void Ctrl_C_during_a_Retry_After_wait_stops_at_once()
    {
        Emulator.Faults.Add("/api/v2/tickets/17.json", Fault.Status(429, retryAfter: TimeSpan.FromSeconds(60)), times: 1);
        Emulator.ClearRequests();
        using var shell = Shell.Create("Invoke-ZendeskRequest tickets/17.json");
        var running = shell.BeginInvoke();
        var waited = Stopwatch.StartNew();
        while (RequestsTo("/api/v2/tickets/17.json") == 0)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), "the request never reached the emulator");
            Thread.Sleep(20);
        }
        Thread.Sleep(300);

        var stopping = Stopwatch.StartNew();
        shell.Stop();
        Assert.Throws<PipelineStoppedException>(() => shell.EndInvoke(running));
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(2), $"Stop took {stopping.Elapsed}");
        Assert.Equal(1, RequestsTo("/api/v2/tickets/17.json"));
    }

    [Fact]
    public void Concurrent_requests_come_out_in_input_order_and_a_failure_does_not_stop_the_rest()
    {
        // The first requests are the slowest, so a result written as it arrives would come out of order.
        for (var id = 21; id <= 28; id++)
        {
            Emulator.Faults.Add($"/api/v2/tickets/{id}.json", Fault.Latency(TimeSpan.FromMilliseconds((29 - id) * 60)), times: 1);
        }
        var result = Shell.Run("""
            21..24 + 999999999 + 25..28 | ForEach-Object { "tickets/$_.json" } | Invoke-ZendeskRequest -ThrottleLimit 8 | ForEach-Object { $_.ticket.id }
            """);
        Assert.Equal(new object[] { 21L, 22L, 23L, 24L, 25L, 26L, 27L, 28L }, result.Output.Select(o => o.BaseObject).ToArray());
        Assert.Equal("ZendeskNotFound,ZendeskAuth.Commands.InvokeZendeskRequestCommand", SingleError(result).FullyQualifiedErrorId);
    }
}

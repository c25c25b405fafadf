using ZendeskAuth.Emulator;

namespace ZendeskAuth.Tests;

/// <summary>
/// Issue 9 item 6 and issue 8 item 4: every rate-limit header form is read, per-endpoint limits are respected, and
/// hostile figures neither poison the connection nor make it wait longer than the request may.
/// </summary>
public class RateLimitFidelityTests : HostedTest
{
    private const string Invoke = "ZendeskAuth.Commands.InvokeZendeskRequestCommand";

    public RateLimitFidelityTests(EmulatorFixture fixture) : base(fixture)
    {
        Emulator.Faults.Clear();
        Emulator.RateLimit.LimitPerMinute = 700;
        Emulator.RateLimit.Reset();
        Emulator.IncrementalExportLimit.Reset();
        ConnectAsAdmin();
    }

    [Theory]
    [InlineData(RateLimitHeaderStyle.RateLimit)]
    [InlineData(RateLimitHeaderStyle.RateLimitDashed)]
    public void Both_header_families_give_the_limit_the_remaining_and_the_reset(RateLimitHeaderStyle style)
    {
        Emulator.RateLimitHeaders = style;
        try
        {
            var result = Shell.Run("""
                $c = Connect-Zendesk -Url $Url -Email $AdminEmail -ApiToken $ApiToken -SkipCertificateCheck -PassThru -WarningAction SilentlyContinue
                Invoke-ZendeskRequest users/me.json -Connection $c | Out-Null
                $c.RateLimit.Limit; $c.RateLimit.Remaining -lt 700; $c.RateLimit.ResetSeconds -ge 1 -and $c.RateLimit.ResetSeconds -le 60
                """);
            result.ThrowIfFailed();
            Assert.Equal(new object[] { 700, true, true }, result.Output.Select(o => o.BaseObject).ToArray());
        }
        finally
        {
            Emulator.RateLimitHeaders = RateLimitHeaderStyle.RateLimit;
        }
    }

    [Fact]
    public void A_per_endpoint_header_is_read()
    {
        Emulator.TicketsIndexLimit.Limit = 100;
        try
        {
            var result = Shell.Run("""
                Invoke-ZendeskRequest tickets.json | Out-Null
                $e = (Get-ZendeskConnection).RateLimit.Endpoints | Where-Object Name -eq 'tickets-index'
                $e.Total; $e.Remaining
                """);
            result.ThrowIfFailed();
            Assert.Equal(new object[] { 100, 99 }, result.Output.Select(o => o.BaseObject).ToArray());
        }
        finally
        {
            Emulator.TicketsIndexLimit.Limit = 0;
            Emulator.TicketsIndexLimit.Reset();
        }
    }

    [Fact]
    public void The_incremental_export_limit_is_waited_for_instead_of_hit()
    {
        // Two exports a (short) window: a 250-ticket export at 50 a page needs 6 requests. With -MaxRetries 0 a
        // single 429 would be an error: the module must wait for the endpoint's window from its own header.
        Emulator.IncrementalExportLimit.Limit = 2;
        Emulator.IncrementalExportLimit.Window = TimeSpan.FromSeconds(1);
        try
        {
            var result = Shell.Run("@(Invoke-ZendeskRequest incremental/tickets/cursor.json -Query @{ start_time = 0; per_page = 50 } -Paginate -MaxRetries 0).Count");
            result.ThrowIfFailed();
            Assert.Equal(250, result.Output.Single().BaseObject);
        }
        finally
        {
            Emulator.IncrementalExportLimit.Limit = 10;
            Emulator.IncrementalExportLimit.Window = TimeSpan.FromMinutes(1);
            Emulator.IncrementalExportLimit.Reset();
        }
    }

    [Theory]
    [InlineData("ratelimit-reset", "2147483647")]
    [InlineData("ratelimit-reset", "NaN")]
    [InlineData("ratelimit-reset", "-5")]
    [InlineData("rate-limit-reset", "1e9")]
    [InlineData("ratelimit-reset", "99999999999999999999")]
    public void An_absurd_reset_does_not_poison_the_connection(string header, string value)
    {
        // Both families carry the value, so the emulator's own (sane) figures do not hide it.
        var hostile = new Dictionary<string, string> { ["X-Rate-Limit"] = "700", ["X-Rate-Limit-Remaining"] = "0", ["ratelimit-reset"] = value, ["rate-limit-reset"] = value };
        Assert.Contains(header, hostile.Keys);
        Emulator.Faults.Add("/api/v2/users/me", Fault.Text(200, "application/json; charset=utf-8", """{"user":{"id":1}}""", hostile), times: 1);
        var result = Shell.Run("""
            Invoke-ZendeskRequest users/me.json | Out-Null
            (Invoke-ZendeskRequest tickets/1.json -TimeoutSec 5 -MaxRetries 0).ticket.id
            """);
        result.ThrowIfFailed();
        Assert.Equal(1L, result.Output.Single().BaseObject);
    }

    [Fact]
    public void A_reset_longer_than_TimeoutSec_fails_at_once_as_RateLimited_instead_of_waiting()
    {
        var hostile = new Dictionary<string, string> { ["X-Rate-Limit"] = "700", ["X-Rate-Limit-Remaining"] = "0", ["ratelimit-reset"] = "3600", ["rate-limit-reset"] = "3600" };
        Emulator.Faults.Add("/api/v2/users/me", Fault.Text(200, "application/json; charset=utf-8", """{"user":{"id":1}}""", hostile), times: 1);
        Emulator.ClearRequests();
        var result = Shell.Run("""
            Invoke-ZendeskRequest users/me.json | Out-Null
            Invoke-ZendeskRequest tickets/1.json -TimeoutSec 5 -MaxRetries 0
            """);
        var error = SingleError(result);
        Assert.Equal($"ZendeskRateLimited,{Invoke}", error.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.LimitsExceeded, error.CategoryInfo.Category);
        Assert.Contains("-TimeoutSec", error.Exception.Message);
        // Capped at Zendesk's one-minute window, not an hour.
        Assert.Matches(@"waits (6[0-5]|[1-5]?[0-9]) s more", error.Exception.Message);
        Assert.DoesNotContain(Emulator.Requests, r => r.PathAndQuery.StartsWith("/api/v2/tickets/1.json", StringComparison.Ordinal));
    }
}

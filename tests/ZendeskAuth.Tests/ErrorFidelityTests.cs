using ZendeskAuth.Emulator;

namespace ZendeskAuth.Tests;

/// <summary>
/// Issue 9 item 5 and issue 11 items 10–11: error bodies that are not JSON are quoted, limits are named for what they
/// are, the advice is said once, and a server that is not a Zendesk account is called that.
/// </summary>
public class ErrorFidelityTests : HostedTest
{
    private const string Invoke = "ZendeskAuth.Commands.InvokeZendeskRequestCommand";

    public ErrorFidelityTests(EmulatorFixture fixture) : base(fixture)
    {
        ConnectAsAdmin();
        Emulator.Faults.Clear();
    }

    private static void AssertWellFormed(System.Management.Automation.ErrorRecord error)
    {
        Assert.DoesNotContain("..", error.Exception.Message);
        Assert.DoesNotContain("..", error.ErrorDetails.Message);
        // The advice is said once: as the recommendation, not again in the details PowerShell shows above it.
        if (!string.IsNullOrEmpty(error.ErrorDetails.RecommendedAction))
        {
            Assert.DoesNotContain(error.ErrorDetails.RecommendedAction, error.ErrorDetails.Message);
        }
    }

    [Fact]
    public void A_text_html_400_puts_its_sentence_in_the_message()
    {
        Emulator.Faults.Add("/api/v2/channels/voice/phone_numbers", Fault.Text(400, ZendeskErrors.HtmlContentType, ZendeskErrors.RequiredParameterMissingPhoneNumber), times: 1);
        var error = SingleError(Shell.Run("Invoke-ZendeskRequest channels/voice/phone_numbers.json -Method Post -Body @{ phone_number = @{} }"));
        Assert.Equal($"ZendeskBadRequest,{Invoke}", error.FullyQualifiedErrorId);
        Assert.Contains("answered 400 Bad Request: Required parameter missing: phone_number", error.Exception.Message);
        AssertWellFormed(error);
    }

    [Fact]
    public void The_per_ticket_update_limit_is_quoted_and_not_called_the_accounts_limit()
    {
        Emulator.TicketUpdateLimit.Limit = 1;
        try
        {
            var result = Shell.Run("""
                Invoke-ZendeskRequest tickets/7.json -Method Put -Body @{ ticket = @{ status = 'open' } } | Out-Null
                Invoke-ZendeskRequest tickets/7.json -Method Put -Body @{ ticket = @{ status = 'pending' } } -MaxRetries 0
                """);
            var error = SingleError(result);
            Assert.Equal($"ZendeskRateLimited,{Invoke}", error.FullyQualifiedErrorId);
            Assert.Contains(ZendeskErrors.TicketUpdateRateLimitExceeded, error.Exception.Message);
            Assert.DoesNotContain("The account's rate limit", error.ErrorDetails.RecommendedAction);
            Assert.Contains("not the account's limit", error.ErrorDetails.RecommendedAction);
            Assert.DoesNotContain("<", error.ErrorDetails.Message);
            AssertWellFormed(error);
        }
        finally
        {
            Emulator.TicketUpdateLimit.Limit = 30;
            Emulator.TicketUpdateLimit.Reset();
        }
    }

    [Fact]
    public void The_incremental_export_limit_is_named_as_such()
    {
        Emulator.IncrementalExportLimit.Limit = 1;
        try
        {
            // The first export spends the window; a second connection, which has seen no headers yet, gets the 429.
            Shell.Run("Invoke-ZendeskRequest 'incremental/tickets/cursor.json?start_time=0&per_page=1' | Out-Null").ThrowIfFailed();
            var direct = SingleError(Shell.Run("Invoke-ZendeskRequest 'incremental/tickets/cursor.json?start_time=0&per_page=1' -MaxRetries 0 -Connection (Connect-Zendesk -Url $Url -Email $AdminEmail -ApiToken $ApiToken -SkipCertificateCheck -PassThru -WarningAction SilentlyContinue)"));
            Assert.Equal($"ZendeskRateLimited,{Invoke}", direct.FullyQualifiedErrorId);
            Assert.Contains("incremental export limit", direct.ErrorDetails.RecommendedAction);
            Assert.DoesNotContain("The account's rate limit", direct.Exception.Message);
            AssertWellFormed(direct);
        }
        finally
        {
            Emulator.IncrementalExportLimit.Limit = 10;
            Emulator.IncrementalExportLimit.Reset();
        }
    }

    [Fact]
    public void The_accounts_text_plain_429_is_quoted_and_called_the_accounts_limit()
    {
        Emulator.Faults.Add("/api/v2/users/me", Fault.Text(429, "text/plain", ZendeskErrors.RateLimitExceededText, new Dictionary<string, string> { ["Retry-After"] = "1" }), times: 1);
        var error = SingleError(Shell.Run("Invoke-ZendeskRequest users/me.json -MaxRetries 0"));
        Assert.Equal($"ZendeskRateLimited,{Invoke}", error.FullyQualifiedErrorId);
        Assert.Contains(ZendeskErrors.RateLimitExceededText, error.Exception.Message);
        Assert.Contains("account's rate limit", error.ErrorDetails.RecommendedAction);
        AssertWellFormed(error);
    }

    [Theory]
    [InlineData(" ", "text/html")]
    [InlineData("", null)]
    [InlineData("\r\n", "text/plain")]
    public void A_404_with_a_blank_body_points_nowhere_empty(string body, string? contentType)
    {
        Emulator.Faults.Add("/api/v2/tickets/12345", Fault.Text(404, contentType, body), times: 1);
        var error = SingleError(Shell.Run("Invoke-ZendeskRequest tickets/12345.json"));
        Assert.Equal($"ZendeskNotFound,{Invoke}", error.FullyQualifiedErrorId);
        Assert.DoesNotContain("see ErrorDetails", error.Exception.Message);
        Assert.DoesNotContain("see ErrorDetails", error.ErrorDetails.Message);
        AssertWellFormed(error);
    }

    [Fact]
    public void Zendesks_JSON_404_keeps_its_own_advice_said_once()
    {
        var error = SingleError(Shell.Run("Invoke-ZendeskRequest tickets/999999.json"));
        Assert.Equal($"ZendeskNotFound,{Invoke}", error.FullyQualifiedErrorId);
        Assert.Contains("RecordNotFound", error.Exception.Message);
        Assert.Contains("Check the path and the id", error.ErrorDetails.RecommendedAction);
        AssertWellFormed(error);
    }

    [Fact]
    public void Connect_Zendesk_to_a_web_site_that_is_not_a_Zendesk_account_says_so_without_dumping_the_page()
    {
        const string page = "<!DOCTYPE html><html><head><title>Page not found · Example Corp</title><style>body{}</style></head><body><h1>Sorry</h1><p>We looked everywhere.</p></body></html>";
        Emulator.Faults.Add("/api/v2/users/me", Fault.Text(404, "text/html; charset=utf-8", page), times: 1);
        var error = SingleError(Shell.Run("Connect-Zendesk -Url $Url -Email $AdminEmail -ApiToken $ApiToken -SkipCertificateCheck -WarningAction SilentlyContinue"));
        Assert.Contains("No Zendesk account answered", error.ErrorDetails.RecommendedAction);
        Assert.DoesNotContain("Check the path and the id", error.ErrorDetails.RecommendedAction);
        Assert.DoesNotContain("<", error.ErrorDetails.Message);
        Assert.DoesNotContain("We looked everywhere", error.ErrorDetails.Message);
        Assert.Contains("Page not found", error.Exception.Message);
        AssertWellFormed(error);
    }
}

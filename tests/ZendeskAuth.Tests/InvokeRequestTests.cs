using System.Diagnostics;
using System.Management.Automation;
using ZendeskAuth.Emulator;

namespace ZendeskAuth.Tests;

public class InvokeRequestTests : HostedTest
{
    public InvokeRequestTests(EmulatorFixture fixture) : base(fixture) => ConnectAsAdmin();

    [Fact]
    public void Every_path_form_reaches_the_same_endpoint()
    {
        var result = Shell.Run("""
            foreach ($p in '/api/v2/users/me.json', 'api/v2/users/me.json', 'users/me.json', "$Url/api/v2/users/me.json") {
                (Invoke-ZendeskRequest $p).user.id
            }
            """);
        result.ThrowIfFailed();
        Assert.All(result.Output, o => Assert.Equal(DemoCredentials.AdminUserId, o.BaseObject));
        Assert.IsType<long>(result.Output[0].BaseObject);
    }

    [Fact]
    public void Another_host_never_gets_the_credential()
    {
        Emulator.ClearRequests();
        var result = Shell.Run("Invoke-ZendeskRequest 'https://evil.example.com/api/v2/users/me.json'");
        Assert.Equal("ForeignHost,ZendeskAuth.Commands.InvokeZendeskRequestCommand", SingleError(result).FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.SecurityError, result.Errors[0].CategoryInfo.Category);
        Assert.Empty(Emulator.Requests);
    }

    [Fact]
    public void Body_of_depth_10_round_trips_intact()
    {
        var result = Shell.Run("""
            $body = @{ value = 'leaf'; n = 36000000001 }
            foreach ($i in 1..10) { $body = @{ level = $i; child = $body } }
            $echo = Invoke-ZendeskRequest /api/v2/emulator/echo -Method Post -Body $body
            $node = $echo; $levels = 0
            while ($node.child) { $levels++; $node = $node.child }
            $levels; $node.value; $node.n; $node.n.GetType().Name
            """);
        result.ThrowIfFailed();
        Assert.Equal(new object[] { 10, "leaf", 36000000001L, "Int64" }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Post_sends_utf8_json_and_outputs_the_created_record()
    {
        Emulator.ClearRequests();
        var result = Shell.Run("""
            $t = Invoke-ZendeskRequest tickets.json -Method Post -Body ([ordered]@{ ticket = [ordered]@{ subject = 'Zoë £'; comment = @{ body = 'hi' }; tags = @('a', 'b') } })
            $t.ticket.subject; $t.ticket.id.GetType().Name
            """);
        result.ThrowIfFailed();
        Assert.Equal(new object[] { "Zoë £", "Int64" }, result.Output.Select(o => o.BaseObject).ToArray());
        var request = Emulator.Requests.Single();
        Assert.Equal("POST", request.Method);
        Assert.StartsWith("application/json", request.Headers["Content-Type"]);
        Assert.Contains("\"subject\":\"Zoë £\"", request.Body);
    }

    [Fact]
    public void Json_string_body_and_query_and_headers_are_sent()
    {
        Emulator.ClearRequests();
        var result = Shell.Run("""
            Invoke-ZendeskRequest /api/v2/emulator/echo -Method Post -Body '{"x": [1, 2]}' -Query @{ 'page[size]' = 2; ids = 1, 2 } -Headers @{ 'X-On-Behalf-Of' = 'enduser@example.com' } -Raw
            """);
        result.ThrowIfFailed();
        Assert.Equal("""{"x": [1, 2]}""", result.Output.Single().BaseObject);
        var request = Emulator.Requests.Single();
        Assert.Contains("page%5Bsize%5D=2", request.PathAndQuery);
        Assert.Contains("ids=1%2C2", request.PathAndQuery);
        Assert.Equal("enduser@example.com", request.Headers["X-On-Behalf-Of"]);
    }

    [Fact]
    public void A_header_given_several_values_is_sent_as_one_comma_separated_value()
    {
        Emulator.ClearRequests();
        Shell.Run("$null = Invoke-ZendeskRequest /api/v2/emulator/echo -Method Post -Body '{}' -Headers @{ 'X-Tags' = @('a', 'b', 3) } -Raw").ThrowIfFailed();
        Assert.Equal("a, b, 3", Emulator.Requests.Single().Headers["X-Tags"]);
    }

    [Fact]
    public void Authorization_cannot_be_overridden()
    {
        Emulator.ClearRequests();
        var error = SingleError(Shell.Run("Invoke-ZendeskRequest users/me.json -Headers @{ authorization = 'Bearer other' }"));
        Assert.Equal("ProtectedHeader,ZendeskAuth.Commands.InvokeZendeskRequestCommand", error.FullyQualifiedErrorId);
        Assert.Empty(Emulator.Requests);
    }

    [Fact]
    public void Invalid_json_string_body_is_refused_before_sending()
    {
        Emulator.ClearRequests();
        var error = SingleError(Shell.Run("Invoke-ZendeskRequest tickets.json -Method Post -Body '{ oops'"));
        Assert.Equal("InvalidBody,ZendeskAuth.Commands.InvokeZendeskRequestCommand", error.FullyQualifiedErrorId);
        Assert.Empty(Emulator.Requests);
    }

    [Fact]
    public void Delete_with_204_outputs_nothing()
    {
        var result = Shell.Run("Invoke-ZendeskRequest tickets/250.json -Method Delete");
        result.ThrowIfFailed();
        Assert.Empty(result.Output);
    }

    [Theory]
    [InlineData("tickets/999999999.json", "Get", "", "ZendeskNotFound", ErrorCategory.ObjectNotFound, "RecordNotFound")]
    [InlineData("tickets.json", "Post", "-Body @{ ticket = @{ subject = 'no comment' } }", "ZendeskInvalidData", ErrorCategory.InvalidData, "RecordInvalid")]
    [InlineData("no/such/endpoint.json", "Get", "", "ZendeskNotFound", ErrorCategory.ObjectNotFound, "InvalidEndpoint")]
    public void Error_answers_have_stable_ids_and_Zendesks_text(string path, string method, string extra, string id, ErrorCategory category, string zendeskText)
    {
        var result = Shell.Run($"Invoke-ZendeskRequest {path} -Method {method} {extra}");
        var error = SingleError(result);
        Assert.Equal($"{id},ZendeskAuth.Commands.InvokeZendeskRequestCommand", error.FullyQualifiedErrorId);
        Assert.Equal(category, error.CategoryInfo.Category);
        Assert.Contains(zendeskText, error.Exception.Message);
        Assert.Contains(zendeskText, error.ErrorDetails.Message);
        Assert.Contains("{", error.ErrorDetails.Message);
    }

    [Fact]
    public void Forbidden_for_the_role_says_what_to_check()
    {
        Shell.Runspace.SessionStateProxy.SetVariable("AgentEmail", DemoCredentials.AgentEmail);
        Shell.Runspace.SessionStateProxy.SetVariable("AgentPassword", DemoCredentials.AgentPassword);
        var result = Shell.Run("""
            $agent = Connect-Zendesk -Url $Url -Credential (New-TestCredential $AgentEmail $AgentPassword) -SkipCertificateCheck -PassThru -WarningAction SilentlyContinue
            Invoke-ZendeskRequest audit_logs.json -Connection $agent
            """);
        var error = SingleError(result);
        Assert.Equal("ZendeskForbidden,ZendeskAuth.Commands.InvokeZendeskRequestCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.PermissionDenied, error.CategoryInfo.Category);
        Assert.Contains("You do not have access to this page", error.Exception.Message);
        Assert.Contains("role", error.Exception.Message);
    }

    [Fact]
    public void Rate_limited_answer_is_LimitsExceeded_with_the_wait()
    {
        Emulator.Faults.Add("/api/v2/tickets/7.json", Fault.Status(429, retryAfter: TimeSpan.FromSeconds(42)), times: 1);
        var error = SingleError(Shell.Run("Invoke-ZendeskRequest tickets/7.json -MaxRetries 0"));
        Assert.Equal("ZendeskRateLimited,ZendeskAuth.Commands.InvokeZendeskRequestCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.LimitsExceeded, error.CategoryInfo.Category);
        Assert.Contains("42 s", error.Exception.Message);
    }

    [Fact]
    public void Server_error_is_ResourceUnavailable()
    {
        Emulator.Faults.Add("/api/v2/tickets/8.json", Fault.Status(500), times: 1);
        var error = SingleError(Shell.Run("Invoke-ZendeskRequest tickets/8.json"));
        Assert.Equal("ZendeskServerError,ZendeskAuth.Commands.InvokeZendeskRequestCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceUnavailable, error.CategoryInfo.Category);
    }

    [Fact]
    public void Verbose_shows_method_url_status_and_time()
    {
        var result = Shell.Run("Invoke-ZendeskRequest users/me.json -Verbose");
        result.ThrowIfFailed();
        Assert.Contains(result.Verbose, v => v.Message == $"GET {Fixture.Url}/api/v2/users/me.json");
        Assert.Contains(result.Verbose, v => System.Text.RegularExpressions.Regex.IsMatch(v.Message, @"^GET \S+/api/v2/users/me\.json answered 200 OK in \d+ ms"));
    }

    [Fact]
    public void Ctrl_C_cancels_a_stalled_request_at_once()
    {
        Emulator.Faults.Add("/api/v2/tickets/55.json", Fault.Stall(), times: 1);
        Emulator.ClearRequests();
        using var shell = Shell.Create("Invoke-ZendeskRequest tickets/55.json");
        var running = shell.BeginInvoke();
        var waited = Stopwatch.StartNew();
        while (!Emulator.Requests.Any(r => r.PathAndQuery.StartsWith("/api/v2/tickets/55.json")))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), "the request never reached the emulator");
            Thread.Sleep(20);
        }

        var stopping = Stopwatch.StartNew();
        shell.Stop();
        Assert.Throws<PipelineStoppedException>(() => shell.EndInvoke(running));
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(2), $"Stop took {stopping.Elapsed}");
        Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
    }

    [Fact]
    public void Timeout_is_an_OperationTimeout_not_a_stop()
    {
        Emulator.Faults.Add("/api/v2/tickets/56.json", Fault.Stall(), times: 1);
        var error = SingleError(Shell.Run("Invoke-ZendeskRequest tickets/56.json -TimeoutSec 1 -MaxRetries 0"));
        Assert.Equal("RequestTimeout,ZendeskAuth.Commands.InvokeZendeskRequestCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.OperationTimeout, error.CategoryInfo.Category);
        Assert.Contains("-TimeoutSec", error.Exception.Message);
    }

    [Fact]
    public void Debug_shows_headers_and_bodies_with_secrets_redacted()
    {
        var result = Shell.Run("Invoke-ZendeskRequest /api/v2/emulator/echo -Method Post -Body @{ client_secret = 'body-secret-456'; note = 'visible' } -Debug");
        result.ThrowIfFailed();
        var debug = string.Join("\n", result.Debug.Select(d => d.Message));
        Assert.Contains("Authorization: Basic [REDACTED]", debug);
        Assert.Contains("User-Agent: ZendeskAuth/", debug);
        Assert.Contains("\"client_secret\":\"[REDACTED]\"", debug);
        Assert.Contains("\"note\":\"visible\"", debug);
        Assert.DoesNotContain("body-secret-456", debug);
        Assert.DoesNotContain(DemoCredentials.ApiToken, debug);
    }

    [Fact]
    public void Raw_returns_the_body_text()
    {
        var result = Shell.Run("Invoke-ZendeskRequest users/me.json -Raw");
        result.ThrowIfFailed();
        Assert.StartsWith("{\"user\":", Assert.IsType<string>(result.Output.Single().BaseObject));
    }

    [Fact]
    public void Paths_from_the_pipeline_each_get_an_answer_and_a_failure_does_not_stop_the_rest()
    {
        var result = Shell.Run("'tickets/3.json', 'tickets/999999999.json', 'tickets/4.json' | Invoke-ZendeskRequest | ForEach-Object { $_.ticket.id }");
        Assert.Equal(new object[] { 3L, 4L }, result.Output.Select(o => o.BaseObject).ToArray());
        Assert.Equal("ZendeskNotFound,ZendeskAuth.Commands.InvokeZendeskRequestCommand", SingleError(result).FullyQualifiedErrorId);
    }
}

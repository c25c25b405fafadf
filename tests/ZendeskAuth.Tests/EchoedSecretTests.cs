using System.Management.Automation;
using ZendeskAuth.Emulator;

namespace ZendeskAuth.Tests;

/// <summary>
/// Issue 8, item 2, more inputs of the same kinds: a secret the server echoes in an answer's header or as a JSON
/// name, and a password typed into a URL's user information (-Url, -Proxy, an absolute -Path), never comes back in
/// any stream, error, ErrorDetails, TargetObject or the exception's properties.
/// </summary>
public class EchoedSecretTests(EmulatorFixture fixture) : HostedTest(fixture)
{
    private const string UrlPassword = "Sup3rSecretPw";

    private static string Token(HostileRequest request) => (request.Header("Authorization") ?? "").Replace("Bearer ", "");

    /// <summary>Everything a user could see of the last error, including every property of the exception and its Headers.</summary>
    private const string ShowError = """
        $e = @($Error | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })[0]
        $e.FullyQualifiedErrorId
        "$($e.TargetObject)"
        foreach ($p in $e.PSObject.Properties) { "$($p.Name)=$($p.Value)" }
        foreach ($p in $e.Exception.PSObject.Properties) { "$($p.Name)=$($p.Value)" }
        if ($e.Exception.Headers) { foreach ($h in $e.Exception.Headers.GetEnumerator()) { "$($h.Key)=$($h.Value -join ',')" } }
        """;

    private HostileServer Connected(Func<HostileRequest, byte[]> answer)
    {
        var server = HostileServer.Start(r => r.Header("X-Probe") is null ? HostileServer.Me() : answer(r));
        Shell.Runspace.SessionStateProxy.SetVariable("HostileUrl", server.Url);
        Shell.Run("Connect-Zendesk -Url $HostileUrl -OAuthToken $OAuthToken -WarningAction SilentlyContinue").ThrowIfFailed();
        return server;
    }

    [Theory]
    [InlineData(500, "X-Echo: TOKEN", "users/me.json", "X-Echo=[REDACTED]")]
    [InlineData(302, "Location: https://elsewhere.example/login?next=TOKEN", "users/me.json", "Location=https://elsewhere.example/login?next=[REDACTED]")]
    [InlineData(401, "WWW-Authenticate: Bearer realm=\"x\", error=\"invalid_token\", seen=\"TOKEN\"", "users/me.json", "WWW-Authenticate=[REDACTED]")]
    public async Task A_secret_echoed_in_an_answer_header_is_masked_in_the_exception(int status, string header, string path, string shown)
    {
        await using var server = Connected(r => HostileServer.Answer(status, """{"error":"x"}""", "application/json", header.Replace("TOKEN", Token(r))));
        var result = Shell.Run($"Invoke-ZendeskRequest '{path}' -MaxRetries 0 -Headers @{{ 'X-Probe' = '1' }}\n" + ShowError);
        var text = result.AllText() + string.Join("\n", result.Output);
        Assert.Contains(shown, result.Output.Select(o => o?.ToString()));
        Assert.DoesNotContain(DemoCredentials.OAuthAccessToken, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_secret_echoed_as_a_JSON_name_is_masked_in_ErrorDetails_and_debug()
    {
        await using var server = Connected(r => HostileServer.Answer(422, "{\"error\":\"RecordInvalid\",\"details\":{\"" + Token(r) + "\":[{\"description\":\"is bad\"}]}}"));
        var result = Shell.Run("$DebugPreference = 'Continue'; Invoke-ZendeskRequest users/me.json -MaxRetries 0 -Headers @{ 'X-Probe' = '1' }\n" + ShowError);
        var error = result.Errors.First();
        Assert.Equal("ZendeskInvalidData,ZendeskAuth.Commands.InvokeZendeskRequestCommand", error.FullyQualifiedErrorId);
        Assert.Contains("\"[REDACTED]\":[{\"description\":\"is bad\"}]", error.ErrorDetails!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(DemoCredentials.OAuthAccessToken, result.AllText() + string.Join("\n", result.Output), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Connect-Zendesk -Url 'http://admin:PW@acme.example.com' -OAuthToken $OAuthToken", "InsecureUrl,ZendeskAuth.Commands.ConnectZendeskCommand")]
    [InlineData("Connect-Zendesk -Url 'ftp://admin:PW@acme.example.com' -OAuthToken $OAuthToken", "InvalidUrl,ZendeskAuth.Commands.ConnectZendeskCommand")]
    [InlineData("Connect-Zendesk -Url 'https://admin:PW@acme.example.com/x' -OAuthToken $OAuthToken", "InvalidUrl,ZendeskAuth.Commands.ConnectZendeskCommand")]
    [InlineData("Connect-Zendesk -Url 'https://admin:PW@acm_e.example.com' -OAuthToken $OAuthToken", "InvalidUrl,ZendeskAuth.Commands.ConnectZendeskCommand")]
    [InlineData("Connect-Zendesk -Url 'https://admin:PW@acme.example.com' -OAuthToken $OAuthToken", "InvalidUrl,ZendeskAuth.Commands.ConnectZendeskCommand")]
    [InlineData("Connect-Zendesk -Url 'https://acme.example.com' -OAuthToken $OAuthToken -Proxy 'http://proxyuser:PW@proxy.example.com:8080'", "InvalidProxy,ZendeskAuth.Commands.ConnectZendeskCommand")]
    [InlineData("Connect-Zendesk -Url 'https://acme.example.com' -OAuthToken $OAuthToken -Proxy 'ftp://proxyuser:PW@proxy.example.com:8080'", "InvalidProxy,ZendeskAuth.Commands.ConnectZendeskCommand")]
    public void A_password_in_a_URL_is_not_echoed_by_its_refusal(string script, string id)
    {
        var result = Shell.Run(script.Replace("PW", UrlPassword) + "\n" + ShowError);
        Assert.Equal(id, SingleError(result).FullyQualifiedErrorId);
        Assert.DoesNotContain(UrlPassword, result.AllText() + string.Join("\n", result.Output), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("'http://admin:PW@127.0.0.1:PORT/api/v2/users/me.json'")]
    [InlineData("'https://admin:PW@elsewhere.example.com/api/v2/users/me.json'")]
    [InlineData("'http://admin:PW@127.0.0.1:PORT/api/v2/{id}.json'")]
    public async Task A_password_in_an_absolute_path_is_not_echoed(string path)
    {
        await using var server = Connected(_ => HostileServer.Answer(404, """{"error":"RecordNotFound"}"""));
        var result = Shell.Run($"$VerbosePreference = 'Continue'; Invoke-ZendeskRequest {path.Replace("PW", UrlPassword).Replace("PORT", server.Port.ToString())} -Headers @{{ 'X-Probe' = '1' }} -MaxRetries 0\n" + ShowError);
        Assert.NotEmpty(result.Errors);
        Assert.DoesNotContain(UrlPassword, result.AllText() + string.Join("\n", result.Output), StringComparison.Ordinal);
    }
}

/// <summary>
/// Issue 8, item 2 (credentials go only where the user pointed): a -Url whose query or fragment holds what looks
/// like the account's host (<c>http://127.0.0.1:PORT#@acme.zendesk.com</c>) is refused before any byte is sent,
/// like the user-information form <c>https://acme.zendesk.com@evil</c>.
/// </summary>
public class LookAlikeUrlTests(EmulatorFixture fixture) : HostedTest(fixture)
{
    [Theory]
    [InlineData("Connect-Zendesk -Url ($HostileUrl + '#@acme.zendesk.com') -OAuthToken $OAuthToken", "InvalidUrl,ZendeskAuth.Commands.ConnectZendeskCommand")]
    [InlineData("Connect-Zendesk -Url ($HostileUrl + '?@acme.zendesk.com') -OAuthToken $OAuthToken", "InvalidUrl,ZendeskAuth.Commands.ConnectZendeskCommand")]
    [InlineData("Connect-Zendesk -Url ($HostileUrl + '/?.acme.zendesk.com') -Email $AdminEmail -ApiToken $ApiToken", "InvalidUrl,ZendeskAuth.Commands.ConnectZendeskCommand")]
    [InlineData("Test-ZendeskAuthorizationHeader -Header (ConvertTo-ZendeskAuthorizationHeader -OAuthToken $OAuthToken) -Url ($HostileUrl + '#@acme.zendesk.com')", "InvalidUrl,ZendeskAuth.Commands.TestZendeskAuthorizationHeaderCommand")]
    public async Task A_url_whose_query_or_fragment_looks_like_the_host_is_refused_before_sending(string script, string id)
    {
        await using var server = HostileServer.Start(_ => HostileServer.Me());
        Shell.Runspace.SessionStateProxy.SetVariable("HostileUrl", server.Url);
        var result = Shell.Run(script + " -WarningAction SilentlyContinue");
        Assert.Equal(id, SingleError(result).FullyQualifiedErrorId);
        Assert.Equal("", server.ReceivedText);
        Assert.Empty(Shell.Run("Get-ZendeskConnection").Output);
    }
}

/// <summary>
/// Issue 8, item 2: <c>-Query @{ access_token = … }</c> never shows in what paging says about a page (the
/// self-link warning, the PagingLoop error and its target) nor in -WhatIf.
/// </summary>
public class QuerySecretTests(EmulatorFixture fixture) : HostedTest(fixture)
{
    private const string QuerySecret = "qsecret-1234567890";

    [Theory]
    [InlineData("self")]
    [InlineData("cycle")]
    public async Task A_secret_query_value_is_masked_in_paging_warnings_and_errors(string shape)
    {
        await using var server = HostileServer.Start(request =>
        {
            if (request.Path == "/api/v2/users/me.json")
            {
                return HostileServer.Me();
            }
            var next = shape == "self" || request.Target.Contains("p=2", StringComparison.Ordinal)
                ? request.Target.Replace("&p=2", "", StringComparison.Ordinal)
                : request.Target + "&p=2";
            return HostileServer.Answer(200, "{\"things\":[{\"id\":1}],\"next_page\":\"http://" + request.Header("Host") + next + "\"}");
        });
        Shell.Runspace.SessionStateProxy.SetVariable("HostileUrl", server.Url);
        Shell.Runspace.SessionStateProxy.SetVariable("QuerySecret", QuerySecret);
        Shell.Run("Connect-Zendesk -Url $HostileUrl -OAuthToken $OAuthToken -WarningAction SilentlyContinue").ThrowIfFailed();
        var result = Shell.Run("Invoke-ZendeskRequest things.json -Query @{ access_token = $QuerySecret } -Paginate");
        Assert.Contains("PagingLoop", string.Join("\n", result.Warnings.Select(w => w.Message).Concat(result.AllErrors.Select(e => e.FullyQualifiedErrorId))), StringComparison.Ordinal);
        Assert.DoesNotContain(QuerySecret, result.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_secret_query_value_is_masked_in_WhatIf()
    {
        await using var server = HostileServer.Start(_ => HostileServer.Me());
        Shell.Runspace.SessionStateProxy.SetVariable("HostileUrl", server.Url);
        Shell.Runspace.SessionStateProxy.SetVariable("QuerySecret", QuerySecret);
        Shell.Run("Connect-Zendesk -Url $HostileUrl -OAuthToken $OAuthToken -WarningAction SilentlyContinue").ThrowIfFailed();
        var result = Shell.Run("Invoke-ZendeskRequest tickets.json -Method Post -Body @{ a = 1 } -Query @{ access_token = $QuerySecret } -WhatIf");
        Assert.Empty(result.AllErrors);
        Assert.Contains("access_token=[REDACTED]", Shell.HostText, StringComparison.Ordinal);
        Assert.DoesNotContain(QuerySecret, Shell.HostText + result.AllText(), StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task An_absolute_path_with_a_password_is_refused_before_sending()
    {
        await using var server = HostileServer.Start(_ => HostileServer.Me());
        Shell.Runspace.SessionStateProxy.SetVariable("HostileUrl", server.Url);
        Shell.Run("Connect-Zendesk -Url $HostileUrl -OAuthToken $OAuthToken -WarningAction SilentlyContinue").ThrowIfFailed();
        var result = Shell.Run("Invoke-ZendeskRequest ($HostileUrl.Replace('http://', 'http://admin:Sup3rSecretPw@') + '/api/v2/users/me.json')");
        Assert.Equal("InvalidPath,ZendeskAuth.Commands.InvokeZendeskRequestCommand", SingleError(result).FullyQualifiedErrorId);
        Assert.DoesNotContain("Sup3rSecretPw", result.AllText(), StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }
}

/// <summary>
/// Issue 8, item 2: a redirect whose Location repeats the request's token (in its path) is followed without the
/// credential, and the token appears in no verbose or debug line, message, target or ErrorDetails.
/// </summary>
public class RedirectEchoTests(EmulatorFixture fixture) : HostedTest(fixture)
{
    [Theory]
    [InlineData(404)]
    [InlineData(200)]
    public async Task A_Location_repeating_the_token_is_masked_wherever_it_is_shown(int fileStatus)
    {
        await using var server = HostileServer.Start(request =>
        {
            var token = (request.Header("Authorization") ?? "").Replace("Bearer ", "", StringComparison.Ordinal);
            return request.Path switch
            {
                "/api/v2/users/me.json" => HostileServer.Me(),
                "/hc/attachments/1" => HostileServer.Answer(302, "", "", $"Location: http://localhost:{request.Header("Host")!.Split(':')[1]}/files/{token}/report.pdf"),
                _ => HostileServer.Answer(fileStatus, """{"ok":true}"""),
            };
        });
        Shell.Runspace.SessionStateProxy.SetVariable("HostileUrl", server.Url);
        Shell.Run("Connect-Zendesk -Url $HostileUrl -OAuthToken $OAuthToken -WarningAction SilentlyContinue").ThrowIfFailed();

        var result = Shell.Run("$VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; Invoke-ZendeskRequest /hc/attachments/1 -MaxRetries 0");

        Assert.Equal(3, server.Requests.Count);
        Assert.Null(server.Requests[2].Header("Authorization"));
        Assert.Contains(result.Verbose, v => v.Message.Contains("Following the redirect", StringComparison.Ordinal));
        Assert.Equal(fileStatus == 200 ? 0 : 1, result.AllErrors.Count());
        Assert.DoesNotContain(DemoCredentials.OAuthAccessToken, result.AllText() + Shell.HostText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Location_repeating_the_token_is_masked_when_the_other_host_times_out()
    {
        await using var server = HostileServer.Start(async (request, stream, token) =>
        {
            var bearer = (request.Header("Authorization") ?? "").Replace("Bearer ", "", StringComparison.Ordinal);
            switch (request.Path)
            {
                case "/api/v2/users/me.json":
                    await stream.WriteAsync(HostileServer.Me(), token);
                    return true;
                case "/hc/attachments/1":
                    await stream.WriteAsync(HostileServer.Answer(302, "", "", $"Location: http://localhost:{request.Header("Host")!.Split(':')[1]}/files/{bearer}/report.pdf"), token);
                    return true;
                default:
                    // The file host never answers.
                    await Task.Delay(TimeSpan.FromSeconds(5), token);
                    return false;
            }
        });
        Shell.Runspace.SessionStateProxy.SetVariable("HostileUrl", server.Url);
        Shell.Run("Connect-Zendesk -Url $HostileUrl -OAuthToken $OAuthToken -WarningAction SilentlyContinue").ThrowIfFailed();

        var result = Shell.Run("Invoke-ZendeskRequest /hc/attachments/1 -MaxRetries 0 -TimeoutSec 1 -Verbose");

        var error = SingleError(result);
        Assert.Equal("RequestTimeout,ZendeskAuth.Commands.InvokeZendeskRequestCommand", error.FullyQualifiedErrorId);
        Assert.DoesNotContain(DemoCredentials.OAuthAccessToken, result.AllText() + Shell.HostText + error.Exception.Message + error.TargetObject, StringComparison.Ordinal);
    }
}

using System.Management.Automation;
using System.Text;
using ZendeskAuth.Emulator;

namespace ZendeskAuth.Tests;

/// <summary>
/// Issue 8, items 1, 2 and 8: no value a user or a file hands over ever becomes a second request line or header
/// (the smuggled DELETE never reaches the server, whatever the input path), a token object stays on its account,
/// subdomains and hosts are plain ASCII, and emails hold no control character. Each test checks the fully
/// qualified error id and what the hostile server received.
/// </summary>
public class WireHardeningTests(EmulatorFixture fixture) : HostedTest(fixture)
{
    /// <summary>The example: a value that ends the header and appends a DELETE carrying the connection's credential.</summary>
    internal static string Smuggling(HostileServer server) =>
        $"c@example.com\r\nContent-Length: 0\r\n\r\nDELETE /api/v2/users/42.json HTTP/1.1\r\nHost: 127.0.0.1:{server.Port}\r\nX: x";

    private static HostileServer StartServer() => HostileServer.Start(request => request.Path == "/api/v2/users/me.json"
        ? HostileServer.Me()
        : HostileServer.Answer(200, """{"ok":true}"""));

    private HostileServer ConnectedServer()
    {
        var server = StartServer();
        Shell.Runspace.SessionStateProxy.SetVariable("HostileUrl", server.Url);
        Shell.Runspace.SessionStateProxy.SetVariable("Smuggle", Smuggling(server));
        Shell.Run("Connect-Zendesk -Url $HostileUrl -OAuthToken $OAuthToken -WarningAction SilentlyContinue").ThrowIfFailed();
        return server;
    }

    private static void AssertNothingSmuggled(HostileServer server, int expectedRequests)
    {
        Assert.Equal(expectedRequests, server.Requests.Count);
        Assert.DoesNotContain("DELETE", server.ReceivedText, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Requests, r => r.Method == "DELETE" || r.Path.Contains("/users/42", StringComparison.Ordinal));
        Assert.DoesNotContain('\0', server.ReceivedText);
    }

    /// <summary>
    /// A header value or secret is never shown; a header name or email (not secrets) may be, escaped, so the
    /// message itself holds no line break or NUL.
    /// </summary>
    private static void AssertSmuggleNotEchoed(ErrorRecord error)
    {
        var text = error + error.Exception.Message + error.ErrorDetails?.Message + error.TargetObject;
        Assert.DoesNotContain("\r\nDELETE", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\0", text, StringComparison.Ordinal);
        if (error.FullyQualifiedErrorId.Split(',')[0] is "InvalidHeaderValue" or "InvalidSecret")
        {
            Assert.DoesNotContain("DELETE /api/v2/users/42.json", text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Invoke-ZendeskRequest users/me.json -Headers @{ 'X-On-Behalf-Of' = $Smuggle }", "InvalidHeaderValue")]
    [InlineData("Invoke-ZendeskRequest users/me.json -Headers @{ ('X-A' + $Smuggle + ': y') = 'v' }", "InvalidHeaderName")]
    [InlineData("Invoke-ZendeskRequest users/me.json -Headers @{ 'X Bad' = 'v' }", "InvalidHeaderName")]
    [InlineData("Invoke-ZendeskRequest users/me.json -Headers @{ 'X-Nul' = \"a`0b\" }", "InvalidHeaderValue")]
    [InlineData("Invoke-ZendeskRequest users/me.json -Headers @{ 'X-Bell' = \"a`ab\" }", "InvalidHeaderValue")]
    [InlineData("Invoke-ZendeskRequest users/me.json -Headers @{ 'Content-Length' = '0' }", "ProtectedHeader")]
    [InlineData("Invoke-ZendeskRequest users/me.json -Headers @{ 'Transfer-Encoding' = 'chunked' }", "ProtectedHeader")]
    [InlineData("Invoke-ZendeskRequest users/me.json -Headers @{ 'Connection' = 'close' }", "ProtectedHeader")]
    [InlineData("Invoke-ZendeskRequest users/me.json -Headers @{ 'Host' = 'evil.example.com' }", "ProtectedHeader")]
    [InlineData("Invoke-ZendeskRequest tickets.json -Method Post -Body @{ a = 1 } -ContentType ('application/json' + $Smuggle)", "InvalidHeaderValue")]
    [InlineData("'users/me.json', 'tickets.json' | Invoke-ZendeskRequest -Headers @{ 'X-On-Behalf-Of' = $Smuggle }", "InvalidHeaderValue")]
    public async Task A_header_or_content_type_that_would_smuggle_a_request_is_refused_before_sending(string script, string id)
    {
        await using var server = ConnectedServer();
        var error = SingleError(Shell.Run(script));
        Assert.Equal($"{id},ZendeskAuth.Commands.InvokeZendeskRequestCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        AssertSmuggleNotEchoed(error);
        AssertNothingSmuggled(server, expectedRequests: 1);
    }

    [Theory]
    [InlineData("Connect-Zendesk -Url $HostileUrl -OAuthToken ('tok' + $Smuggle)", "InvalidSecret")]
    [InlineData("Connect-Zendesk -Url $HostileUrl -OAuthToken \"tok`0en\"", "InvalidSecret")]
    [InlineData("Connect-Zendesk -Url $HostileUrl -Email $AdminEmail -ApiToken ('tok' + $Smuggle)", "InvalidSecret")]
    [InlineData("Connect-Zendesk -Url $HostileUrl -Email $Smuggle -ApiToken $ApiToken", "InvalidEmail")]
    [InlineData("Connect-Zendesk -Url $HostileUrl -Email \"admin`0@example.com\" -ApiToken $ApiToken", "InvalidEmail")]
    [InlineData("Connect-Zendesk -Url $HostileUrl -Credential (New-TestCredential $AdminEmail ('pw' + $Smuggle))", "InvalidSecret")]
    [InlineData("Connect-Zendesk -Url $HostileUrl -Credential (New-TestCredential \"admin@exa`0mple.com/token\" $ApiToken)", "InvalidEmail")]
    public async Task A_credential_that_cannot_go_into_a_header_is_refused_before_sending(string script, string id)
    {
        await using var server = StartServer();
        Shell.Runspace.SessionStateProxy.SetVariable("HostileUrl", server.Url);
        Shell.Runspace.SessionStateProxy.SetVariable("Smuggle", Smuggling(server));
        var result = Shell.Run(script + " -WarningAction SilentlyContinue");
        var error = SingleError(result);
        Assert.Equal($"{id},ZendeskAuth.Commands.ConnectZendeskCommand", error.FullyQualifiedErrorId);
        AssertSmuggleNotEchoed(error);
        Assert.DoesNotContain(DemoCredentials.ApiToken, result.AllText(), StringComparison.Ordinal);
        Assert.Equal("", server.ReceivedText);
        Assert.Empty(Shell.Run("Get-ZendeskConnection").Output);
    }

    [Theory]
    [InlineData("ConvertTo-ZendeskAuthorizationHeader -OAuthToken ('tok' + $Smuggle) -AsPlainText", "InvalidSecret")]
    [InlineData("ConvertTo-ZendeskAuthorizationHeader -Email $AdminEmail -ApiToken ('tok' + $Smuggle) -AsPlainText", "InvalidSecret")]
    [InlineData("ConvertTo-ZendeskAuthorizationHeader -Email \"admin`0@example.com\" -ApiToken $ApiToken -AsPlainText", "InvalidEmail")]
    [InlineData("ConvertTo-ZendeskAuthorizationHeader -Credential (New-TestCredential $AdminEmail \"pass`r`nword\") -AsPlainText", "InvalidSecret")]
    public void ConvertTo_ZendeskAuthorizationHeader_refuses_instead_of_warning(string script, string id)
    {
        Shell.Runspace.SessionStateProxy.SetVariable("Smuggle", "c@example.com\r\nContent-Length: 0\r\n\r\nDELETE /api/v2/users/42.json HTTP/1.1\r\nX: x");
        var result = Shell.Run(script);
        var error = SingleError(result);
        Assert.Equal($"{id},ZendeskAuth.Commands.ConvertToZendeskAuthorizationHeaderCommand", error.FullyQualifiedErrorId);
        Assert.Empty(result.Output);
        Assert.Empty(result.Warnings);
        AssertSmuggleNotEchoed(error);
    }

    [Fact]
    public async Task Test_ZendeskAuthorizationHeader_never_sends_a_header_with_a_control_character()
    {
        await using var server = StartServer();
        var result = Shell.Run("Test-ZendeskAuthorizationHeader -Header \"Bearer abc`0def\" -Url $args[0]", server.Url);
        Assert.Equal("", server.ReceivedText);
        Assert.Single(result.Output);
    }

    [Fact]
    public async Task Connect_with_a_token_of_account_A_and_the_url_of_account_B_is_refused()
    {
        await using var accountB = StartServer();
        Shell.Runspace.SessionStateProxy.SetVariable("AccountB", accountB.Url);
        Shell.Runspace.SessionStateProxy.SetVariable("RunbookId", DemoCredentials.RunbookClientIdentifier);
        Shell.Runspace.SessionStateProxy.SetVariable("RunbookSecret", DemoCredentials.RunbookClientSecret);
        Shell.Run("$t = New-ZendeskOAuthToken -Url $Url -SkipCertificateCheck -ClientCredential (New-TestCredential $RunbookId $RunbookSecret) -Scope read").ThrowIfFailed();

        var result = Shell.Run("Connect-Zendesk -Token $t -Url $AccountB");
        var error = SingleError(result);
        Assert.Equal("ForeignHost,ZendeskAuth.Commands.ConnectZendeskCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.SecurityError, error.CategoryInfo.Category);
        Assert.Contains(accountB.Url, error.Exception.Message);
        Assert.Equal("", accountB.ReceivedText);

        var subdomain = SingleError(Shell.Run("Connect-Zendesk -Token $t -Subdomain acme"));
        Assert.Equal("ForeignHost,ZendeskAuth.Commands.ConnectZendeskCommand", subdomain.FullyQualifiedErrorId);

        // Its own account still works, with or without naming it.
        Shell.Run("Connect-Zendesk -Token $t -SkipCertificateCheck -WarningAction SilentlyContinue").ThrowIfFailed();
        Shell.Run("Connect-Zendesk -Token $t -Url $Url -SkipCertificateCheck -WarningAction SilentlyContinue").ThrowIfFailed();
    }

    [Theory]
    [InlineData("Connect-Zendesk -Url $Url -Token $OAuthToken", "NotATokenObject,ZendeskAuth.Commands.ConnectZendeskCommand")]
    [InlineData("$OAuthToken | Connect-Zendesk -Url $Url", "NotATokenObject,ZendeskAuth.Commands.ConnectZendeskCommand")]
    [InlineData("Connect-Zendesk -Url $Url -Token (New-TestCredential x $OAuthToken).Password", "NotATokenObject,ZendeskAuth.Commands.ConnectZendeskCommand")]
    [InlineData("Revoke-ZendeskToken -Token $OAuthToken -Confirm:$false", "NotATokenObject,ZendeskAuth.Commands.RevokeZendeskTokenCommand")]
    [InlineData("Connect-Zendesk -Url $Url -OAuthToken @($OAuthToken, 'x')", "ParameterArgumentTransformationError,ZendeskAuth.Commands.ConnectZendeskCommand")]
    [InlineData("Connect-Zendesk -Url $Url -OAuthToken ([pscustomobject]@{ t = $OAuthToken })", "ParameterArgumentTransformationError,ZendeskAuth.Commands.ConnectZendeskCommand")]
    [InlineData("Test-ZendeskAuthorizationHeader -Header @(\"Bearer $OAuthToken\", 'x')", "ParameterArgumentTransformationError,ZendeskAuth.Commands.TestZendeskAuthorizationHeaderCommand")]
    public void A_secret_given_the_wrong_type_is_refused_without_printing_it(string script, string id)
    {
        Emulator.ClearRequests();
        Shell.Run("Connect-Zendesk -Url $Url -Email $AdminEmail -ApiToken $ApiToken -SkipCertificateCheck -WarningAction SilentlyContinue").ThrowIfFailed();
        var result = Shell.Run(script);
        var error = SingleError(result);
        Assert.Equal(id, error.FullyQualifiedErrorId);
        Assert.Null(error.TargetObject);
        Assert.DoesNotContain(DemoCredentials.OAuthAccessToken, result.AllText() + Shell.HostText);
        Assert.DoesNotContain(Emulator.Requests, r => r.Headers.Values.Any(v => v.Contains(DemoCredentials.OAuthAccessToken)));
    }

    [Theory]
    [InlineData("Connect-Zendesk -Subdomain \"$([char]0x212A)elvin\" -OAuthToken x", "InvalidSubdomain")]
    [InlineData("Connect-Zendesk -Subdomain \"acm$([char]0x0131)\" -OAuthToken x", "InvalidSubdomain")]
    [InlineData("Connect-Zendesk -Subdomain \"ac`0me\" -OAuthToken x", "InvalidSubdomain")]
    [InlineData("Connect-Zendesk -Url \"https://$([char]0x212A)elvin.zendesk.com\" -OAuthToken x", "InvalidUrl")]
    [InlineData("Connect-Zendesk -Url 'https://%4Belvin.zendesk.com' -OAuthToken x", "InvalidUrl")]
    [InlineData("New-ZendeskOAuthToken -Subdomain \"$([char]0x212A)elvin\" -ClientId c -RefreshToken r", "InvalidSubdomain")]
    public void A_subdomain_or_host_outside_plain_ASCII_is_refused(string script, string id)
    {
        var error = SingleError(Shell.Run(script));
        Assert.StartsWith(id + ",ZendeskAuth.Commands.", error.FullyQualifiedErrorId);
        Assert.DoesNotContain('\0', error.Exception.Message);
    }

    [Fact]
    public void The_Kelvin_sign_is_not_taken_for_k()
    {
        var error = SingleError(Shell.Run("Connect-Zendesk -Subdomain \"$([char]0x212A)elvin\" -OAuthToken x"));
        Assert.Equal("InvalidSubdomain,ZendeskAuth.Commands.ConnectZendeskCommand", error.FullyQualifiedErrorId);
        Assert.Contains("ASCII", error.Exception.Message);
        Assert.DoesNotContain("kelvin.zendesk.com", error.Exception.Message);
    }

    [Fact]
    public async Task An_email_with_a_NUL_is_refused()
    {
        await using var server = StartServer();
        var error = SingleError(Shell.Run("Connect-Zendesk -Url $args[0] -Email \"admin`0@example.com\" -ApiToken $ApiToken", server.Url));
        Assert.Equal("InvalidEmail,ZendeskAuth.Commands.ConnectZendeskCommand", error.FullyQualifiedErrorId);
        Assert.Contains("\\0", error.Exception.Message);
        Assert.DoesNotContain('\0', error.Exception.Message);
        Assert.Equal("", server.ReceivedText);
    }
}

/// <summary>The same refusals through the ZENDESK_* variables, which are process-wide: run with the other environment tests, alone.</summary>
[Collection(nameof(EnvironmentConnectTests))]
public class WireHardeningEnvironmentTests(EmulatorFixture fixture) : HostedTest(fixture)
{
    private static readonly string[] Names = ["ZENDESK_SUBDOMAIN", "ZENDESK_URL", "ZENDESK_EMAIL", "ZENDESK_API_TOKEN", "ZENDESK_OAUTH_TOKEN"];

    [Theory]
    [InlineData("ZENDESK_OAUTH_TOKEN", "tok{0}", null, "InvalidSecret")]
    [InlineData("ZENDESK_API_TOKEN", "tok{0}", "admin@example.com", "InvalidSecret")]
    [InlineData("ZENDESK_EMAIL", "admin\0@example.com", "admin@example.com", "InvalidEmail")]
    [InlineData("ZENDESK_EMAIL", "{0}", "admin@example.com", "InvalidEmail")]
    public async Task A_ZENDESK_variable_that_would_smuggle_a_request_is_refused(string name, string value, string? email, string id)
    {
        await using var server = HostileServer.Start(_ => HostileServer.Me());
        var saved = Names.ToDictionary(n => n, Environment.GetEnvironmentVariable);
        try
        {
            foreach (var n in Names)
            {
                Environment.SetEnvironmentVariable(n, null);
            }
            Environment.SetEnvironmentVariable("ZENDESK_URL", server.Url);
            if (email is not null)
            {
                Environment.SetEnvironmentVariable("ZENDESK_EMAIL", email);
                Environment.SetEnvironmentVariable("ZENDESK_API_TOKEN", DemoCredentials.ApiToken);
            }
            Environment.SetEnvironmentVariable(name, string.Format(System.Globalization.CultureInfo.InvariantCulture, value, WireHardeningTests.Smuggling(server)));

            var error = SingleError(Shell.Run("Connect-Zendesk -WarningAction SilentlyContinue"));
            Assert.Equal($"{id},ZendeskAuth.Commands.ConnectZendeskCommand", error.FullyQualifiedErrorId);
            Assert.DoesNotContain("\r\nDELETE", error + error.Exception.ToString(), StringComparison.Ordinal);
            Assert.Equal("", server.ReceivedText);
        }
        finally
        {
            foreach (var (n, v) in saved)
            {
                Environment.SetEnvironmentVariable(n, v);
            }
        }
    }
}

using System.Management.Automation;
using ZendeskAuth.Emulator;

namespace ZendeskAuth.Tests;

public class ConnectTests(EmulatorFixture fixture) : HostedTest(fixture)
{
    [Fact]
    public void Api_token_connect_sends_exactly_Zendesks_documented_header()
    {
        Emulator.ClearRequests();
        var result = Shell.Run("Connect-Zendesk -Url $Url -Email 'jdoe@example.com' -ApiToken '6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv' -SkipCertificateCheck -PassThru");
        result.ThrowIfFailed();

        var request = Assert.Single(Emulator.Requests);
        Assert.Equal("/api/v2/users/me.json", request.PathAndQuery);
        // What curl -u 'jdoe@example.com/token:6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv' sends.
        Assert.Equal("Basic amRvZUBleGFtcGxlLmNvbS90b2tlbjo2d2lJQldiR2tCTW8xbVJETXVWd2t3MUVQc05rZVVqOTVQSXoyYWt2", request.Headers["Authorization"]);
        Assert.StartsWith("ZendeskAuth/", request.Headers["User-Agent"]);

        var connection = Assert.Single(result.Output);
        Assert.Equal("ZendeskAuth.Connections.ZendeskConnection", connection.TypeNames[0]);
        Assert.Equal("ApiToken", Property(connection, "AuthenticationType")!.ToString());
        Assert.Equal(DemoCredentials.AdminUserId, Property(connection, "UserId"));
        Assert.Equal("admin", Property(connection, "Role"));
        Assert.Equal(DemoCredentials.AdminEmail, Property(connection, "Email"));
        Assert.Contains(result.Warnings, w => w.Message.Contains("2027-04-30"));
    }

    [Fact]
    public void Credential_with_email_slash_token_is_api_token_auth()
    {
        var result = Shell.Run("Connect-Zendesk -Url $Url -Credential (New-TestCredential \"$AdminEmail/token\" $ApiToken) -SkipCertificateCheck -PassThru -WarningAction SilentlyContinue");
        result.ThrowIfFailed();
        Assert.Equal("ApiToken", Property(result.Output[0], "AuthenticationType")!.ToString());
    }

    [Fact]
    public void Credential_with_plain_email_is_password_auth_and_warns_of_deprecation()
    {
        Emulator.ClearRequests();
        var result = Shell.Run("Connect-Zendesk -Url $Url -Credential (New-TestCredential $AdminEmail $AdminPassword) -SkipCertificateCheck -PassThru");
        result.ThrowIfFailed();
        Assert.Equal("Password", Property(result.Output[0], "AuthenticationType")!.ToString());
        Assert.Contains(result.Warnings, w => w.Message.Contains("Password authentication is deprecated"));
        var expected = "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{DemoCredentials.AdminEmail}:{DemoCredentials.AdminPassword}"));
        Assert.Equal(expected, Emulator.Requests.Single().Headers["Authorization"]);
    }

    [Fact]
    public void Non_ascii_email_and_password_connect()
    {
        Shell.Runspace.SessionStateProxy.SetVariable("ZoeEmail", DemoCredentials.NonAsciiAgentEmail);
        Shell.Runspace.SessionStateProxy.SetVariable("ZoePassword", DemoCredentials.NonAsciiAgentPassword);
        var result = Shell.Run("Connect-Zendesk -Url $Url -Credential (New-TestCredential $ZoeEmail $ZoePassword) -SkipCertificateCheck -PassThru -WarningAction SilentlyContinue");
        result.ThrowIfFailed();
        Assert.Equal(DemoCredentials.NonAsciiAgentUserId, Property(result.Output[0], "UserId"));
    }

    [Fact]
    public void OAuth_token_connects_as_bearer()
    {
        Emulator.ClearRequests();
        var result = Shell.Run("Connect-Zendesk -Url $Url -OAuthToken $OAuthToken -SkipCertificateCheck -PassThru");
        result.ThrowIfFailed();
        Assert.Equal("OAuth", Property(result.Output[0], "AuthenticationType")!.ToString());
        Assert.Equal("Bearer " + DemoCredentials.OAuthAccessToken, Emulator.Requests.Single().Headers["Authorization"]);
        Assert.DoesNotContain(result.Warnings, w => w.Message.Contains("deprecated") || w.Message.Contains("retiring"));
    }

    [Fact]
    public void Wrong_password_is_an_authentication_error_naming_the_kind_and_causes()
    {
        // Zendesk answers 200 with the anonymous user here: a connect that only checked the status would succeed.
        var result = Shell.Run("Connect-Zendesk -Url $Url -Credential (New-TestCredential $AdminEmail 'wrong-password') -SkipCertificateCheck");
        var error = SingleError(result);
        Assert.Equal("AuthenticationFailed,ZendeskAuth.Commands.ConnectZendeskCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.Contains("Password", error.Exception.Message);
        Assert.Contains("anonymous user", error.Exception.Message);
        Assert.Contains("two-factor", error.Exception.Message);
        Assert.DoesNotContain("wrong-password", result.AllText());
        Assert.Empty(Shell.Run("Get-ZendeskConnection").Output);
    }

    [Fact]
    public void Wrong_api_token_is_an_authentication_error()
    {
        var result = Shell.Run("Connect-Zendesk -Url $Url -Email $AdminEmail -ApiToken 'NotTheRightToken0000000000000000000000000' -SkipCertificateCheck");
        var error = SingleError(result);
        Assert.Equal("AuthenticationFailed,ZendeskAuth.Commands.ConnectZendeskCommand", error.FullyQualifiedErrorId);
        Assert.Contains("ApiToken", error.Exception.Message);
        Assert.Contains("token access", error.Exception.Message);
        Assert.DoesNotContain("NotTheRightToken", result.AllText());
    }

    [Fact]
    public void Unknown_oauth_token_is_an_authentication_error()
    {
        var result = Shell.Run("Connect-Zendesk -Url $Url -OAuthToken 'no-such-token-abc' -SkipCertificateCheck");
        var error = SingleError(result);
        Assert.Equal("AuthenticationFailed,ZendeskAuth.Commands.ConnectZendeskCommand", error.FullyQualifiedErrorId);
        Assert.Contains("OAuth", error.Exception.Message);
        Assert.DoesNotContain("no-such-token-abc", result.AllText());
    }

    [Fact]
    public void Bad_input_is_refused_before_any_network_call()
    {
        Emulator.ClearRequests();
        (string Script, string Id)[] cases =
        [
            ("Connect-Zendesk -Subdomain 'acme.zendesk.com' -OAuthToken x", "InvalidSubdomain"),
            ("Connect-Zendesk -Url 'http://acme.zendesk.com' -OAuthToken x", "InsecureUrl"),
            ("Connect-Zendesk -Url $Url -Subdomain acme -OAuthToken x", "AmbiguousTarget"),
            ("Connect-Zendesk -Url $Url -Email 'not-an-email' -ApiToken x", "InvalidEmail"),
            ("Connect-Zendesk -Url $Url -Email $AdminEmail -ApiToken '   '", "EmptySecret"),
        ];
        foreach (var (script, id) in cases)
        {
            var error = SingleError(Shell.Run(script));
            Assert.Equal($"{id},ZendeskAuth.Commands.ConnectZendeskCommand", error.FullyQualifiedErrorId);
        }
        Assert.Empty(Emulator.Requests);
    }

    [Fact]
    public void Plain_http_to_loopback_is_allowed_so_a_local_emulator_works()
    {
        // The emulator here is HTTPS, so the connect fails at the transport, but only after the URL was accepted.
        var result = Shell.Run("Connect-Zendesk -Url ($Url -replace '^https', 'http') -OAuthToken $OAuthToken -TimeoutSec 5");
        Assert.Equal("ConnectionFailed,ZendeskAuth.Commands.ConnectZendeskCommand", SingleError(result).FullyQualifiedErrorId);
    }

    [Fact]
    public void Connection_and_its_view_never_show_the_secret()
    {
        var result = Shell.Run("""
            $c = Connect-Zendesk -Url $Url -Email $AdminEmail -ApiToken $ApiToken -SkipCertificateCheck -PassThru -WarningAction SilentlyContinue
            $c.ToString()
            $c | Out-Default
            $c.psobject.Properties | ForEach-Object { "$($_.Name)=$($_.Value)" }
            Get-ZendeskConnection | ForEach-Object { $_.Url.AbsoluteUri }
            """);
        result.ThrowIfFailed();
        var host = Shell.HostText;
        Assert.Contains("AuthenticationType", host);
        Assert.Contains("ApiToken", host);
        Assert.Contains(DemoCredentials.AdminEmail, host);
        Assert.Equal(Fixture.Url + "/", result.Output.Last().ToString());
        foreach (var text in new[] { result.AllText(), host })
        {
            Assert.DoesNotContain(DemoCredentials.ApiToken, text);
            Assert.DoesNotContain(DemoCredentials.ApiTokenAuthorizationHeader.Substring(6), text);
        }
    }

    [Fact]
    public void Disconnect_forgets_the_connection_and_its_secret()
    {
        var result = Shell.Run("""
            $c = Connect-Zendesk -Url $Url -OAuthToken $OAuthToken -SkipCertificateCheck -PassThru
            Disconnect-Zendesk
            [bool](Get-ZendeskConnection)
            $c.IsConnected
            Invoke-ZendeskRequest users/me.json -Connection $c
            """);
        Assert.Equal(new object[] { false, false }, result.Output.Select(o => o.BaseObject).ToArray());
        Assert.Equal("ConnectionClosed,ZendeskAuth.Commands.InvokeZendeskRequestCommand", SingleError(result).FullyQualifiedErrorId);
    }

    [Fact]
    public void Request_without_a_connection_says_how_to_connect()
    {
        var error = SingleError(Shell.Run("Invoke-ZendeskRequest users/me.json"));
        Assert.Equal("NotConnected,ZendeskAuth.Commands.InvokeZendeskRequestCommand", error.FullyQualifiedErrorId);
        Assert.Contains("Connect-Zendesk", error.Exception.Message);
    }

    [Fact]
    public void Two_connections_work_side_by_side()
    {
        Shell.Runspace.SessionStateProxy.SetVariable("AgentEmail", DemoCredentials.AgentEmail);
        Shell.Runspace.SessionStateProxy.SetVariable("AgentPassword", DemoCredentials.AgentPassword);
        var result = Shell.Run("""
            $admin = Connect-Zendesk -Url $Url -Email $AdminEmail -ApiToken $ApiToken -SkipCertificateCheck -PassThru -WarningAction SilentlyContinue
            $agent = Connect-Zendesk -Url $Url -Credential (New-TestCredential $AgentEmail $AgentPassword) -SkipCertificateCheck -PassThru -WarningAction SilentlyContinue
            (Invoke-ZendeskRequest users/me.json -Connection $admin).user.role
            (Invoke-ZendeskRequest users/me.json -Connection $agent).user.role
            (Invoke-ZendeskRequest users/me.json).user.role
            """);
        result.ThrowIfFailed();
        Assert.Equal(new[] { "admin", "agent", "agent" }, result.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void Each_runspace_keeps_its_own_connection()
    {
        ConnectAsAdmin();
        Shell.Runspace.SessionStateProxy.SetVariable("AgentEmail", DemoCredentials.AgentEmail);
        Shell.Runspace.SessionStateProxy.SetVariable("AgentPassword", DemoCredentials.AgentPassword);
        var result = Shell.Run("""
            $outer = Get-ZendeskConnection
            $manifest = (Get-Module ZendeskAuth).Path
            $seen = 1..2 | ForEach-Object -ThrottleLimit 2 -Parallel {
                Import-Module $using:manifest
                $before = [bool](Get-ZendeskConnection)
                $password = $using:AgentPassword
                $secure = [securestring]::new(); foreach ($c in $password.ToCharArray()) { $secure.AppendChar($c) }
                Connect-Zendesk -Url $using:Url -Credential ([pscredential]::new($using:AgentEmail, $secure)) -SkipCertificateCheck -WarningAction SilentlyContinue
                $mine = (Get-ZendeskConnection).Role
                $handed = (Invoke-ZendeskRequest users/me.json -Connection $using:outer).user.role
                "$before|$mine|$handed"
            }
            $seen
            (Get-ZendeskConnection).Role
            """);
        result.ThrowIfFailed();
        Assert.Equal(new[] { "False|agent|admin", "False|agent|admin", "admin" }, result.Output.Select(o => o.ToString()));
    }
}

using System.Management.Automation;
using System.Text;
using ZendeskAuth.Emulator;

namespace ZendeskAuth.Tests;

/// <summary>
/// Corporate networks: a loopback forward proxy that demands Basic credentials. The account is named
/// https://zendesk.test:PORT, a name only the proxy resolves (to the emulator on 127.0.0.1), so a request that
/// reaches Zendesk can only have gone through the proxy.
/// </summary>
public class ProxyTests : HostedTest
{
    private const string ProxyUser = "corp\\jdoe";
    private const string ProxyPassword = "Pr0xy-pa55word-never-shown";

    public ProxyTests(EmulatorFixture fixture) : base(fixture)
    {
        Shell.Runspace.SessionStateProxy.SetVariable("ZendeskTestUrl", $"https://zendesk.test:{new Uri(fixture.Url).Port}");
        Shell.Run("$ProxyCredential = New-TestCredential $args[0] $args[1]", ProxyUser, ProxyPassword).ThrowIfFailed();
    }

    private static string ExpectedBasic => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(ProxyUser + ":" + ProxyPassword));

    [Fact]
    public async Task Connect_goes_through_an_authenticating_proxy_and_the_connection_keeps_it()
    {
        await using var proxy = LoopbackProxy.Start(ProxyUser, ProxyPassword);
        var result = Shell.Run("""
            $c = Connect-Zendesk -Url $ZendeskTestUrl -OAuthToken $OAuthToken -SkipCertificateCheck -Proxy $args[0] -ProxyCredential $ProxyCredential -PassThru -WarningAction SilentlyContinue
            $c.Proxy.AbsoluteUri
            (Invoke-ZendeskRequest users/me.json).user.email
            $c | Out-Default; ($c.PSObject.Properties | ForEach-Object { "$($_.Name)=$($_.Value)" }) -join "`n"; "$c"
            """, proxy.Url);
        result.ThrowIfFailed();
        Assert.Equal(proxy.Url + "/", result.Output[0].BaseObject);
        Assert.Equal(DemoCredentials.AdminEmail, result.Output[1].BaseObject);
        Assert.Contains("Proxy=" + proxy.Url, (string)result.Output[2].BaseObject, StringComparison.Ordinal);
        var shown = Shell.HostText + result.Output[2] + result.Output[3];
        Assert.DoesNotContain(ProxyPassword, shown, StringComparison.Ordinal);
        Assert.DoesNotContain(ProxyUser, shown, StringComparison.Ordinal);
        Assert.Contains(proxy.Forwarded, r => r.Method == "CONNECT" && r.Target.StartsWith("zendesk.test:", StringComparison.Ordinal) && r.ProxyAuthorization == ExpectedBasic);
    }

    [Fact]
    public async Task A_407_without_credentials_is_its_own_error_that_says_how_to_give_them()
    {
        await using var proxy = LoopbackProxy.Start(ProxyUser, ProxyPassword);
        Emulator.ClearRequests();
        var error = SingleError(Shell.Run("Connect-Zendesk -Url $ZendeskTestUrl -OAuthToken $OAuthToken -SkipCertificateCheck -Proxy $args[0] -WarningAction SilentlyContinue", proxy.Url));
        Assert.Equal("ProxyAuthenticationRequired,ZendeskAuth.Commands.ConnectZendeskCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.Contains("407 Proxy Authentication Required", error.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("-ProxyCredential", error.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("-ProxyUseDefaultCredentials", error.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
        Assert.Empty(Emulator.Requests);
    }

    [Fact]
    public async Task Wrong_proxy_credentials_are_named_as_refused_and_the_password_shows_nowhere()
    {
        await using var proxy = LoopbackProxy.Start(ProxyUser, "another password");
        var result = Shell.Run("Connect-Zendesk -Url $ZendeskTestUrl -OAuthToken $OAuthToken -SkipCertificateCheck -Proxy $args[0] -ProxyCredential $ProxyCredential -Verbose -Debug -WarningAction SilentlyContinue", proxy.Url);
        var error = SingleError(result);
        Assert.Equal("ProxyAuthenticationRequired,ZendeskAuth.Commands.ConnectZendeskCommand", error.FullyQualifiedErrorId);
        Assert.Contains("refused the proxy credentials given", error.Exception.Message, StringComparison.Ordinal);
        // The credential did go to the proxy (Basic), and nowhere in what the user sees.
        Assert.Contains(proxy.Requests, r => r.ProxyAuthorization == ExpectedBasic);
        var seen = string.Join("\n", result.Verbose.Select(v => v.Message).Concat(result.Debug.Select(d => d.Message)).Append(error.ToString()).Append(error.Exception.ToString()).Append(Shell.HostText));
        Assert.DoesNotContain(ProxyPassword, seen, StringComparison.Ordinal);
        Assert.DoesNotContain(ExpectedBasic["Basic ".Length..], seen, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plain_http_through_the_proxy_sends_the_absolute_uri_and_a_407_answer_names_the_scheme()
    {
        await using var server = HostileServer.Start(_ => HostileServer.Me());
        await using var proxy = LoopbackProxy.Start(ProxyUser, ProxyPassword);
        var refused = SingleError(Shell.Run("Connect-Zendesk -Url $args[0] -OAuthToken $OAuthToken -Proxy $args[1]", server.Url, proxy.Url));
        Assert.Equal("ProxyAuthenticationRequired,ZendeskAuth.Commands.ConnectZendeskCommand", refused.FullyQualifiedErrorId);
        Assert.Contains("it asks for Basic", refused.Exception.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);

        // A proxy given with -Proxy carries loopback hosts too, as Invoke-RestMethod -Proxy does.
        Shell.Run("Connect-Zendesk -Url $args[0] -OAuthToken $OAuthToken -Proxy $args[1] -ProxyCredential $ProxyCredential", server.Url, proxy.Url).ThrowIfFailed();
        Assert.Contains(proxy.Forwarded, r => r.Method == "GET" && r.Target == server.Url + "/api/v2/users/me.json");
        var arrived = Assert.Single(server.Requests);
        Assert.Null(arrived.Header("Proxy-Authorization"));
        Assert.StartsWith("Bearer ", arrived.Header("Authorization"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task New_ZendeskOAuthToken_takes_the_proxy_parameters_for_its_grant()
    {
        await using var proxy = LoopbackProxy.Start(ProxyUser, ProxyPassword);
        var result = Shell.Run("""
            $client = New-TestCredential $args[1] $args[2]
            $t = New-ZendeskOAuthToken -Url $ZendeskTestUrl -ClientCredential $client -Scope read -SkipCertificateCheck -Proxy $args[0] -ProxyCredential $ProxyCredential
            $t.AccessToken.GetType().Name
            """, proxy.Url, DemoCredentials.RunbookClientIdentifier, DemoCredentials.RunbookClientSecret);
        result.ThrowIfFailed();
        Assert.Equal("SecureString", result.Output.Single().BaseObject);
        Assert.Contains(proxy.Forwarded, r => r.Method == "CONNECT" && r.Target.StartsWith("zendesk.test:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("-Proxy 'http://jdoe:secret@proxy.example.com:8080'", "must not carry a user name or password")]
    [InlineData("-Proxy 'ftp://proxy.example.com'", "absolute http:// or https:// URL")]
    [InlineData("-Proxy 'http://proxy.example.com:8080' -ProxyCredential $ProxyCredential -ProxyUseDefaultCredentials", "not both")]
    public void Unusable_proxy_settings_are_refused_before_anything_is_sent(string parameters, string says)
    {
        Emulator.ClearRequests();
        var error = SingleError(Shell.Run($"Connect-Zendesk -Url $Url -OAuthToken $OAuthToken -SkipCertificateCheck {parameters} -WarningAction SilentlyContinue"));
        Assert.Equal("InvalidProxy,ZendeskAuth.Commands.ConnectZendeskCommand", error.FullyQualifiedErrorId);
        Assert.Contains(says, error.Exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(Emulator.Requests);
    }
}

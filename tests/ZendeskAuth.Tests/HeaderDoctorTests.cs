using System.Text;
using ZendeskAuth.Emulator;

namespace ZendeskAuth.Tests;

public class HeaderDoctorTests(EmulatorFixture fixture) : HostedTest(fixture)
{
    [Fact]
    public void ConvertTo_builds_Zendesks_documented_header_as_a_SecureString_unless_asked()
    {
        var result = Shell.Run("""
            $secure = ConvertTo-ZendeskAuthorizationHeader -Email $AdminEmail -ApiToken $ApiToken -WarningAction SilentlyContinue
            $secure.GetType().Name
            ConvertTo-ZendeskAuthorizationHeader -Email $AdminEmail -ApiToken $ApiToken -AsPlainText -WarningAction SilentlyContinue
            ConvertTo-ZendeskAuthorizationHeader -OAuthToken 'abc' -AsPlainText
            """);
        result.ThrowIfFailed();
        Assert.Equal(new object[] { "SecureString", DemoCredentials.ApiTokenAuthorizationHeader, "Bearer abc" }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Test_finds_the_UTF16_header_people_build_and_never_prints_the_secret()
    {
        var utf16 = "Basic " + Convert.ToBase64String(Encoding.Unicode.GetBytes($"{DemoCredentials.AdminEmail}/token:{DemoCredentials.ApiToken}"));
        var result = Shell.Run("""
            $d = Test-ZendeskAuthorizationHeader "Authorization: $($args[0])"
            $d.IsValid
            $d.Findings | ForEach-Object { $_.Code }
            $d | Out-Default
            """, utf16);
        result.ThrowIfFailed();
        Assert.Equal(false, result.Output[0].BaseObject);
        Assert.Contains("Utf16Encoding", result.Output.Skip(1).Select(o => o.ToString()));
        Assert.Contains("Utf16Encoding", Shell.HostText);
        Assert.Contains("IsValid", Shell.HostText);
        Assert.DoesNotContain(DemoCredentials.ApiToken, result.AllText() + Shell.HostText);
        Assert.DoesNotContain(utf16.Substring(6), result.AllText() + Shell.HostText);
    }

    [Fact]
    public void Test_tries_the_header_against_the_server_without_sending_the_connections_own()
    {
        ConnectAsAdmin();
        Emulator.ClearRequests();
        var wrong = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{DemoCredentials.AdminEmail}:not-the-password"));
        var result = Shell.Run("""
            $good = Test-ZendeskAuthorizationHeader $args[0] -Connection (Get-ZendeskConnection)
            $bad = Test-ZendeskAuthorizationHeader $args[1] -Connection (Get-ZendeskConnection)
            $good.IsValid; $good.ServerStatus; $bad.IsValid
            $bad.Findings | ForEach-Object { $_.Code }
            """, DemoCredentials.ApiTokenAuthorizationHeader, wrong);
        result.ThrowIfFailed();
        Assert.Equal(true, result.Output[0].BaseObject);
        Assert.Equal(200, result.Output[1].BaseObject);
        Assert.Equal(false, result.Output[2].BaseObject);
        Assert.Contains("ServerAnonymousUser", result.Output.Skip(3).Select(o => o.ToString()));
        Assert.Equal(new[] { DemoCredentials.ApiTokenAuthorizationHeader, wrong }, Emulator.Requests.Select(r => r.Headers["Authorization"]));
    }
}

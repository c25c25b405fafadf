using ZendeskAuth.Emulator;

namespace ZendeskAuth.Tests;

/// <summary>Each output type renders through its format view in the hosted engine, with no secret in sight.</summary>
public class FormatViewTests : HostedTest
{
    public FormatViewTests(EmulatorFixture fixture) : base(fixture) => ConnectAsAdmin();

    [Fact]
    public void Clients_tokens_connections_rate_limits_and_diagnoses_render_as_tables()
    {
        Shell.Runspace.SessionStateProxy.SetVariable("RunbookId", DemoCredentials.RunbookClientIdentifier);
        var result = Shell.Run("""
            Get-ZendeskOAuthClient | Out-Default
            $t = New-ZendeskOAuthToken -ClientId $RunbookId -Scope read, tickets:write
            $t | Out-Default
            Get-ZendeskConnection | Out-Default
            (Get-ZendeskConnection).RateLimit | Out-Default
            Test-ZendeskAuthorizationHeader 'Bearer 6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv' | Out-Default
            [Net.NetworkCredential]::new('', $t.AccessToken).Password
            """);
        result.ThrowIfFailed();
        var host = Shell.HostText;
        var fullToken = result.Output.Single().ToString();
        foreach (var header in new[] { "Identifier", "Kind", "RedirectUri", "Scopes", "ExpiresAt", "AuthenticationType", "Remaining", "IsValid", "Problems" })
        {
            Assert.Contains(header, host);
        }
        Assert.Contains(DemoCredentials.RunbookClientIdentifier, host);
        Assert.Contains("read tickets:write", host);
        Assert.Contains("ApiTokenAsBearer", host);
        Assert.DoesNotContain(fullToken, host);
        Assert.DoesNotContain(DemoCredentials.RunbookClientSecret, host);
        Assert.DoesNotContain(DemoCredentials.ApiToken, host);
    }
}

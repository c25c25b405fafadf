using System.Text;
using ZendeskAuth.Emulator;

namespace ZendeskAuth.Tests;

/// <summary>
/// Runs every kind of scenario with every stream turned on and scans all of it, plus <c>$Error</c>, for the
/// secrets and the base64 headers made from them.
/// </summary>
public class SecretLeakTests(EmulatorFixture fixture) : HostedTest(fixture)
{
    private static readonly string[] Secrets =
    [
        DemoCredentials.ApiToken,
        DemoCredentials.AdminPassword,
        DemoCredentials.OAuthAccessToken,
        DemoCredentials.ApiTokenAuthorizationHeader.Substring("Basic ".Length),
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{DemoCredentials.AdminEmail}:{DemoCredentials.AdminPassword}")),
        "wrong-secret-value-123",
        "body-secret-456",
    ];

    [Fact]
    public void No_secret_appears_in_any_stream_or_in_Error()
    {
        Emulator.Faults.Add("/api/v2/tickets/77.json", Fault.Stall(), times: 1);
        var result = Shell.Run("""
            $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; $InformationPreference = 'Continue'
            $ErrorActionPreference = 'Continue'
            # The preferences, not -Debug: with -Debug, PowerShell asks before each verbose line and warning.
            $a = Connect-Zendesk -Url $Url -Email $AdminEmail -ApiToken $ApiToken -SkipCertificateCheck -PassThru -Verbose
            $p = Connect-Zendesk -Url $Url -Credential (New-TestCredential $AdminEmail $AdminPassword) -SkipCertificateCheck -PassThru
            $o = Connect-Zendesk -Url $Url -OAuthToken $OAuthToken -SkipCertificateCheck -PassThru
            $a; $p; $o; "$a $p $o"
            Connect-Zendesk -Url $Url -Credential (New-TestCredential $AdminEmail 'wrong-secret-value-123') -SkipCertificateCheck
            Connect-Zendesk -Url $Url -Email $AdminEmail -ApiToken 'wrong-secret-value-123' -SkipCertificateCheck
            Connect-Zendesk -Url $Url -OAuthToken 'wrong-secret-value-123' -SkipCertificateCheck
            foreach ($c in $a, $p, $o) {
                Invoke-ZendeskRequest users/me.json -Connection $c
                # The echo's output is the caller's own body; what is scanned is what the module wrote about it.
                $null = Invoke-ZendeskRequest /api/v2/emulator/echo -Method Post -Body @{ password = 'body-secret-456'; access_token = 'body-secret-456'; note = 'visible' } -Connection $c
                Invoke-ZendeskRequest tickets/999999999.json -Connection $c
                Invoke-ZendeskRequest tickets/77.json -Connection $c -TimeoutSec 1 -MaxRetries 0
                Invoke-ZendeskRequest 'https://elsewhere.example.com/api/v2/users/me.json' -Connection $c
            }
            Get-ZendeskConnection | Out-Default
            Disconnect-Zendesk -Verbose
            """);

        var everything = result.AllText() + Shell.HostText;
        Assert.Contains("Authorization: Basic [REDACTED]", everything);
        Assert.Contains("Authorization: Bearer [REDACTED]", everything);
        Assert.Contains("\"note\":\"visible\"", everything);
        Assert.True(result.Errors.Count >= 9, $"the scenario's failures were expected to be errors, got {result.Errors.Count}");
        foreach (var secret in Secrets)
        {
            Assert.DoesNotContain(secret, everything);
        }
    }

    [Fact]
    public void No_OAuth_secret_appears_in_any_stream_either()
    {
        Shell.Runspace.SessionStateProxy.SetVariable("RunbookId", DemoCredentials.RunbookClientIdentifier);
        Shell.Runspace.SessionStateProxy.SetVariable("RunbookSecret", DemoCredentials.RunbookClientSecret);
        var result = Shell.Run("""
            $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'
            $cc = New-ZendeskOAuthToken -Url $Url -SkipCertificateCheck -ClientCredential (New-TestCredential $RunbookId $RunbookSecret) -Scope read
            $c = Connect-Zendesk -Url $Url -ClientCredential (New-TestCredential $RunbookId $RunbookSecret) -Scope read -SkipCertificateCheck -PassThru
            $admin = Connect-Zendesk -Url $Url -Email $AdminEmail -ApiToken $ApiToken -SkipCertificateCheck -PassThru -WarningAction SilentlyContinue
            $api = New-ZendeskOAuthToken -ClientId $RunbookId -Scope read -Connection $admin
            $client = New-ZendeskOAuthClient -Name 'Leak check' -Identifier leak_check -Connection $admin -Confirm:$false
            $cc; $api; $client; "$cc $api $client $c"
            Get-ZendeskOAuthToken -All -Connection $admin | Out-Default
            $api | Revoke-ZendeskToken -Connection $admin -Confirm:$false
            New-ZendeskOAuthToken -Url $Url -SkipCertificateCheck -ClientCredential (New-TestCredential $RunbookId 'wrong-client-secret-789') -Scope read
            """);
        var secrets = Shell.Run("""
            [Net.NetworkCredential]::new('', $cc.AccessToken).Password
            [Net.NetworkCredential]::new('', $api.AccessToken).Password
            [Net.NetworkCredential]::new('', $client.Secret).Password
            """).Output.Select(o => o.ToString()).Append(DemoCredentials.RunbookClientSecret).Append("wrong-client-secret-789").ToList();

        var everything = result.AllText() + Shell.HostText;
        Assert.Equal(5, secrets.Count);
        Assert.All(secrets, secret => Assert.True(secret.Length >= 20, "a secret to look for"));
        Assert.Contains("client_secret", everything);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, everything);
        }
    }
}

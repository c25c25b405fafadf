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

    /// <summary>
    /// A server that echoes what it got (the Authorization header, the token, a client_secret, a Cookie, the query)
    /// in its error bodies, as JSON, HTML and plain text, and in Set-Cookie; plus -Query access_token and a binder
    /// failure on -Token. Nothing secret reaches any stream, $Error, ErrorDetails or Exception.Message.
    /// </summary>
    [Fact]
    public async Task No_secret_a_server_echoes_back_appears_in_any_stream()
    {
        const string clientSecret = "echoed-client-secret-4711";
        const string querySecret = "query-access-token-0815";
        const string cookieSecret = "cookie-session-value-2468";
        const string apiKeySecret = "x-api-key-value-1357";
        await using var server = HostileServer.Start(request =>
        {
            if (request.Path == "/api/v2/users/me.json")
            {
                return HostileServer.Me();
            }
            var echoed = $"{request.Header("Authorization")} {request.Header("Authorization")?.Split(' ').Last()} {request.Target} {request.Header("Cookie")} {request.Header("X-Api-Key")} {Encoding.UTF8.GetString(request.Body)}";
            var quoted = System.Text.Json.JsonSerializer.Serialize(echoed);
            return request.Path switch
            {
                "/oauth/tokens" => HostileServer.Answer(401, $$"""{"error":"invalid_client","error_description":{{quoted}},"client_secret":"{{clientSecret}}"}"""),
                "/api/v2/json.json" => HostileServer.Answer(401, $$"""{"error":"invalid_token","description":{{quoted}}}"""),
                "/api/v2/html.json" => HostileServer.Answer(502, $"<html><body>Bad gateway for {System.Net.WebUtility.HtmlEncode(echoed)}</body></html>", "text/html"),
                "/api/v2/text.json" => HostileServer.Answer(403, echoed, "text/plain"),
                "/api/v2/reason.json" => Encoding.UTF8.GetBytes($"HTTP/1.1 401 {request.Header("Authorization")}\r\nContent-Length: 0\r\n\r\n"),
                _ => HostileServer.Answer(404, $$"""{"error":"RecordNotFound","description":{{quoted}}}""", "application/json", $"Set-Cookie: _zendesk_session={cookieSecret}; path=/"),
            };
        });
        Shell.Runspace.SessionStateProxy.SetVariable("HostileUrl", server.Url);
        Shell.Runspace.SessionStateProxy.SetVariable("ClientSecret", clientSecret);
        Shell.Runspace.SessionStateProxy.SetVariable("QuerySecret", querySecret);
        Shell.Runspace.SessionStateProxy.SetVariable("CookieSecret", cookieSecret);
        Shell.Runspace.SessionStateProxy.SetVariable("ApiKeySecret", apiKeySecret);
        Shell.Runspace.SessionStateProxy.SetVariable("NumericToken", 8675309867530986753L);
        var result = Shell.Run("""
            $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; $ErrorActionPreference = 'Continue'
            $o = Connect-Zendesk -Url $HostileUrl -OAuthToken $OAuthToken -PassThru
            $a = Connect-Zendesk -Url $HostileUrl -Email $AdminEmail -ApiToken $ApiToken -PassThru
            $p = Connect-Zendesk -Url $HostileUrl -Credential (New-TestCredential $AdminEmail $AdminPassword) -PassThru
            foreach ($c in $o, $a, $p) {
                foreach ($path in 'json.json', 'html.json', 'text.json', 'reason.json') {
                    Invoke-ZendeskRequest $path -Connection $c -MaxRetries 0
                }
                Invoke-ZendeskRequest tickets/1.json -Connection $c -Query @{ access_token = $QuerySecret; per_page = 5 } -Headers @{ Cookie = "_zendesk_session=$CookieSecret"; 'X-Api-Key' = $ApiKeySecret } -MaxRetries 0
                Invoke-ZendeskRequest "tickets/2.json?access_token=$QuerySecret" -Connection $c -MaxRetries 0
            }
            New-ZendeskOAuthToken -Url $HostileUrl -ClientCredential (New-TestCredential 'runbook' $ClientSecret) -Scope read
            New-ZendeskOAuthToken -Url $HostileUrl -ClientId runbook -ClientSecret $ClientSecret -RefreshToken $OAuthToken
            # Binder failures: a plain string, a number and an array where a token object or a secret is expected.
            Connect-Zendesk -Url $HostileUrl -Token $OAuthToken
            $OAuthToken | Connect-Zendesk -Url $HostileUrl
            Revoke-ZendeskToken -Token $OAuthToken -Connection $o -Confirm:$false
            Connect-Zendesk -Url $HostileUrl -OAuthToken $NumericToken
            Connect-Zendesk -Url $HostileUrl -OAuthToken @($OAuthToken, $OAuthToken)
            Connect-Zendesk -Url $HostileUrl -OAuthToken ([pscustomobject]@{ token = $OAuthToken })
            $Error | Format-List * -Force | Out-String
            $Error | ForEach-Object { $_.Exception | Format-List * -Force | Out-String }
            """);

        var everything = result.AllText() + Shell.HostText;
        Assert.Contains("[REDACTED]", everything);
        Assert.Contains("RecordNotFound", everything);
        Assert.Contains("per_page=5", everything);
        Assert.Contains("NotATokenObject,ZendeskAuth.Commands.ConnectZendeskCommand", everything);
        Assert.Contains("NotATokenObject,ZendeskAuth.Commands.RevokeZendeskTokenCommand", everything);
        Assert.Contains("ParameterArgumentTransformationError,ZendeskAuth.Commands.ConnectZendeskCommand", everything);
        Assert.DoesNotContain("NullReferenceException", everything);
        Assert.True(result.Errors.Count >= 20, $"the scenario's failures were expected to be errors, got {result.Errors.Count}");
        var secrets = Secrets.Concat([clientSecret, querySecret, cookieSecret, apiKeySecret, "8675309867530986753"]);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, everything);
        }
    }
}

using ZendeskAuth.Emulator;
using ZendeskAuth.Hosting;

namespace ZendeskAuth.Tests;

/// <summary>Every script in examples/ runs against the emulator here, so none can rot.</summary>
public class ExampleTests(EmulatorFixture fixture) : HostedTest(fixture)
{
    private static string Example(string name) => Path.Combine(RepositoryPaths.Examples, name);

    [Fact]
    public void Quickstart_runs_every_step()
    {
        var result = Shell.Run("""
            & $args[0] -Url $Url -Credential (New-TestCredential "$AdminEmail/token" $ApiToken) -SkipCertificateCheck
            """, Example("Quickstart.ps1"));
        result.ThrowIfFailed();
        var text = string.Join("\n", result.Output.Select(o => o.ToString()));
        Assert.Contains("John Doe <jdoe@example.com>, admin", text);
        Assert.Contains("Created ticket #", text);
        Assert.Contains("ZendeskNotFound,ZendeskAuth.Commands.InvokeZendeskRequestCommand (ObjectNotFound)", text);
        Assert.Contains("== Done", text);
        Assert.DoesNotContain(DemoCredentials.ApiToken, result.AllText());
    }

    [Fact]
    public void BulkExport_writes_every_ticket()
    {
        var file = Path.Combine(Path.GetTempPath(), $"zendeskauth-export-{Guid.NewGuid():N}.tsv");
        try
        {
            var result = Shell.Run("""
                & $args[0] -Url $Url -Credential (New-TestCredential "$AdminEmail/token" $ApiToken) -Path $args[1] -SkipCertificateCheck
                """, Example("BulkExport.ps1"), file);
            result.ThrowIfFailed();
            var summary = result.Output.Single();
            var tickets = (int)Property(summary, "Tickets")!;
            Assert.True(tickets >= 250, $"exported {tickets}");
            var lines = File.ReadAllLines(file);
            Assert.Equal("id\tstatus\tpriority\tupdated_at\tsubject", lines[0]);
            Assert.Equal(tickets, lines.Length - 1);
            Assert.Equal(tickets, lines.Skip(1).Select(l => l.Split('\t')[0]).Distinct().Count());
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Azure Automation's cmdlets, as the runbooks call them, backed by a hashtable.</summary>
    private void StubAzureAutomation(Dictionary<string, object> assets)
    {
        Shell.Runspace.SessionStateProxy.SetVariable("AutomationAssets", assets);
        Shell.Run("""
            function global:Get-AutomationPSCredential([string] $Name) { $AutomationAssets[$Name] }
            function global:Get-AutomationVariable([string] $Name) { $AutomationAssets[$Name] }
            function global:Set-AutomationVariable([string] $Name, $Value) { $AutomationAssets[$Name] = $Value }
            """).ThrowIfFailed();
    }

    [Fact]
    public void The_client_credentials_runbook_reads_its_Automation_credential()
    {
        StubAzureAutomation(new Dictionary<string, object>());
        Shell.Run("$AutomationAssets['Zendesk OAuth client'] = New-TestCredential $args[0] $args[1]", DemoCredentials.RunbookClientIdentifier, DemoCredentials.RunbookClientSecret).ThrowIfFailed();
        Emulator.Account.OAuthTokenRequests.Reset();
        var result = Shell.Run("& $args[0] -Url $Url -SkipCertificateCheck", Example("AzureAutomationRunbook.ps1"));
        result.ThrowIfFailed();
        var report = result.Output.Single();
        Assert.Equal(DemoCredentials.AdminEmail, Property(report, "ConnectedAs"));
        Assert.True((int)Property(report, "Unsolved")! > 0);
        Assert.Equal(1, Emulator.Account.OAuthTokenRequests.ClientCredentialGrants);
    }

    [Fact]
    public async Task The_refresh_token_runbook_stores_every_rotated_refresh_token()
    {
        var (verifier, challenge) = ScriptedBrowser.Pkce();
        var redirect = await ScriptedBrowser.AuthorizeAsync(
            $"{Fixture.Url}/oauth/authorizations/new?response_type=code&client_id={DemoCredentials.CliClientIdentifier}&redirect_uri={Uri.EscapeDataString("http://127.0.0.1:4713/callback")}&scope=read&state=s&code_challenge={challenge}&code_challenge_method=S256");
        var assets = new Dictionary<string, object>();
        StubAzureAutomation(assets);
        Shell.Run("""
            $first = New-ZendeskOAuthToken -Url $Url -SkipCertificateCheck -AuthorizationCode $args[0] -ClientId $args[1] -RedirectUri 'http://127.0.0.1:4713/callback' -CodeVerifier $args[2]
            Set-AutomationVariable -Name ZendeskRefreshToken -Value ([Net.NetworkCredential]::new('', $first.RefreshToken).Password)
            """, ScriptedBrowser.Query(redirect, "code"), DemoCredentials.CliClientIdentifier, verifier).ThrowIfFailed();
        var stored = (string)assets["ZendeskRefreshToken"];

        for (var run = 1; run <= 2; run++)
        {
            var result = Shell.Run("& $args[0] -Url $Url -ClientId $args[1] -SkipCertificateCheck", Example("AzureAutomationRefreshTokenRunbook.ps1"), DemoCredentials.CliClientIdentifier);
            result.ThrowIfFailed();
            Assert.Equal(DemoCredentials.AdminEmail, Property(result.Output.Single(), "ConnectedAs"));
            var rotated = (string)assets["ZendeskRefreshToken"];
            Assert.NotEqual(stored, rotated);
            Assert.DoesNotContain(rotated, result.AllText());
            stored = rotated;
        }
    }

    [Fact]
    public void The_migration_moves_from_an_API_token_to_working_client_credentials()
    {
        var result = Shell.Run("""
            & $args[0] -Url $Url -ApiTokenCredential (New-TestCredential "$AdminEmail/token" $ApiToken) -ClientIdentifier nightly_export -SkipCertificateCheck
            """, Example("MigrateApiTokenToOAuth.ps1"));
        result.ThrowIfFailed();
        var moved = result.Output.Last();
        Assert.Equal("nightly_export", Property(moved, "Identifier"));
        Shell.Runspace.SessionStateProxy.SetVariable("Moved", moved);
        var check = Shell.Run("(Connect-Zendesk -Url $Url -ClientCredential $Moved.ClientCredential -Scope read -SkipCertificateCheck -PassThru).AuthenticationType");
        check.ThrowIfFailed();
        Assert.Equal("OAuth", check.Output.Single().ToString());
    }
}

using System.Management.Automation;
using System.Management.Automation.Runspaces;
using ZendeskAuth.Hosting;
using ZendeskAuth.Emulator;

namespace ZendeskAuth.Tests;

/// <summary>
/// What a new user meets: unattended jobs never prompt or hang, changes are safe by default, pipelines bind
/// what is meant. The hosted engine's host throws on any prompt, so a prompt fails the test.
/// </summary>
public class ExperienceTests : HostedTest
{
    public ExperienceTests(EmulatorFixture fixture) : base(fixture)
    {
    }

    [Fact]
    public void Debug_on_every_cmdlet_shows_warnings_and_details_without_asking()
    {
        var result = Shell.Run("""
            $password = New-TestCredential $AdminEmail $AdminPassword
            Connect-Zendesk -Url $Url -Credential $password -SkipCertificateCheck -Debug
            Connect-Zendesk -Url $Url -Email $AdminEmail -ApiToken $ApiToken -SkipCertificateCheck -Debug
            $client = New-TestCredential $args[0] $args[1]
            $null = New-ZendeskOAuthToken -Url $Url -ClientCredential $client -Scope read -SkipCertificateCheck -Debug
            $c = New-ZendeskOAuthClient -Name 'Debugged' -Identifier debugged -Debug -Confirm:$false
            $null = Get-ZendeskOAuthClient -Identifier debugged -Debug
            $c | Remove-ZendeskOAuthClient -Confirm:$false -Debug
            $null = Test-ZendeskAuthorizationHeader "Bearer $OAuthToken" -Url $Url -SkipCertificateCheck -Debug
            $null = Get-ZendeskConnection -Debug
            Disconnect-Zendesk -Debug
            'done'
            """, DemoCredentials.RunbookClientIdentifier, DemoCredentials.RunbookClientSecret);
        Assert.True(result.Terminating is null && result.Errors.Count == 0, string.Join(" | ", result.AllErrors.Select(e => e.FullyQualifiedErrorId + ": " + e)));
        Assert.Equal("done", result.Output.Last().BaseObject);
        Assert.Contains(result.Warnings, w => w.Message.Contains("Password authentication is deprecated", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Message.Contains("retiring API tokens", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Message.Contains("-SkipCertificateCheck", StringComparison.Ordinal));
        Assert.Contains(result.Debug, d => d.Message.Contains("users/me.json", StringComparison.Ordinal));
    }

    [Fact]
    public void Interactive_sign_in_fails_at_once_where_nobody_can_answer_and_names_the_unattended_ways()
    {
        using var shell = DefaultHostShell("""
            New-ZendeskOAuthToken -Url $args[1] -SkipCertificateCheck -Interactive -NoBrowser -ClientId zendeskauth_cli -RedirectUri 'http://127.0.0.1:0/callback' -Scope read -TimeoutSec 600
            """);
        var result = HostedPowerShell.Invoke(shell);
        var error = SingleError(result);
        Assert.Equal("InteractiveSignInUnavailable,ZendeskAuth.Commands.NewZendeskOAuthTokenCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidOperation, error.CategoryInfo.Category);
        foreach (var way in new[] { "-ClientCredential", "-RefreshToken", "-AuthorizationCode" })
        {
            Assert.Contains(way, error.Exception.Message, StringComparison.Ordinal);
        }
        Assert.Empty(shell.Streams.Information);
    }

    [Fact]
    public async Task A_long_wait_counts_down_about_once_a_second_in_an_interactive_host_without_Paginate()
    {
        var calls = 0;
        await using var server = HostileServer.Start(request =>
            request.Path.EndsWith("/users/me.json", StringComparison.Ordinal) ? HostileServer.Me()
            : Interlocked.Increment(ref calls) == 1 ? HostileServer.Answer(429, "Rate limited", "text/plain", "Retry-After: 4")
            : HostileServer.Answer(200, """{"tickets":[]}"""));
        Shell.Run("Connect-Zendesk -Url $args[0] -OAuthToken $OAuthToken", server.Url).ThrowIfFailed();

        using var shell = Shell.Create("Invoke-ZendeskRequest tickets.json -MaxRetries 1 | Out-Null");
        shell.Invoke();
        Assert.False(shell.HadErrors, string.Join("\n", shell.Streams.Error));
        var countdown = shell.Streams.Progress.Where(p => p.Activity == "Waiting for Zendesk" && p.RecordType == ProgressRecordType.Processing).ToList();
        Assert.True(countdown.Count >= 3, $"{countdown.Count} progress records");
        Assert.Contains("Retry 1 of 1: Zendesk answered 429", countdown[0].StatusDescription, StringComparison.Ordinal);
        Assert.Equal(countdown.Select(p => p.SecondsRemaining).OrderByDescending(s => s), countdown.Select(p => p.SecondsRemaining));
        Assert.Contains(countdown, p => p.StatusDescription.EndsWith("(4 s left)", StringComparison.Ordinal));
        Assert.Contains(countdown, p => p.SecondsRemaining <= 2);
        Assert.Equal(ProgressRecordType.Completed, shell.Streams.Progress.Last().RecordType);
    }

    [Fact]
    public async Task A_long_wait_draws_nothing_where_nobody_watches()
    {
        var calls = 0;
        await using var server = HostileServer.Start(request =>
            request.Path.EndsWith("/users/me.json", StringComparison.Ordinal) ? HostileServer.Me()
            : Interlocked.Increment(ref calls) == 1 ? HostileServer.Answer(429, "Rate limited", "text/plain", "Retry-After: 4")
            : HostileServer.Answer(200, """{"tickets":[]}"""));
        using var shell = DefaultHostShell("""
            Connect-Zendesk -Url $args[2] -OAuthToken $args[3]
            Invoke-ZendeskRequest tickets.json -MaxRetries 1 | Out-Null
            """, server.Url, DemoCredentials.OAuthAccessToken);
        shell.Invoke();
        Assert.False(shell.HadErrors, string.Join("\n", shell.Streams.Error));
        Assert.Equal(2, calls);
        Assert.Empty(shell.Streams.Progress);
    }

    /// <summary>The SDK's own host, as in a job or an Automation sandbox: no UI. $args[0] is the manifest, $args[1] the emulator.</summary>
    private PowerShell DefaultHostShell(string script, params object[] more)
    {
        var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        runspace.Open();
        var shell = PowerShell.Create();
        shell.Runspace = runspace;
        shell.AddScript("Import-Module $args[0]\n" + script).AddArgument(RepositoryPaths.ModuleManifest).AddArgument(Fixture.Url);
        foreach (var argument in more)
        {
            shell.AddArgument(argument);
        }
        return shell;
    }
}

using System.Management.Automation;
using System.Management.Automation.Runspaces;
using ZendeskAuth.Emulator;
using ZendeskAuth.Hosting;

namespace ZendeskAuth.Tests;

public class ProgressAndCompletionTests : HostedTest
{
    public ProgressAndCompletionTests(EmulatorFixture fixture) : base(fixture) => ConnectAsAdmin();

    [Fact]
    public void Paging_shows_records_and_page_number_in_an_interactive_host()
    {
        using var shell = Shell.Create("Invoke-ZendeskRequest tickets.json -Paginate | Out-Null");
        shell.Invoke();
        Assert.Contains(shell.Streams.Progress, p => p.StatusDescription == "200 records, page 2");
        Assert.Contains(shell.Streams.Progress, p => p.RecordType == ProgressRecordType.Completed);
    }

    [Fact]
    public void Paging_shows_no_progress_without_an_interactive_host()
    {
        // The SDK's own host, as in a job or an Automation sandbox: no UI to draw a bar on.
        using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        runspace.Open();
        using var shell = PowerShell.Create();
        shell.Runspace = runspace;
        shell.AddScript("""
            Import-Module $args[0]
            Connect-Zendesk -Url $args[1] -OAuthToken $args[2] -SkipCertificateCheck
            Invoke-ZendeskRequest tickets.json -Paginate | Out-Null
            """).AddArgument(RepositoryPaths.ModuleManifest).AddArgument(Fixture.Url).AddArgument(DemoCredentials.OAuthAccessToken);
        shell.Invoke();
        Assert.False(shell.HadErrors, string.Join("\n", shell.Streams.Error));
        Assert.Empty(shell.Streams.Progress);
    }

    [Fact]
    public void Client_ids_complete_from_the_connected_account()
    {
        var result = Shell.Run("""
            $line = 'New-ZendeskOAuthToken -Scope read -ClientId zendeskauth_'
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | ForEach-Object { $_.CompletionText }
            """);
        result.ThrowIfFailed();
        Assert.Equal(new[] { DemoCredentials.RunbookClientIdentifier, DemoCredentials.CliClientIdentifier }.OrderBy(x => x), result.Output.Select(o => o.ToString()).OrderBy(x => x));
    }

    [Fact]
    public void Tokens_list_filtered_by_client()
    {
        Shell.Runspace.SessionStateProxy.SetVariable("CliId", DemoCredentials.CliClientIdentifier);
        Shell.Runspace.SessionStateProxy.SetVariable("RunbookId", DemoCredentials.RunbookClientIdentifier);
        var result = Shell.Run("""
            $t = New-ZendeskOAuthToken -ClientId $CliId -Scope read
            @(Get-ZendeskOAuthToken -ClientId $CliId -All | Where-Object Id -eq $t.Id).Count
            @(Get-ZendeskOAuthToken -ClientId $RunbookId -All | Where-Object Id -eq $t.Id).Count
            """);
        result.ThrowIfFailed();
        Assert.Equal(new object[] { 1, 0 }, result.Output.Select(o => o.BaseObject).ToArray());
    }
}

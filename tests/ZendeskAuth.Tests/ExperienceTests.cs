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

    [Fact]
    public void Invoke_ZendeskRequest_supports_WhatIf_for_changes_and_does_not_ask_by_default()
    {
        ConnectAsAdmin();
        Emulator.ClearRequests();
        var result = Shell.Run("""
            Invoke-ZendeskRequest tickets.json -Method Post -Body @{ ticket = @{ subject = 'What if'; comment = @{ body = 'x' } } } -WhatIf
            Invoke-ZendeskRequest tickets/1.json -Method Delete -WhatIf
            $null = Invoke-ZendeskRequest users/me.json -WhatIf
            (Invoke-ZendeskRequest tickets.json -Method Post -Body @{ ticket = @{ subject = 'Really'; comment = @{ body = 'x' } } }).ticket.subject
            """);
        result.ThrowIfFailed();
        Assert.Equal("Really", result.Output.Single().BaseObject);
        Assert.Contains($"What if: Performing the operation \"Invoke-ZendeskRequest\" on target \"POST {Fixture.Url}/api/v2/tickets.json\".", Shell.HostText, StringComparison.Ordinal);
        Assert.Contains($"on target \"DELETE {Fixture.Url}/api/v2/tickets/1.json\"", Shell.HostText, StringComparison.Ordinal);
        Assert.DoesNotContain("users/me.json", Shell.HostText, StringComparison.Ordinal);
        Assert.Single(Emulator.Requests, r => r.Method == "POST");
        Assert.DoesNotContain(Emulator.Requests, r => r.Method == "DELETE");
        Assert.Contains(Emulator.Requests, r => r.Method == "GET" && r.PathAndQuery == "/api/v2/users/me.json");
    }

    [Fact]
    public void A_client_piped_to_Get_ZendeskOAuthToken_lists_its_tokens_and_token_ClientId_is_always_the_identifier()
    {
        ConnectAsAdmin();
        Shell.Runspace.SessionStateProxy.SetVariable("RunbookId", DemoCredentials.RunbookClientIdentifier);
        Shell.Runspace.SessionStateProxy.SetVariable("RunbookNumericId", DemoCredentials.RunbookClientId);
        Shell.Runspace.SessionStateProxy.SetVariable("CliId", DemoCredentials.CliClientIdentifier);
        var result = Shell.Run("""
            $byNumber = New-ZendeskOAuthToken -ClientId $RunbookNumericId -Scope read
            $null = New-ZendeskOAuthToken -ClientId $CliId -Scope read
            $byNumber.ClientId; $byNumber.ClientNumericId
            (Get-ZendeskOAuthToken -Id $byNumber.Id).ClientId
            $listed = @(Get-ZendeskOAuthClient -Identifier $RunbookId | Get-ZendeskOAuthToken -All)
            $listed.Count -ge 1
            @($listed | Where-Object ClientId -ne $RunbookId).Count
            @($listed | Where-Object Id -eq $byNumber.Id).Count
            ($byNumber | Get-ZendeskOAuthToken).ClientId
            ($byNumber | Get-ZendeskOAuthClient).Identifier
            """);
        result.ThrowIfFailed();
        Assert.Equal(new object[] { DemoCredentials.RunbookClientIdentifier, DemoCredentials.RunbookClientId, DemoCredentials.RunbookClientIdentifier, true, 0, 1, DemoCredentials.RunbookClientIdentifier, DemoCredentials.RunbookClientIdentifier },
            result.Output.Select(o => o.BaseObject).ToArray());
        Assert.Contains(Emulator.Requests, r => r.PathAndQuery.StartsWith($"/api/v2/oauth/tokens.json?client_id={DemoCredentials.RunbookClientId}", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("[pscustomobject]@{ Id = $RunbookNumericId } | Remove-ZendeskOAuthClient -Confirm:$false", "RemoveZendeskOAuthClientCommand", "To delete by id, use -Id")]
    [InlineData("$t | Remove-ZendeskOAuthClient -Confirm:$false", "RemoveZendeskOAuthClientCommand", "Revoke-ZendeskToken revokes it")]
    [InlineData("[pscustomobject]@{ Id = $RunbookNumericId } | Get-ZendeskOAuthToken", "GetZendeskOAuthTokenCommand", "Use -Id")]
    [InlineData("$t | Reset-ZendeskOAuthClientSecret -Confirm:$false", "ResetZendeskOAuthClientSecretCommand", "no secret was changed")]
    [InlineData("[pscustomobject]@{ Id = $RunbookNumericId } | Get-ZendeskOAuthClient", "GetZendeskOAuthClientCommand", "Use -Id")]
    public void Objects_of_the_wrong_kind_are_refused_before_any_request(string script, string command, string says)
    {
        ConnectAsAdmin();
        Shell.Runspace.SessionStateProxy.SetVariable("RunbookNumericId", DemoCredentials.RunbookClientId);
        Shell.Run("$t = New-ZendeskOAuthToken -ClientId $args[0] -Scope read", DemoCredentials.RunbookClientIdentifier).ThrowIfFailed();
        Emulator.ClearRequests();
        var error = SingleError(Shell.Run(script));
        Assert.Equal($"UnexpectedInputObject,ZendeskAuth.Commands.{command}", error.FullyQualifiedErrorId);
        Assert.Contains(says, error.Exception.Message, StringComparison.Ordinal);
        Assert.Empty(Emulator.Requests);
    }

    [Fact]
    public void A_client_piped_to_Revoke_ZendeskToken_is_refused_by_the_binder_and_nothing_is_sent()
    {
        ConnectAsAdmin();
        Shell.Run("$c = Get-ZendeskOAuthClient -Identifier $args[0]", DemoCredentials.RunbookClientIdentifier).ThrowIfFailed();
        Emulator.ClearRequests();
        var error = SingleError(Shell.Run("$c | Revoke-ZendeskToken -Confirm:$false"));
        Assert.StartsWith("InputObjectNotBound,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Empty(Emulator.Requests);
    }

    [Fact]
    public void A_new_secret_warns_when_the_output_is_not_kept_and_can_be_regenerated_behind_Confirm()
    {
        ConnectAsAdmin();
        var result = Shell.Run("""
            New-ZendeskOAuthClient -Name 'Shown once' -Identifier shown_once -Confirm:$false -WarningVariable w1 -WarningAction SilentlyContinue | Out-Default
            $null = New-ZendeskOAuthClient -Name 'Discarded' -Identifier discarded -Confirm:$false -WarningVariable w2 -WarningAction SilentlyContinue
            $c = New-ZendeskOAuthClient -Name 'Kept' -Identifier kept_client -Confirm:$false -WarningVariable w3 -WarningAction SilentlyContinue
            $w1.Count; $w2.Count; $w3.Count
            "$w2"
            $old = [Net.NetworkCredential]::new('', $c.Secret).Password
            $null = $c | Reset-ZendeskOAuthClientSecret -WhatIf
            $new = $c | Reset-ZendeskOAuthClientSecret -Confirm:$false
            $newText = [Net.NetworkCredential]::new('', $new.Secret).Password
            $newText.Length -gt 20; $newText -ne $old; $new.Identifier
            $null = New-ZendeskOAuthToken -Url $Url -SkipCertificateCheck -ClientCredential (New-TestCredential kept_client $old) -Scope read -ErrorVariable refused -ErrorAction SilentlyContinue
            $refused[0].FullyQualifiedErrorId
            (New-ZendeskOAuthToken -Url $Url -SkipCertificateCheck -ClientCredential (New-TestCredential kept_client $newText) -Scope read).AccessToken.GetType().Name
            """);
        result.ThrowIfFailed();
        Assert.Equal(new object[] { 1, 1, 0 }, result.Output.Take(3).Select(o => o.BaseObject).ToArray());
        Assert.Contains("Reset-ZendeskOAuthClientSecret -Id", (string)result.Output[3].BaseObject, StringComparison.Ordinal);
        Assert.Equal(new object[] { true, true, "kept_client", "OAuthInvalidClient,ZendeskAuth.Commands.NewZendeskOAuthTokenCommand", "SecureString" }, result.Output.Skip(4).Select(o => o.BaseObject).ToArray());
        Assert.Single(Emulator.Requests, r => r.Method == "PUT" && r.PathAndQuery.EndsWith("/generate_secret.json", StringComparison.Ordinal));
    }

    [Fact]
    public void Reset_ZendeskOAuthClientSecret_asks_by_default()
    {
        ConnectAsAdmin();
        Emulator.ClearRequests();
        // The hosted engine's host throws on any prompt: the error shows it asked, and nothing was changed.
        var result = Shell.Run("Reset-ZendeskOAuthClientSecret -Id $args[0]", DemoCredentials.RunbookClientId);
        Assert.NotEmpty(result.AllErrors);
        Assert.Contains("does not prompt", string.Join(" ", result.AllErrors.Select(e => e.Exception.Message)), StringComparison.Ordinal);
        Assert.DoesNotContain(Emulator.Requests, r => r.Method == "PUT");
    }

    [Fact]
    public void A_side_connection_leaves_the_current_one_and_PassThru_switches_by_default()
    {
        ConnectAsAdmin();
        var result = Shell.Run("""
            $side = Connect-Zendesk -Url $Url -OAuthToken $OAuthToken -SkipCertificateCheck -KeepCurrent
            $side.AuthenticationType.ToString(); (Get-ZendeskConnection).AuthenticationType.ToString()
            (Invoke-ZendeskRequest users/me.json -Connection $side).user.email
            $switched = Connect-Zendesk -Url $Url -OAuthToken $OAuthToken -SkipCertificateCheck -PassThru
            (Get-ZendeskConnection).AuthenticationType.ToString()
            """);
        result.ThrowIfFailed();
        Assert.Equal(new object[] { "OAuth", "ApiToken", DemoCredentials.AdminEmail, "OAuth" }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Completers_insert_no_placeholders_offer_no_file_names_and_skip_scopes_already_given()
    {
        ConnectAsAdmin();
        var result = Shell.Run("""
            function Complete([string] $line) { @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | ForEach-Object { $_.CompletionText }) -join '|' }
            Complete 'Invoke-ZendeskRequest /api/v2/tickets/'
            Complete 'Get-ZendeskOAuthClient -Identifier Zend'
            Complete 'Get-ZendeskOAuthClient -Id 3600000050'
            Complete 'Get-ZendeskOAuthToken -Id Zend'
            Complete 'Remove-ZendeskOAuthClient -Id Zend'
            Complete 'New-ZendeskOAuthToken -ClientId x -Scope read,'
            """);
        result.ThrowIfFailed();
        var lines = result.Output.Select(o => o.ToString()).ToArray();
        Assert.Contains("/api/v2/tickets/", lines[0].Split('|'));
        Assert.DoesNotContain("{", lines[0], StringComparison.Ordinal);
        Assert.Equal(new[] { DemoCredentials.CliClientIdentifier, DemoCredentials.RunbookClientIdentifier }, lines[1].Split('|').Order());
        Assert.Contains(DemoCredentials.RunbookClientId.ToString(System.Globalization.CultureInfo.InvariantCulture), lines[2].Split('|'));
        Assert.Equal("", lines[3]);
        Assert.Equal("", lines[4]);
        var scopes = lines[5].Split('|');
        Assert.Contains("write", scopes);
        Assert.DoesNotContain("read", scopes);
    }

    [Fact]
    public void A_path_that_still_holds_a_placeholder_is_refused_before_sending()
    {
        ConnectAsAdmin();
        Emulator.ClearRequests();
        var error = SingleError(Shell.Run("Invoke-ZendeskRequest '/api/v2/tickets/{id}.json'"));
        Assert.Equal("InvalidPath,ZendeskAuth.Commands.InvokeZendeskRequestCommand", error.FullyQualifiedErrorId);
        Assert.Contains("placeholder {id}", error.Exception.Message, StringComparison.Ordinal);
        Assert.Empty(Emulator.Requests);
    }

    [Theory]
    [InlineData("tickets:readd", "tickets:read")]
    [InlineData("Tickets:Write", "tickets:write")]
    [InlineData("satisfaction-ratings:read", "satisfaction_ratings:read")]
    [InlineData("reed", "read")]
    public void An_unknown_scope_suggests_the_near_one_instead_of_listing_all(string typed, string suggested)
    {
        var error = SingleError(Shell.Run("New-ZendeskOAuthToken -Url $Url -ClientCredential (New-TestCredential a b) -Scope $args[0]", typed));
        Assert.Equal("InvalidScope,ZendeskAuth.Commands.NewZendeskOAuthTokenCommand", error.FullyQualifiedErrorId);
        Assert.Contains($"'{typed}' (did you mean '{suggested}'?)", error.Exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("dynamic_content:write", error.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Input_errors_come_before_the_SkipCertificateCheck_warning()
    {
        var result = Shell.Run("Connect-Zendesk -Url $Url -Email not-an-email -ApiToken $ApiToken -SkipCertificateCheck");
        Assert.Equal("InvalidEmail,ZendeskAuth.Commands.ConnectZendeskCommand", SingleError(result).FullyQualifiedErrorId);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Familiar_names_from_Invoke_RestMethod_and_Connect_MgGraph_work()
    {
        Emulator.ClearRequests();
        var result = Shell.Run("""
            Connect-Zendesk -Url $Url -AccessToken $OAuthToken -SkipCertificateCheck
            $me = Invoke-ZendeskRequest users/me.json -AsHashtable -MaximumRetryCount 0
            $me.GetType().Name; $me['user'].GetType().Name; $me.user.email; $me.user.created_at.GetType().Name
            $missing = Invoke-ZendeskRequest tickets/987654321.json -SkipHttpErrorCheck -StatusCodeVariable status
            $status; $missing.error
            """);
        result.ThrowIfFailed();
        Assert.Equal(new object[] { "Hashtable", "Hashtable", DemoCredentials.AdminEmail, "String", 404, "RecordNotFound" }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Debug_in_a_host_without_UI_shows_the_warning_and_connects()
    {
        using var shell = DefaultHostShell("""
            Connect-Zendesk -Url $args[1] -Email $args[2] -ApiToken $args[3] -SkipCertificateCheck -Debug
            (Get-ZendeskConnection).AuthenticationType.ToString()
            """, DemoCredentials.AdminEmail, DemoCredentials.ApiToken);
        var result = HostedPowerShell.Invoke(shell);
        Assert.Empty(result.AllErrors);
        Assert.Equal("ApiToken", result.Output.Single().BaseObject);
        Assert.Contains(result.Warnings, w => w.Message.Contains("retiring API tokens", StringComparison.Ordinal));
        Assert.NotEmpty(result.Debug);
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

using System.Management.Automation;
using System.Management.Automation.Runspaces;
using ZendeskAuth.Emulator;
using ZendeskAuth.Hosting;

namespace ZendeskAuth.Tests;

/// <summary>
/// Get-, Set- and Test-ZendeskApiAccess against the emulator's account settings (GET/PUT /api/v2/account/settings,
/// the api object as Zendesk writes it: "true"/"false" strings), OAuth tokens and clients. Each test sets the account
/// state it needs; this class has its own emulator.
/// </summary>
public class ApiAccessTests : HostedTest
{
    private static readonly DateTimeOffset Long = new(2019, 4, 1, 9, 30, 0, TimeSpan.Zero);

    public ApiAccessTests(EmulatorFixture fixture) : base(fixture)
    {
        var account = Emulator.Account;
        account.PasswordAccessEnabled = true;
        account.ApiTokenAccessEnabled = true;
        account.AcceptedApiAgreement = true;
        account.IgnoreApiAccessUpdates = false;
        account.RawApiValues.Clear();
        Emulator.Faults.Clear();
        Shell.Runspace.SessionStateProxy.SetVariable("AgentEmail", DemoCredentials.AgentEmail);
        Shell.Runspace.SessionStateProxy.SetVariable("AgentPassword", DemoCredentials.AgentPassword);
        Shell.Runspace.SessionStateProxy.SetVariable("EndUserEmail", DemoCredentials.EndUserEmail);
        Shell.Runspace.SessionStateProxy.SetVariable("EndUserPassword", DemoCredentials.EndUserPassword);
    }

    private void ConnectWithPassword(string email, string password) =>
        Shell.Run("Connect-Zendesk -Url $Url -Credential (New-TestCredential $args[0] $args[1]) -SkipCertificateCheck -WarningAction SilentlyContinue", email, password).ThrowIfFailed();

    /// <summary>Only OAuth: both switches off, every token expiring, one recent client; connects with its token.</summary>
    private void ConnectToOAuthOnlyAccount()
    {
        var account = Emulator.Account;
        account.PasswordAccessEnabled = false;
        account.ApiTokenAccessEnabled = false;
        foreach (var token in account.BearerTokens.Snapshot())
        {
            account.BearerTokens.RemoveById(token.Id);
        }
        foreach (var client in account.OAuthClients.Snapshot())
        {
            account.DeleteOAuthClient(client.Id);
        }
        var now = Emulator.Clock.Now;
        var client2 = account.OAuthClients.Add("Nightly export", "acme_nightly_export", OAuthClientKinds.Confidential, [], DemoCredentials.AdminUserId, createdAt: now.AddDays(-10));
        var token2 = account.BearerTokens.Issue(new BearerToken(DemoCredentials.AdminUserId, ["read", "write"], now.AddMinutes(30)) { ClientId = client2.Id, UsedAt = now });
        account.BearerTokens.Issue(new BearerToken(DemoCredentials.AgentUserId, ["read"], now.AddMinutes(20)) { ClientId = client2.Id, UsedAt = now.AddDays(-1) });
        Shell.Run("Connect-Zendesk -Url $Url -OAuthToken $args[0] -SkipCertificateCheck -WarningAction SilentlyContinue", token2.Token).ThrowIfFailed();
    }

    private List<PSObject> Findings(string arguments = "")
    {
        var result = Shell.Run("Test-ZendeskApiAccess " + arguments);
        result.ThrowIfFailed();
        Assert.Equal("Summary", (string)Property(result.Output[0], "Code")!);
        return result.Output.ToList();
    }

    private static PSObject Finding(IEnumerable<PSObject> findings, string code) =>
        findings.Single(f => (string)Property(f, "Code")! == code);

    private static string Severity(PSObject finding) => Property(finding, "Severity")!.ToString()!;

    private static bool HasWarningOrWorse(IEnumerable<PSObject> findings) =>
        findings.Skip(1).Any(f => Severity(f) is "Warning" or "Error");

    // ---- Get-ZendeskApiAccess -----------------------------------------------------------------------------------------

    [Fact]
    public void Get_reads_the_string_flags_of_the_api_object_as_booleans()
    {
        Emulator.Account.PasswordAccessEnabled = false;
        ConnectAsAdmin();
        var result = Shell.Run("Get-ZendeskApiAccess");
        result.ThrowIfFailed();
        var access = Assert.Single(result.Output);
        Assert.Equal(false, Property(access, "PasswordAccess"));
        Assert.Equal(true, Property(access, "ApiTokenAccess"));
        Assert.Equal(true, Property(access, "AcceptedApiAgreement"));
        Assert.Equal("ApiToken", Property(access, "ConnectionUses")!.ToString());
        Assert.Equal(Fixture.Url + "/", Property(access, "Url")!.ToString());
        var readAt = (DateTimeOffset)Property(access, "ReadAt")!;
        Assert.InRange(readAt, DateTimeOffset.Now.AddMinutes(-5), DateTimeOffset.Now.AddMinutes(1));

        // What the emulator sent is what Zendesk sends: strings.
        var settings = Emulator.Requests.Last(r => r.PathAndQuery.StartsWith("/api/v2/account/settings", StringComparison.Ordinal));
        Assert.Equal("GET", settings.Method);
    }

    [Fact]
    public void Get_takes_JSON_booleans_too_and_shows_anything_else_as_unknown_with_a_warning()
    {
        Emulator.Account.RawApiValues["api_password_access"] = "false";
        Emulator.Account.RawApiValues["api_token_access"] = "\"yes\"";
        ConnectAsAdmin();
        var result = Shell.Run("Get-ZendeskApiAccess");
        result.ThrowIfFailed();
        var access = Assert.Single(result.Output);
        Assert.Equal(false, Property(access, "PasswordAccess"));
        Assert.Null(Property(access, "ApiTokenAccess"));
        Assert.Contains("api_token_access", Assert.Single(result.Warnings).Message);

        var unknown = Finding(Findings(), "SettingUnknown");
        Assert.Equal("Warning", Severity(unknown));
        Assert.Contains("api_token_access", (string)Property(unknown, "Message")!);
    }

    [Fact]
    public void Get_works_for_an_agent()
    {
        ConnectWithPassword(DemoCredentials.AgentEmail, DemoCredentials.AgentPassword);
        var result = Shell.Run("Get-ZendeskApiAccess");
        result.ThrowIfFailed();
        Assert.Equal(true, Property(Assert.Single(result.Output), "PasswordAccess"));
    }

    [Fact]
    public void Get_as_an_end_user_says_who_may_read_the_settings()
    {
        ConnectWithPassword(DemoCredentials.EndUserEmail, DemoCredentials.EndUserPassword);
        var error = SingleError(Shell.Run("Get-ZendeskApiAccess"));
        Assert.Equal("ZendeskForbidden,ZendeskAuth.Commands.GetZendeskApiAccessCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.PermissionDenied, error.CategoryInfo.Category);
        Assert.Contains("allowed for agents and admins", error.Exception.Message);
        Assert.Contains(DemoCredentials.EndUserEmail, error.Exception.Message);
        Assert.Contains("end-user", error.Exception.Message);
    }

    // ---- Set-ZendeskApiAccess -----------------------------------------------------------------------------------------

    [Fact]
    public void Set_turns_password_access_off_with_a_boolean_on_the_wire()
    {
        ConnectAsAdmin();
        var result = Shell.Run("Set-ZendeskApiAccess -PasswordAccess $false -Confirm:$false -PassThru");
        result.ThrowIfFailed();
        Assert.False(Emulator.Account.PasswordAccessEnabled);
        Assert.True(Emulator.Account.ApiTokenAccessEnabled);
        Assert.Equal(false, Property(Assert.Single(result.Output), "PasswordAccess"));
        var put = Emulator.Requests.Last(r => r.Method == "PUT");
        Assert.StartsWith("/api/v2/account/settings.json", put.PathAndQuery);
        Assert.Equal("""{"settings":{"api":{"api_password_access":false}}}""", put.Body);
    }

    [Fact]
    public void Set_without_PassThru_writes_nothing_and_turns_access_back_on_with_a_warning()
    {
        Emulator.Account.PasswordAccessEnabled = false;
        ConnectAsAdmin();
        var result = Shell.Run("Set-ZendeskApiAccess -PasswordAccess $true -Confirm:$false 3>&1");
        result.ThrowIfFailed();
        Assert.True(Emulator.Account.PasswordAccessEnabled);
        var warning = Assert.Single(result.Output);
        Assert.Contains("2026-01-12", warning.ToString());
    }

    [Fact]
    public void Set_refuses_to_turn_off_the_token_access_this_connection_uses()
    {
        ConnectAsAdmin();
        var before = Emulator.Account.AccountSettingsUpdates;
        var error = SingleError(Shell.Run("Set-ZendeskApiAccess -ApiTokenAccess $false -Confirm:$false"));
        Assert.Equal("WouldLockOut,ZendeskAuth.Commands.SetZendeskApiAccessCommand", error.FullyQualifiedErrorId);
        Assert.Contains("-AllowLockout", error.Exception.Message);
        Assert.Contains("API token", error.Exception.Message);
        Assert.True(Emulator.Account.ApiTokenAccessEnabled);
        Assert.Equal(before, Emulator.Account.AccountSettingsUpdates);
    }

    [Fact]
    public void Set_refuses_to_turn_off_the_password_access_this_connection_uses()
    {
        ConnectWithPassword(DemoCredentials.AdminEmail, DemoCredentials.AdminPassword);
        var error = SingleError(Shell.Run("Set-ZendeskApiAccess -PasswordAccess $false -Confirm:$false"));
        Assert.Equal("WouldLockOut,ZendeskAuth.Commands.SetZendeskApiAccessCommand", error.FullyQualifiedErrorId);
        Assert.True(Emulator.Account.PasswordAccessEnabled);
    }

    [Fact]
    public void Set_with_AllowLockout_turns_off_the_access_this_connection_uses_and_the_connection_stops_working()
    {
        ConnectAsAdmin();
        var result = Shell.Run("Set-ZendeskApiAccess -ApiTokenAccess $false -AllowLockout -Confirm:$false");
        result.ThrowIfFailed();
        Assert.False(Emulator.Account.ApiTokenAccessEnabled);
        Assert.NotEmpty(Shell.Run("Get-ZendeskApiAccess").AllErrors);
    }

    [Fact]
    public void Set_with_WhatIf_sends_nothing_and_names_the_lockout()
    {
        ConnectAsAdmin();
        var before = Emulator.Account.AccountSettingsUpdates;
        var result = Shell.Run("Set-ZendeskApiAccess -ApiTokenAccess $false -AllowLockout -WhatIf");
        result.ThrowIfFailed();
        Assert.Equal(before, Emulator.Account.AccountSettingsUpdates);
        Assert.True(Emulator.Account.ApiTokenAccessEnabled);
        Assert.Contains("THIS connection signs in with", Shell.HostText);
    }

    [Fact]
    public void Set_reports_a_change_Zendesk_silently_dropped()
    {
        Emulator.Account.IgnoreApiAccessUpdates = true;
        ConnectAsAdmin();
        var error = SingleError(Shell.Run("Set-ZendeskApiAccess -PasswordAccess $false -Confirm:$false -PassThru"));
        Assert.Equal("SettingNotChanged,ZendeskAuth.Commands.SetZendeskApiAccessCommand", error.FullyQualifiedErrorId);
        Assert.Contains("api_password_access is on", error.Exception.Message);
        Assert.Contains("settings.api.api_password_access", error.Exception.Message);
        Assert.Contains("API configuration", error.Exception.Message);
        Assert.True(Emulator.Account.PasswordAccessEnabled);
    }

    [Fact]
    public void Set_as_an_agent_says_only_admins_may()
    {
        ConnectWithPassword(DemoCredentials.AgentEmail, DemoCredentials.AgentPassword);
        var error = SingleError(Shell.Run("Set-ZendeskApiAccess -ApiTokenAccess $false -Confirm:$false"));
        Assert.Equal("ZendeskForbidden,ZendeskAuth.Commands.SetZendeskApiAccessCommand", error.FullyQualifiedErrorId);
        Assert.Contains("admins only", error.Exception.Message);
        Assert.True(Emulator.Account.ApiTokenAccessEnabled);
    }

    [Fact]
    public void Set_with_nothing_to_change_is_refused_before_sending()
    {
        ConnectAsAdmin();
        var before = Emulator.Account.AccountSettingsUpdates;
        var error = SingleError(Shell.Run("Set-ZendeskApiAccess -Confirm:$false"));
        Assert.Equal("InvalidParameterCombination,ZendeskAuth.Commands.SetZendeskApiAccessCommand", error.FullyQualifiedErrorId);
        Assert.Equal(before, Emulator.Account.AccountSettingsUpdates);
    }

    // ---- Test-ZendeskApiAccess: the issue's "Done when" ----------------------------------------------------------------

    [Fact]
    public void An_account_allowing_passwords_and_tokens_connected_with_a_token_gets_2027_04_30_and_the_OAuth_move()
    {
        ConnectAsAdmin();
        var findings = Findings();
        var inUse = Finding(findings, "ApiTokenInUse");
        Assert.Equal("Warning", Severity(inUse));
        Assert.Equal(new DateTime(2027, 4, 30), Property(inUse, "Deadline"));
        Assert.Contains("2027-04-30", (string)Property(inUse, "Message")!);
        var fix = (string)Property(inUse, "Fix")!;
        Assert.Contains("-ClientCredential", fix);
        Assert.Contains("New-ZendeskOAuthClient", fix);
        Assert.Contains("MIGRATING A RUNBOOK FROM AN API TOKEN TO OAUTH", fix);
        var tokenAccess = Finding(findings, "ApiTokenAccessOn");
        Assert.Equal("Warning", Severity(tokenAccess));
        Assert.Equal(new DateTime(2027, 4, 30), Property(tokenAccess, "Deadline"));
        Assert.Equal("Warning", Severity(Finding(findings, "PasswordAccessOn")));
        var summary = findings[0];
        Assert.Equal("Warning", Severity(summary));
        Assert.Contains("password access on, API token access on", (string)Property(summary, "Message")!);
        Assert.Contains("uses ApiToken", (string)Property(summary, "Message")!);

        var quiet = Shell.Run("Test-ZendeskApiAccess -Quiet");
        quiet.ThrowIfFailed();
        Assert.Equal(false, Assert.Single(quiet.Output).BaseObject);
    }

    [Fact]
    public void An_OAuth_only_account_with_expiring_tokens_gets_nothing_at_Warning_or_worse()
    {
        ConnectToOAuthOnlyAccount();
        var findings = Findings();
        Assert.False(HasWarningOrWorse(findings), string.Join(Environment.NewLine, findings.Select(f => f.ToString())));
        Assert.Equal("Information", Severity(findings[0]));
        Assert.Contains("password access off, API token access off", (string)Property(findings[0], "Message")!);
        Assert.Equal("Information", Severity(Finding(findings, "OAuthInUse")));
        Assert.Equal("Information", Severity(Finding(findings, "ApiTokenAccessOff")));
        Assert.Equal("Information", Severity(Finding(findings, "PasswordAccessOff")));

        var quiet = Shell.Run("Test-ZendeskApiAccess -Quiet");
        quiet.ThrowIfFailed();
        Assert.Equal(true, Assert.Single(quiet.Output).BaseObject);
    }

    [Fact]
    public void The_Pester_scenario_client_credentials_then_both_switches_off_is_quiet()
    {
        Emulator.Account.BearerTokens[DemoCredentials.OAuthAccessToken] = new BearerToken(DemoCredentials.AdminUserId, ["read", "write"])
        {
            Id = DemoCredentials.OAuthAccessTokenId,
            ClientId = DemoCredentials.RunbookClientId,
        };
        if (Emulator.Account.OAuthClients.FindById(DemoCredentials.RunbookClientId) is null)
        {
            Emulator.Account.OAuthClients.Add(DemoCredentials.RunbookClientName, DemoCredentials.RunbookClientIdentifier, OAuthClientKinds.Confidential,
                [DemoCredentials.RunbookClientRedirectUri], DemoCredentials.AdminUserId, DemoCredentials.RunbookClientSecret, DemoCredentials.RunbookClientId, Long);
        }
        Shell.Runspace.SessionStateProxy.SetVariable("RunbookId", DemoCredentials.RunbookClientIdentifier);
        Shell.Runspace.SessionStateProxy.SetVariable("RunbookSecret", DemoCredentials.RunbookClientSecret);
        var result = Shell.Run("""
            Connect-Zendesk -Url $Url -ClientCredential (New-TestCredential $RunbookId $RunbookSecret) -Scope read, write -SkipCertificateCheck -WarningAction SilentlyContinue
            Test-ZendeskApiAccess -Quiet
            Set-ZendeskApiAccess -PasswordAccess $false -ApiTokenAccess $false -Confirm:$false
            Revoke-ZendeskToken -Id $args[0] -Confirm:$false
            Test-ZendeskApiAccess -Quiet
            """, DemoCredentials.OAuthAccessTokenId);
        result.ThrowIfFailed();
        Assert.Equal(new object[] { false, true }, result.Output.Select(o => o.BaseObject));
        Assert.False(Emulator.Account.PasswordAccessEnabled);
        Assert.False(Emulator.Account.ApiTokenAccessEnabled);
    }

    // ---- Test-ZendeskApiAccess: each finding ---------------------------------------------------------------------------

    [Fact]
    public void A_token_that_never_expires_is_a_warning_for_2027_04_01_naming_its_client_and_id()
    {
        ConnectToOAuthOnlyAccount();
        var account = Emulator.Account;
        var client = account.OAuthClients.Snapshot().Single();
        var forever = account.BearerTokens.Issue(new BearerToken(DemoCredentials.AdminUserId, ["read"]) { ClientId = client.Id, UsedAt = Emulator.Clock.Now });
        var findings = Findings();
        var never = Finding(findings, "TokenNeverExpires");
        Assert.Equal("Warning", Severity(never));
        Assert.Equal(new DateTime(2027, 4, 1), Property(never, "Deadline"));
        var message = (string)Property(never, "Message")!;
        Assert.Contains($"id {forever.Id}", message);
        Assert.Contains("'Nightly export'", message);
        Assert.Contains("Revoke-ZendeskToken", (string)Property(never, "Fix")!);

        var later = Finding(Findings("-AsOf 2027-04-02"), "TokenNeverExpires");
        Assert.Equal("Error", Severity(later));
    }

    [Fact]
    public void A_token_unused_for_long_is_a_note_and_UnusedDays_moves_the_line()
    {
        ConnectToOAuthOnlyAccount();
        var account = Emulator.Account;
        var client = account.OAuthClients.Snapshot().Single();
        var now = Emulator.Clock.Now;
        var idle = account.BearerTokens.Issue(new BearerToken(DemoCredentials.AdminUserId, ["read"], now.AddMinutes(30)) { ClientId = client.Id, UsedAt = now.AddDays(-200) });
        var neverUsed = account.BearerTokens.Issue(new BearerToken(DemoCredentials.AdminUserId, ["read"], now.AddMinutes(30)) { ClientId = client.Id, CreatedAt = now.AddDays(-120) });

        var unused = Finding(Findings(), "TokenUnused");
        Assert.Equal("Information", Severity(unused));
        Assert.Contains($"ids {Math.Min(idle.Id, neverUsed.Id)}, {Math.Max(idle.Id, neverUsed.Id)}", (string)Property(unused, "Message")!);

        var longer = Finding(Findings("-UnusedDays 150"), "TokenUnused");
        Assert.Contains($"id {idle.Id}.", (string)Property(longer, "Message")!);
        Assert.DoesNotContain(Findings("-UnusedDays 300"), f => (string)Property(f, "Code")! == "TokenUnused");
    }

    [Fact]
    public void Clients_created_before_Zendesk_enforced_token_lifetimes_are_named()
    {
        ConnectToOAuthOnlyAccount();
        var account = Emulator.Account;
        account.OAuthClients.Add("Old local", "old_local", OAuthClientKinds.Confidential, [], DemoCredentials.AdminUserId, createdAt: Long);
        account.OAuthClients.Add("Last local day", "last_local", OAuthClientKinds.Confidential, [], DemoCredentials.AdminUserId, createdAt: new DateTimeOffset(2026, 4, 30, 12, 0, 0, TimeSpan.Zero));
        account.OAuthClients.Add("New local", "new_local", OAuthClientKinds.Confidential, [], DemoCredentials.AdminUserId, createdAt: new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero));
        account.OAuthClients.Add("Old global", "old_global", OAuthClientKinds.Public, [], DemoCredentials.AdminUserId, createdAt: new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero)).Global = true;
        account.OAuthClients.Add("New global", "new_global", OAuthClientKinds.Public, [], DemoCredentials.AdminUserId, createdAt: new DateTimeOffset(2026, 2, 2, 0, 0, 0, TimeSpan.Zero)).Global = true;

        var finding = Finding(Findings(), "ClientWithoutTokenLifetimes");
        Assert.Equal("Information", Severity(finding));
        Assert.Equal(new DateTime(2027, 4, 1), Property(finding, "Deadline"));
        var message = (string)Property(finding, "Message")!;
        Assert.Contains("'Old local'", message);
        Assert.Contains("'Last local day'", message);
        Assert.Contains("'Old global'", message);
        Assert.DoesNotContain("'New local'", message);
        Assert.DoesNotContain("'New global'", message);
        Assert.DoesNotContain("'Nightly export'", message);
    }

    [Fact]
    public void An_agent_with_a_password_sees_the_settings_but_not_the_tokens_and_clients()
    {
        ConnectWithPassword(DemoCredentials.AgentEmail, DemoCredentials.AgentPassword);
        var findings = Findings();
        var password = Finding(findings, "PasswordInUse");
        Assert.Equal("Error", Severity(password)); // 2026-01-12 has passed
        Assert.Equal(new DateTime(2026, 1, 12), Property(password, "Deadline"));
        Assert.Contains("-ClientCredential", (string)Property(password, "Fix")!);
        Assert.Equal("Information", Severity(Finding(findings, "TokensNotVisible")));
        Assert.Equal("Information", Severity(Finding(findings, "ClientsNotVisible")));
        Assert.Equal("Warning", Severity(Finding(findings, "ApiTokenAccessOn")));
        Assert.Equal("Error", Severity(findings[0]));
    }

    [Fact]
    public void An_end_user_is_told_the_settings_are_not_visible()
    {
        ConnectWithPassword(DemoCredentials.EndUserEmail, DemoCredentials.EndUserPassword);
        var findings = Findings();
        var hidden = Finding(findings, "SettingsNotVisible");
        Assert.Equal("Warning", Severity(hidden));
        Assert.Contains("agents and admins", (string)Property(hidden, "Message")!);
        Assert.Equal("Warning", Severity(Finding(findings, "PasswordInUse")));
        Assert.Contains("settings not read", (string)Property(findings[0], "Message")!);
    }

    [Fact]
    public void AsOf_after_2027_04_30_makes_the_token_findings_errors()
    {
        ConnectAsAdmin();
        var findings = Findings("-AsOf 2027-05-01");
        Assert.Equal("Error", Severity(Finding(findings, "ApiTokenInUse")));
        Assert.Equal("Error", Severity(Finding(findings, "ApiTokenAccessOn")));
        Assert.Equal("Error", Severity(findings[0]));
    }

    [Fact]
    public void A_part_that_cannot_be_read_is_an_error_a_finding_and_a_false_Quiet()
    {
        ConnectToOAuthOnlyAccount();
        Emulator.Faults.Add("/api/v2/oauth/tokens.json", Fault.MalformedJson());
        try
        {
            var result = Shell.Run("Test-ZendeskApiAccess");
            var error = SingleError(result);
            Assert.Equal("InvalidResponse,ZendeskAuth.Commands.TestZendeskApiAccessCommand", error.FullyQualifiedErrorId);
            var incomplete = result.Output.Single(f => (string)Property(f, "Code")! == "CheckIncomplete");
            Assert.Equal("Warning", Severity(incomplete));
            Assert.Contains("the OAuth tokens could not be read", (string)Property(incomplete, "Message")!);

            var quiet = Shell.Run("Test-ZendeskApiAccess -Quiet -ErrorAction SilentlyContinue");
            Assert.Equal(false, Assert.Single(quiet.Output).BaseObject);
        }
        finally
        {
            Emulator.Faults.Clear();
        }
    }

    [Fact]
    public void No_finding_or_stream_shows_a_secret()
    {
        ConnectAsAdmin();
        var result = Shell.Run("Test-ZendeskApiAccess -Verbose -Debug; Get-ZendeskApiAccess -Verbose -Debug; Test-ZendeskApiAccess | Out-Default");
        result.ThrowIfFailed();
        var text = result.AllText() + Shell.HostText + string.Join("\n", result.Output.SelectMany(o => o.Properties.Select(p => p.Value?.ToString())));
        Assert.Contains("ApiTokenInUse", text);
        Assert.Contains("/api/v2/account/settings", text); // the verbose request lines were read
        foreach (var secret in new[] { DemoCredentials.ApiToken, DemoCredentials.OAuthAccessToken, DemoCredentials.OAuthAccessToken[..10], DemoCredentials.RunbookClientSecret, DemoCredentials.RunbookClientSecret[..10], DemoCredentials.ApiTokenAuthorizationHeader["Basic ".Length..] })
        {
            Assert.DoesNotContain(secret, text);
        }
    }

    [Fact]
    public void The_format_views_fit_80_columns()
    {
        var screen = new StringWriter();
        using var runspace = RunspaceFactory.CreateRunspace(new TextHost(screen, 80), InitialSessionState.CreateDefault2());
        runspace.Open();
        using (var shell = PowerShell.Create())
        {
            shell.Runspace = runspace;
            shell.AddScript("""
                param($Manifest, $Url, $Email, $Token)
                Import-Module $Manifest -ErrorAction Stop
                Connect-Zendesk -Url $Url -Email $Email -ApiToken $Token -SkipCertificateCheck -WarningAction SilentlyContinue
                Get-ZendeskApiAccess | Out-Default
                Test-ZendeskApiAccess | Out-Default
                """).AddArgument(RepositoryPaths.ModuleManifest).AddArgument(Fixture.Url).AddArgument(DemoCredentials.AdminEmail).AddArgument(DemoCredentials.ApiToken);
            shell.Invoke();
            Assert.False(shell.HadErrors, string.Join(Environment.NewLine, shell.Streams.Error));
        }
        // Without the colours PowerShell 7 puts around table headers.
        var text = System.Text.RegularExpressions.Regex.Replace(screen.ToString(), "\u001b\\[[0-9;]*m", "");
        Assert.Contains("ApiTokenAccess", text);
        Assert.Contains("ApiTokenInUse", text);
        Assert.Contains("2027-04-30", text);
        Assert.DoesNotContain("ZendeskAuth.ApiAccess", text); // a view, not the type name
        var tooLong = text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.TrimEnd().Length > 80).ToList();
        Assert.True(tooLong.Count == 0, string.Join(Environment.NewLine, tooLong));
        File.WriteAllText(Path.Combine(Path.GetTempPath(), "ZendeskApiAccess-80.txt"), text);
    }
}

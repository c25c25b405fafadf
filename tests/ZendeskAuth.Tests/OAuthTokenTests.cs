using System.Diagnostics;
using System.Management.Automation;
using System.Text.Json;
using ZendeskAuth.Emulator;

namespace ZendeskAuth.Tests;

public class OAuthTokenTests : HostedTest
{
    public OAuthTokenTests(EmulatorFixture fixture) : base(fixture)
    {
        ConnectAsAdmin();
        Shell.Runspace.SessionStateProxy.SetVariable("RunbookId", DemoCredentials.RunbookClientIdentifier);
        Shell.Runspace.SessionStateProxy.SetVariable("RunbookSecret", DemoCredentials.RunbookClientSecret);
        Shell.Runspace.SessionStateProxy.SetVariable("CliId", DemoCredentials.CliClientIdentifier);
    }

    private IEnumerable<RecordedRequest> TokenGrants => Emulator.Requests.Where(r => r.PathAndQuery == "/oauth/tokens");

    [Fact]
    public void Tokens_API_gets_the_numeric_client_id_and_the_scopes_as_an_array()
    {
        Emulator.ClearRequests();
        var result = Shell.Run("""
            $t = New-ZendeskOAuthToken -ClientId $RunbookId -Scope read, tickets:write
            $t.Id -gt 0; $t.AccessToken.GetType().Name; $t.RefreshToken -eq $null; $t.Scopes -join ' '
            (Invoke-ZendeskRequest users/me.json -Connection (Connect-Zendesk -Url $Url -OAuthToken $t.AccessToken -SkipCertificateCheck -PassThru)).user.id
            """);
        result.ThrowIfFailed();
        Assert.Equal(new object[] { true, "SecureString", true, "read tickets:write", DemoCredentials.AdminUserId }, result.Output.Select(o => o.BaseObject).ToArray());
        var create = Emulator.Requests.Single(r => r.Method == "POST" && r.PathAndQuery == "/api/v2/oauth/tokens.json");
        Assert.Equal("{\"token\":{\"client_id\":" + DemoCredentials.RunbookClientId + ",\"scopes\":[\"read\",\"tickets:write\"]}}", create.Body);
    }

    [Fact]
    public void A_client_from_Get_ZendeskOAuthClient_pipes_into_New_ZendeskOAuthToken()
    {
        var result = Shell.Run("(Get-ZendeskOAuthClient -Identifier $RunbookId | New-ZendeskOAuthToken -Scope read).ClientId");
        result.ThrowIfFailed();
        Assert.Equal(DemoCredentials.RunbookClientId.ToString(System.Globalization.CultureInfo.InvariantCulture), result.Output.Single().ToString());
    }

    [Fact]
    public void Unknown_scopes_and_lifetimes_out_of_range_are_refused_before_any_call()
    {
        Emulator.ClearRequests();
        var scope = SingleError(Shell.Run("New-ZendeskOAuthToken -ClientId $RunbookId -Scope read, tickets:delete"));
        Assert.Equal("InvalidScope,ZendeskAuth.Commands.NewZendeskOAuthTokenCommand", scope.FullyQualifiedErrorId);
        Assert.Contains("'tickets:delete'", scope.Exception.Message);
        Assert.Contains("tickets:write", scope.Exception.Message);

        var lifetime = SingleError(Shell.Run("New-ZendeskOAuthToken -ClientCredential (New-TestCredential $RunbookId $RunbookSecret) -ExpiresIn 100"));
        Assert.StartsWith("ParameterArgumentValidationError", lifetime.FullyQualifiedErrorId);
        var refresh = SingleError(Shell.Run("New-ZendeskOAuthToken -RefreshToken x -ClientId $CliId -RefreshTokenExpiresIn 60"));
        Assert.StartsWith("ParameterArgumentValidationError", refresh.FullyQualifiedErrorId);
        Assert.Empty(Emulator.Requests);
    }

    [Fact]
    public void Client_credentials_send_the_identifier_and_a_space_separated_scope()
    {
        Emulator.ClearRequests();
        var result = Shell.Run("""
            $t = New-ZendeskOAuthToken -ClientCredential (New-TestCredential $RunbookId $RunbookSecret) -Scope read, write -ExpiresIn 600
            $t.ClientId; $t.Scopes -join ' '; [int]($t.ExpiresAt - [DateTimeOffset]::UtcNow).TotalMinutes
            """);
        result.ThrowIfFailed();
        Assert.Equal(new object[] { DemoCredentials.RunbookClientIdentifier, "read write", 10 }, result.Output.Select(o => o.BaseObject).ToArray());
        using var body = JsonDocument.Parse(TokenGrants.Single().Body);
        Assert.Equal("client_credentials", body.RootElement.GetProperty("grant_type").GetString());
        Assert.Equal(DemoCredentials.RunbookClientIdentifier, body.RootElement.GetProperty("client_id").GetString());
        Assert.Equal("read write", body.RootElement.GetProperty("scope").GetString());
        Assert.Equal(600, body.RootElement.GetProperty("expires_in").GetInt32());
    }

    [Fact]
    public void Authorization_code_with_PKCE_gives_a_rotating_pair_and_every_misuse_is_refused()
    {
        var (verifier, challenge) = ScriptedBrowser.Pkce();
        string NewCode()
        {
            var redirect = ScriptedBrowser.AuthorizeAsync(
                $"{Fixture.Url}/oauth/authorizations/new?response_type=code&client_id={DemoCredentials.CliClientIdentifier}&redirect_uri={Uri.EscapeDataString("http://127.0.0.1:4711/callback")}&scope=read&state=s1&code_challenge={challenge}&code_challenge_method=S256").GetAwaiter().GetResult();
            return ScriptedBrowser.Query(redirect, "code");
        }

        const string exchange = "New-ZendeskOAuthToken -AuthorizationCode $args[0] -ClientId $CliId -RedirectUri 'http://127.0.0.1:4711/callback' -CodeVerifier $args[1]";
        var code = NewCode();
        var first = Shell.Run($"$t = {exchange}; $t.RefreshToken.GetType().Name; $t", code, verifier);
        first.ThrowIfFailed();
        Assert.Equal("SecureString", first.Output[0].BaseObject);

        var reused = SingleError(Shell.Run(exchange, code, verifier));
        Assert.Equal("OAuthInvalidGrant,ZendeskAuth.Commands.NewZendeskOAuthTokenCommand", reused.FullyQualifiedErrorId);
        Assert.Contains("120 s", reused.Exception.Message);

        var wrongVerifier = SingleError(Shell.Run(exchange, NewCode(), ScriptedBrowser.Pkce().Verifier));
        Assert.Equal("OAuthInvalidGrant,ZendeskAuth.Commands.NewZendeskOAuthTokenCommand", wrongVerifier.FullyQualifiedErrorId);

        var late = NewCode();
        Emulator.Clock.Advance(TimeSpan.FromSeconds(121));
        var expired = SingleError(Shell.Run(exchange, late, verifier));
        Assert.Equal("OAuthInvalidGrant,ZendeskAuth.Commands.NewZendeskOAuthTokenCommand", expired.FullyQualifiedErrorId);

        // Refresh rotates: the new pair replaces the old, and the old refresh token is refused.
        Shell.Runspace.SessionStateProxy.SetVariable("First", first.Output[1].BaseObject);
        var rotated = Shell.Run("""
            $second = New-ZendeskOAuthToken -RefreshToken $First.RefreshToken -ClientId $CliId
            [bool]$second.RefreshToken
            New-ZendeskOAuthToken -RefreshToken $First.RefreshToken -ClientId $CliId
            """);
        Assert.Equal(true, rotated.Output.Single().BaseObject);
        Assert.Equal("OAuthInvalidGrant,ZendeskAuth.Commands.NewZendeskOAuthTokenCommand", SingleError(rotated).FullyQualifiedErrorId);
    }

    [Fact]
    public void Interactive_sign_in_listens_on_loopback_and_exchanges_the_code()
    {
        var (result, status) = SignIn(redirect => redirect);
        result.ThrowIfFailed();
        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        var token = result.Output.Single();
        Assert.Equal(DemoCredentials.CliClientIdentifier, Property(token, "ClientId"));
        Assert.NotNull(Property(token, "RefreshToken"));
        using var body = JsonDocument.Parse(TokenGrants.Last().Body);
        Assert.Equal("authorization_code", body.RootElement.GetProperty("grant_type").GetString());
        Assert.True(body.RootElement.TryGetProperty("code_verifier", out _));
    }

    [Fact]
    public void Interactive_sign_in_refuses_a_callback_whose_state_does_not_match_and_waits_for_the_real_one()
    {
        System.Net.HttpStatusCode forgedStatus = default;
        var (result, status) = SignIn(redirect =>
        {
            // A stray or forged redirect first: refused with an error page, and the wait goes on.
            forgedStatus = ScriptedBrowser.FollowAsync(new Uri(redirect.AbsoluteUri.Replace("state=", "state=forged", StringComparison.Ordinal))).GetAwaiter().GetResult();
            Assert.DoesNotContain(TokenGrants, r => r.Body.Contains("authorization_code"));
            return redirect;
        });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, forgedStatus);
        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        result.ThrowIfFailed();
        Assert.NotNull(Property(result.Output.Single(), "RefreshToken"));
    }

    [Fact]
    public async Task Interactive_sign_in_with_only_forged_callbacks_ends_as_a_state_mismatch_at_the_timeout()
    {
        Emulator.ClearRequests();
        using var shell = Shell.Create("New-ZendeskOAuthToken -Interactive -NoBrowser -ClientId $CliId -RedirectUri 'http://127.0.0.1:0/callback' -Scope read -TimeoutSec 3");
        var running = shell.BeginInvoke();
        var waited = Stopwatch.StartNew();
        string? url = null;
        while (url is null)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), "no sign-in URL was printed");
            url = shell.Streams.Information.Select(i => ScriptedBrowser.FindUrl(i.MessageData?.ToString() ?? "")).FirstOrDefault(u => u.Length > 0);
            Thread.Sleep(20);
        }
        var redirect = await ScriptedBrowser.AuthorizeAsync(url);
        var forged = await ScriptedBrowser.FollowAsync(new Uri(redirect.AbsoluteUri.Replace("state=", "state=forged", StringComparison.Ordinal)));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, forged);
        running.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(20));
        var result = Hosting.HostedPowerShell.Finish(shell, running);
        Assert.Equal("OAuthStateMismatch,ZendeskAuth.Commands.NewZendeskOAuthTokenCommand", SingleError(result).FullyQualifiedErrorId);
        Assert.DoesNotContain(TokenGrants, r => r.Body.Contains("authorization_code"));
    }

    [Fact]
    public void Interactive_sign_in_reports_a_denial_and_a_user_who_never_answers()
    {
        Emulator.Account.DenyOAuthAuthorizations = true;
        try
        {
            var (denied, _) = SignIn(redirect => redirect);
            Assert.Equal("OAuthAccessDenied,ZendeskAuth.Commands.NewZendeskOAuthTokenCommand", SingleError(denied).FullyQualifiedErrorId);
        }
        finally
        {
            Emulator.Account.DenyOAuthAuthorizations = false;
        }

        var timer = Stopwatch.StartNew();
        var silent = Shell.Run("New-ZendeskOAuthToken -Interactive -NoBrowser -ClientId $CliId -RedirectUri 'http://127.0.0.1:0/callback' -Scope read -TimeoutSec 1 -InformationAction SilentlyContinue");
        var error = SingleError(silent);
        Assert.Equal("OAuthTimeout,ZendeskAuth.Commands.NewZendeskOAuthTokenCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.OperationTimeout, error.CategoryInfo.Category);
        Assert.True(timer.Elapsed < TimeSpan.FromSeconds(10));
    }

    /// <summary>Runs -Interactive -NoBrowser, plays the browser with the printed URL, and returns what came out.</summary>
    private (Hosting.ScriptResult Result, System.Net.HttpStatusCode CallbackStatus) SignIn(Func<Uri, Uri> tamper)
    {
        Emulator.ClearRequests();
        using var shell = Shell.Create("New-ZendeskOAuthToken -Interactive -NoBrowser -ClientId $CliId -RedirectUri 'http://127.0.0.1:0/callback' -Scope read, write -TimeoutSec 30");
        var running = shell.BeginInvoke();
        var waited = Stopwatch.StartNew();
        string? url = null;
        while (url is null)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), "no sign-in URL was printed");
            url = shell.Streams.Information.Select(i => ScriptedBrowser.FindUrl(i.MessageData?.ToString() ?? "")).FirstOrDefault(u => u.Length > 0);
            Thread.Sleep(20);
        }
        var redirect = ScriptedBrowser.AuthorizeAsync(url).GetAwaiter().GetResult();
        var status = ScriptedBrowser.FollowAsync(tamper(redirect)).GetAwaiter().GetResult();
        running.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(20));
        return (Hosting.HostedPowerShell.Finish(shell, running), status);
    }
}

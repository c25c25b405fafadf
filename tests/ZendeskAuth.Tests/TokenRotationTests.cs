using System.Diagnostics;
using ZendeskAuth.Emulator;

namespace ZendeskAuth.Tests;

/// <summary>
/// Issue 8, item 3: a rotated refresh token is never lost, whether the user's -OnTokenRefreshed fails under
/// $ErrorActionPreference = 'Stop' or the user presses Ctrl+C while the refresh grant is in flight.
/// </summary>
public class TokenRotationTests : HostedTest
{
    public TokenRotationTests(EmulatorFixture fixture) : base(fixture)
    {
        Shell.Runspace.SessionStateProxy.SetVariable("CliId", DemoCredentials.CliClientIdentifier);
    }


    [Fact]
    public void A_throwing_OnTokenRefreshed_under_Stop_keeps_the_201_output_and_the_connection_and_says_where_the_token_is()
    {
        SignedInToken();
        Shell.Run("$c = $Token | Connect-Zendesk -SkipCertificateCheck -PassThru -OnTokenRefreshed { throw 'vault is down' }").ThrowIfFailed();
        Emulator.Account.OAuthTokenRequests.Reset();
        Emulator.Clock.Advance(TimeSpan.FromMinutes(31));

        var result = Shell.Run("""
            $ErrorActionPreference = 'Stop'
            $created = Invoke-ZendeskRequest tickets.json -Method Post -Body @{ ticket = @{ subject = 'once'; comment = @{ body = 'x' } } }
            $created.ticket.subject
            """);
        // Under Stop an error would end the statement and lose $created: the failure is a warning with the stable id.
        Assert.Null(result.Terminating);
        Assert.Equal("once", Assert.Single(result.Output).BaseObject);
        var warning = Assert.Single(result.Warnings, w => w.Message.StartsWith("TokenRefreshCallbackFailed,ZendeskAuth.Commands.InvokeZendeskRequestCommand: ", StringComparison.Ordinal));
        Assert.Contains("RenewedToken", warning.Message);
        Assert.Contains("vault is down", warning.Message);
        Assert.DoesNotContain(DemoCredentials.OAuthAccessToken, result.AllText());
        var renewed = Shell.Run("[Net.NetworkCredential]::new('', (Get-ZendeskConnection).RenewedToken.RefreshToken).Password");
        Assert.DoesNotContain((string)Assert.Single(renewed.Output).BaseObject, result.AllText());
        // Sent with the expired token (refused 401, not processed), then once more with the renewed one.
        Assert.Equal(2, Emulator.Requests.Count(r => r.Method == "POST" && r.PathAndQuery == "/api/v2/tickets.json"));

        // The connection kept the new pair: the next call works without another grant, and the token is there to store.
        var next = Shell.Run("(Invoke-ZendeskRequest users/me.json -Verbose).user.id; [bool](Get-ZendeskConnection).RenewedToken.RefreshToken");
        next.ThrowIfFailed();
        Assert.Equal(new object[] { DemoCredentials.AdminUserId, true }, next.Output.Select(o => o.BaseObject).ToArray());
        Assert.True(1 == Emulator.Account.OAuthTokenRequests.RefreshGrants, string.Join("\n", next.Verbose.Select(v => v.Message)));
    }

    [Fact]
    public void A_throwing_OnTokenRefreshed_under_Stop_during_Connect_keeps_the_connection()
    {
        SignedInToken();
        Emulator.Clock.Advance(TimeSpan.FromMinutes(31));
        var result = Shell.Run("""
            $ErrorActionPreference = 'Stop'
            $c = $Token | Connect-Zendesk -SkipCertificateCheck -PassThru -OnTokenRefreshed { throw 'vault is down' }
            $c.IsConnected; [bool]$c.RenewedToken.RefreshToken; (Invoke-ZendeskRequest users/me.json).user.id
            """);
        result.ThrowIfFailed();
        Assert.Equal(new object[] { true, true, DemoCredentials.AdminUserId }, result.Output.Select(o => o.BaseObject).ToArray());
        Assert.Contains(result.Warnings, w => w.Message.StartsWith("TokenRefreshCallbackFailed,ZendeskAuth.Commands.ConnectZendeskCommand: ", StringComparison.Ordinal));

        // Without Stop it is a non-terminating error with the same id, written once the connection is kept.
        Emulator.Clock.Advance(TimeSpan.FromMinutes(31));
        var relaxed = Shell.Run("$ErrorActionPreference = 'Continue'; $c2 = $c.RenewedToken | Connect-Zendesk -SkipCertificateCheck -PassThru -OnTokenRefreshed { throw 'vault is down' }; $c2.IsConnected");
        Assert.Equal(true, Assert.Single(relaxed.Output).BaseObject);
        Assert.Equal("TokenRefreshCallbackFailed,ZendeskAuth.Commands.ConnectZendeskCommand", SingleError(relaxed).FullyQualifiedErrorId);
    }

    [Fact]
    public void Ctrl_C_during_a_refresh_grant_keeps_its_answer_and_the_next_call_uses_it()
    {
        SignedInToken();
        Shell.Run("$c = $Token | Connect-Zendesk -SkipCertificateCheck -PassThru").ThrowIfFailed();
        Emulator.Account.OAuthTokenRequests.Reset();
        Emulator.ClearRequests();
        Emulator.Clock.Advance(TimeSpan.FromMinutes(31));
        Emulator.Faults.Add("/oauth/tokens", Fault.Latency(TimeSpan.FromSeconds(1.5)), times: 1);

        using (var shell = Shell.Create("Invoke-ZendeskRequest users/me.json"))
        {
            var running = shell.BeginInvoke();
            var waited = Stopwatch.StartNew();
            while (!Emulator.Requests.Any(r => r.PathAndQuery == "/oauth/tokens"))
            {
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), "the refresh grant was never sent");
                Thread.Sleep(10);
            }
            shell.Stop();
            var stopped = Hosting.HostedPowerShell.Finish(shell, running);
            Assert.Empty(stopped.Output);
        }

        // The grant finishes in the background (1.5 s) and rotates; the next call takes its answer up unsent.
        Thread.Sleep(TimeSpan.FromSeconds(2.5));
        var next = Shell.Run("(Invoke-ZendeskRequest users/me.json).user.id; [bool](Get-ZendeskConnection).RenewedToken.RefreshToken");
        next.ThrowIfFailed();
        Assert.Equal(new object[] { DemoCredentials.AdminUserId, true }, next.Output.Select(o => o.BaseObject).ToArray());
        Assert.Equal(1, Emulator.Account.OAuthTokenRequests.RefreshGrants);
        Assert.Contains(next.Warnings, w => w.Message.StartsWith("TokenRenewedInBackground", StringComparison.Ordinal) && w.Message.Contains("RenewedToken.RefreshToken"));
        Assert.DoesNotContain(Emulator.Requests, r => r.PathAndQuery == "/oauth/tokens" && r.Body.Contains("invalid_grant"));

        // The messages say where the new token is, never what it is.
        var plain = Shell.Run("$t = (Get-ZendeskConnection).RenewedToken; [Net.NetworkCredential]::new('', $t.RefreshToken).Password; [Net.NetworkCredential]::new('', $t.AccessToken).Password");
        Assert.Equal(2, plain.Output.Count);
        foreach (var secret in plain.Output.Select(o => (string)o.BaseObject))
        {
            Assert.True(secret.Length > 8);
            Assert.DoesNotContain(secret, next.AllText());
        }
    }
}

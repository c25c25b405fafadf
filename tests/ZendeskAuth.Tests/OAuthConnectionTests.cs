using System.Management.Automation;
using ZendeskAuth.Emulator;

namespace ZendeskAuth.Tests;

public class OAuthConnectionTests : HostedTest
{
    public OAuthConnectionTests(EmulatorFixture fixture) : base(fixture)
    {
        Shell.Runspace.SessionStateProxy.SetVariable("RunbookId", DemoCredentials.RunbookClientIdentifier);
        Shell.Runspace.SessionStateProxy.SetVariable("RunbookSecret", DemoCredentials.RunbookClientSecret);
        Shell.Runspace.SessionStateProxy.SetVariable("CliId", DemoCredentials.CliClientIdentifier);
    }

    /// <summary>A token with a refresh token, got through the authorization-code flow as a user would.</summary>

    [Fact]
    public void A_token_object_pipes_into_Connect_and_renews_itself_after_expiry_handing_over_the_rotated_pair()
    {
        SignedInToken();
        var result = Shell.Run("""
            $c = $Token | Connect-Zendesk -SkipCertificateCheck -PassThru -OnTokenRefreshed { param($new) $global:Rotated = $new }
            $c.AuthenticationType; $c.RenewsWith
            """);
        result.ThrowIfFailed();
        Assert.Equal(new object[] { "OAuth", "refresh_token" }, result.Output.Select(o => o.ToString()).ToArray());

        Emulator.Account.OAuthTokenRequests.Reset();
        Emulator.Clock.Advance(TimeSpan.FromMinutes(31));
        var after = Shell.Run("""
            (Invoke-ZendeskRequest users/me.json -Verbose).user.id
            $Rotated.GetType().Name; [bool]$Rotated.RefreshToken
            """);
        after.ThrowIfFailed();
        Assert.Equal(new object[] { DemoCredentials.AdminUserId, "ZendeskOAuthToken", true }, after.Output.Select(o => o.BaseObject).ToArray());
        Assert.Equal(1, Emulator.Account.OAuthTokenRequests.RefreshGrants);
        Assert.Contains(after.Verbose, v => v.Message.Contains("invalid_token"));
    }

    [Fact]
    public void Eight_runspaces_sharing_an_expired_connection_make_exactly_one_refresh_call()
    {
        SignedInToken();
        Shell.Run("$Shared = Connect-Zendesk -Token $Token -SkipCertificateCheck -PassThru").ThrowIfFailed();
        Emulator.Account.OAuthTokenRequests.Reset();
        Emulator.Clock.Advance(TimeSpan.FromMinutes(31));

        var result = Shell.Run("""
            $manifest = (Get-Module ZendeskAuth).Path
            1..8 | ForEach-Object -ThrottleLimit 8 -Parallel {
                Import-Module $using:manifest
                (Invoke-ZendeskRequest users/me.json -Connection $using:Shared).user.id
            }
            """);
        result.ThrowIfFailed();
        Assert.Equal(8, result.Output.Count(o => (long)o.BaseObject == DemoCredentials.AdminUserId));
        Assert.Equal(1, Emulator.Account.OAuthTokenRequests.RefreshGrants);
        Assert.DoesNotContain(Emulator.Requests, r => r.PathAndQuery == "/oauth/tokens" && r.Body.Contains("invalid_grant"));
    }

    [Fact]
    public void Client_credentials_connect_and_are_acquired_again_when_the_token_expires()
    {
        Emulator.Account.OAuthTokenRequests.Reset();
        var result = Shell.Run("""
            $c = Connect-Zendesk -Url $Url -ClientCredential (New-TestCredential $RunbookId $RunbookSecret) -Scope read -ExpiresIn 300 -SkipCertificateCheck -PassThru
            $c.RenewsWith; $c.Role
            """);
        result.ThrowIfFailed();
        Assert.Equal(new object[] { "client_credentials", "admin" }, result.Output.Select(o => o.BaseObject).ToArray());
        Emulator.Clock.Advance(TimeSpan.FromMinutes(6));
        Shell.Run("$null = Invoke-ZendeskRequest tickets/1.json").ThrowIfFailed();
        Assert.Equal(2, Emulator.Account.OAuthTokenRequests.ClientCredentialGrants);
    }

    [Fact]
    public void A_wrong_client_secret_is_an_invalid_client_error()
    {
        var error = SingleError(Shell.Run("Connect-Zendesk -Url $Url -ClientCredential (New-TestCredential $RunbookId 'not-the-secret') -Scope read -SkipCertificateCheck"));
        Assert.Equal("OAuthInvalidClient,ZendeskAuth.Commands.ConnectZendeskCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.DoesNotContain("not-the-secret", error.ToString() + error.ErrorDetails?.Message);
    }

    [Fact]
    public void Current_token_shows_its_scopes_and_an_api_token_connection_is_told_it_has_none()
    {
        var result = Shell.Run("""
            Connect-Zendesk -Url $Url -OAuthToken $OAuthToken -SkipCertificateCheck
            $t = Get-ZendeskOAuthToken -Current
            $t.Scopes -join ' '; $t.Id
            """);
        result.ThrowIfFailed();
        Assert.Equal(new object[] { "read write", DemoCredentials.OAuthAccessTokenId }, result.Output.Select(o => o.BaseObject).ToArray());

        ConnectAsAdmin();
        var error = SingleError(Shell.Run("Get-ZendeskOAuthToken -Current"));
        Assert.Equal("NotOAuth,ZendeskAuth.Commands.GetZendeskOAuthTokenCommand", error.FullyQualifiedErrorId);
    }

    [Fact]
    public void Revoke_by_id_from_the_pipeline_checks_the_token_is_gone()
    {
        ConnectAsAdmin();
        Emulator.ClearRequests();
        var result = Shell.Run("""
            $t = New-ZendeskOAuthToken -ClientId $RunbookId -Scope read
            @(Get-ZendeskOAuthToken -All | Where-Object Id -eq $t.Id).Count
            Get-ZendeskOAuthToken -Id $t.Id | Revoke-ZendeskToken -Confirm:$false -Verbose
            @(Get-ZendeskOAuthToken -All | Where-Object Id -eq $t.Id).Count
            Revoke-ZendeskToken -Id $t.Id -Confirm:$false
            """);
        Assert.Equal(new object[] { 1, 0 }, result.Output.Select(o => o.BaseObject).ToArray());
        Assert.Contains(result.Verbose, v => v.Message.Contains("no longer knows it"));
        var error = SingleError(result);
        Assert.Equal("ZendeskNotFound,ZendeskAuth.Commands.RevokeZendeskTokenCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
    }

    [Fact]
    public void Revoke_WhatIf_changes_nothing_and_a_granted_token_is_revoked_with_itself()
    {
        SignedInToken();
        ConnectAsAdmin();
        var result = Shell.Run("""
            $Token | Revoke-ZendeskToken -WhatIf
            (Invoke-ZendeskRequest users/me.json -Connection (Connect-Zendesk -Token $Token -SkipCertificateCheck -PassThru)).user.id
            $Token | Revoke-ZendeskToken -Confirm:$false
            """);
        result.ThrowIfFailed();
        Assert.Equal(DemoCredentials.AdminUserId, result.Output.Single().BaseObject);
        var refused = SingleError(Shell.Run("Connect-Zendesk -Token $Token -SkipCertificateCheck"));
        Assert.Equal("AuthenticationFailed,ZendeskAuth.Commands.ConnectZendeskCommand", refused.FullyQualifiedErrorId);
    }

    [Fact]
    public void Revoke_Current_revokes_the_sessions_token_and_disconnects()
    {
        ConnectAsAdmin();
        Shell.Run("$t = New-ZendeskOAuthToken -ClientId $RunbookId -Scope read, write; Connect-Zendesk -Url $Url -OAuthToken $t.AccessToken -SkipCertificateCheck").ThrowIfFailed();
        var result = Shell.Run("""
            Revoke-ZendeskToken -Current -Confirm:$false
            [bool](Get-ZendeskConnection)
            """);
        result.ThrowIfFailed();
        Assert.Equal(false, result.Output.Single().BaseObject);
        Assert.Contains(Emulator.Requests, r => r.Method == "DELETE" && r.PathAndQuery == "/api/v2/oauth/tokens/current.json");
    }

    [Fact]
    public async Task A_piped_token_object_renews_only_on_its_own_account()
    {
        SignedInToken();
        await using var other = HostileServer.Start(_ => HostileServer.Answer(200, """{"access_token":"x","token_type":"bearer"}"""));
        Shell.Runspace.SessionStateProxy.SetVariable("OtherUrl", other.Url);

        var refused = SingleError(Shell.Run("$Token | New-ZendeskOAuthToken -Url $OtherUrl"));
        Assert.Equal("ForeignHost,ZendeskAuth.Commands.NewZendeskOAuthTokenCommand", refused.FullyQualifiedErrorId);
        Assert.Empty(other.Requests);

        // Without -Url the token's own account renews it, whatever the current connection is.
        var renewed = Shell.Run("($Token | New-ZendeskOAuthToken -SkipCertificateCheck).Url.Authority");
        renewed.ThrowIfFailed();
        Assert.Equal(new Uri(Fixture.Url).Authority, renewed.Output.Single().ToString());
        Assert.Empty(other.Requests);
    }

    [Fact]
    public void An_access_token_given_with_its_refresh_token_and_client_renews_itself()
    {
        SignedInToken();
        var result = Shell.Run("""
            $c = Connect-Zendesk -Url $Url -OAuthToken $Token.AccessToken -RefreshToken $Token.RefreshToken -ClientId $CliId -SkipCertificateCheck -PassThru
            $c.RenewsWith
            """);
        result.ThrowIfFailed();
        Assert.Equal("refresh_token", result.Output.Single().ToString());
        Emulator.Account.OAuthTokenRequests.Reset();
        Emulator.Clock.Advance(TimeSpan.FromMinutes(31));
        Shell.Run("$null = Invoke-ZendeskRequest users/me.json").ThrowIfFailed();
        Assert.Equal(1, Emulator.Account.OAuthTokenRequests.RefreshGrants);

        var missing = SingleError(Shell.Run("Connect-Zendesk -Url $Url -OAuthToken x -RefreshToken y -SkipCertificateCheck"));
        Assert.Equal("MissingClientId,ZendeskAuth.Commands.ConnectZendeskCommand", missing.FullyQualifiedErrorId);
    }

    [Fact]
    public void A_token_whose_scopes_cannot_read_the_user_still_connects_for_what_they_allow()
    {
        ConnectAsAdmin();
        var result = Shell.Run("""
            $t = New-ZendeskOAuthToken -ClientId $RunbookId -Scope tickets:read
            $c = Connect-Zendesk -Url $Url -OAuthToken $t.AccessToken -SkipCertificateCheck -PassThru -WarningVariable w -WarningAction SilentlyContinue
            $null -eq $c.UserId; @($w | Where-Object { $_.Message -like '*scopes do not let it read the signed-in user*' }).Count
            (Invoke-ZendeskRequest tickets/3.json -Connection $c).ticket.id
            """);
        result.ThrowIfFailed();
        Assert.Equal(new object[] { true, 1, 3L }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Piping_clients_into_Revoke_ZendeskToken_revokes_nothing()
    {
        ConnectAsAdmin();
        Emulator.ClearRequests();
        var result = Shell.Run("Get-ZendeskOAuthClient | Revoke-ZendeskToken -Confirm:$false");
        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.Equal("InputObjectNotBound,ZendeskAuth.Commands.RevokeZendeskTokenCommand", e.FullyQualifiedErrorId));
        Assert.DoesNotContain(Emulator.Requests, r => r.PathAndQuery.StartsWith("/api/v2/oauth/tokens", StringComparison.Ordinal));
        Assert.DoesNotContain(Emulator.Requests, r => r.Method == "DELETE");
    }
}

using System.Management.Automation;
using ZendeskAuth.Emulator;

namespace ZendeskAuth.Tests;

public class OAuthClientTests : HostedTest
{
    public OAuthClientTests(EmulatorFixture fixture) : base(fixture) => ConnectAsAdmin();

    [Fact]
    public void Clients_are_listed_across_pages_filtered_and_never_show_a_secret()
    {
        var result = Shell.Run("""
            foreach ($i in 1..101) { $null = Invoke-ZendeskRequest oauth/clients.json -Method Post -Body @{ client = @{ name = "Bulk $i"; identifier = "bulk_$i"; kind = 'confidential'; redirect_uri = @('https://example.com/cb') } } }
            @(Get-ZendeskOAuthClient).Count
            (Get-ZendeskOAuthClient -Name 'ZendeskAuth R*').Identifier
            (Get-ZendeskOAuthClient -Identifier zendeskauth_cli).Kind
            (Get-ZendeskOAuthClient -Id $args[0]).Name
            @(Get-ZendeskOAuthClient | Where-Object { $null -ne $_.Secret }).Count
            """, DemoCredentials.RunbookClientId);
        result.ThrowIfFailed();
        Assert.Equal(new object[] { 103, DemoCredentials.RunbookClientIdentifier, "public", DemoCredentials.RunbookClientName, 0 }, result.Output.Select(o => o.BaseObject).ToArray());
        Assert.True(Emulator.Requests.Count(r => r.PathAndQuery.StartsWith("/api/v2/oauth/clients.json?", StringComparison.Ordinal)) >= 2);
    }

    [Fact]
    public void An_identifier_that_matches_nothing_is_an_error()
    {
        var error = SingleError(Shell.Run("Get-ZendeskOAuthClient -Identifier no_such_client"));
        Assert.Equal("ZendeskNotFound,ZendeskAuth.Commands.GetZendeskOAuthClientCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
    }

    [Fact]
    public void New_client_shows_its_secret_once_as_a_SecureString_and_WhatIf_creates_nothing()
    {
        var result = Shell.Run("""
            $null = New-ZendeskOAuthClient -Name 'What if' -Identifier what_if -WhatIf
            @(Get-ZendeskOAuthClient -Identifier what_if -ErrorAction SilentlyContinue).Count
            $c = New-ZendeskOAuthClient -Name 'Nightly export' -Identifier nightly_export -RedirectUri 'https://example.com/cb' -Confirm:$false
            $c.Secret.GetType().Name; $c.Secret.Length -gt 20; $c.Kind
            (Get-ZendeskOAuthClient -Identifier nightly_export).Secret -eq $null
            """);
        Assert.Equal(new object[] { 0, "SecureString", true, "confidential", true }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_bad_redirect_uri_is_refused_before_sending()
    {
        Emulator.ClearRequests();
        var error = SingleError(Shell.Run("New-ZendeskOAuthClient -Name x -Identifier x -RedirectUri 'http://example.com/cb' -Confirm:$false"));
        Assert.Equal("InvalidUrl,ZendeskAuth.Commands.NewZendeskOAuthClientCommand", error.FullyQualifiedErrorId);
        Assert.Empty(Emulator.Requests);
    }

    [Fact]
    public void Removing_a_client_kills_its_tokens_without_a_warning()
    {
        var result = Shell.Run("""
            $c = New-ZendeskOAuthClient -Name 'Doomed' -Identifier doomed -Confirm:$false
            $t = New-ZendeskOAuthToken -ClientId doomed -Scope read
            $c | Remove-ZendeskOAuthClient -Confirm:$false -WarningVariable w -WarningAction SilentlyContinue
            $w.Count
            Connect-Zendesk -Url $Url -OAuthToken $t.AccessToken -SkipCertificateCheck
            """);
        Assert.Equal(0, result.Output.Single().BaseObject);
        Assert.Equal("AuthenticationFailed,ZendeskAuth.Commands.ConnectZendeskCommand", SingleError(result).FullyQualifiedErrorId);
    }
}

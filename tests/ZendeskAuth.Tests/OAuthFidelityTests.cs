using ZendeskAuth.Emulator;

namespace ZendeskAuth.Tests;

/// <summary>Issue 9 items 8 and 9: all-digit client identifiers, and a create answer with or without full_token.</summary>
public class OAuthFidelityTests : HostedTest
{
    public OAuthFidelityTests(EmulatorFixture fixture) : base(fixture)
    {
        Emulator.Faults.Clear();
        ConnectAsAdmin();
    }

    [Fact]
    public void An_all_digit_identifier_is_resolved_to_its_client_and_verbose_says_so()
    {
        var client = Emulator.Account.OAuthClients.FindByIdentifier("2024")
            ?? Emulator.Account.OAuthClients.Add("Year client", "2024", OAuthClientKinds.Confidential, [], DemoCredentials.AdminUserId);
        Emulator.ClearRequests();
        var result = Shell.Run("(New-ZendeskOAuthToken -ClientId 2024 -Scope read -Verbose).ClientNumericId");
        result.ThrowIfFailed();
        Assert.Equal(client.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), result.Output.Single().ToString());
        var create = Emulator.Requests.Single(r => r.Method == "POST" && r.PathAndQuery == "/api/v2/oauth/tokens.json");
        Assert.Contains($"\"client_id\":{client.Id}", create.Body);
        Assert.Contains(result.Verbose, v => v.Message.Contains("identifier of client 'Year client'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_numeric_id_still_works_and_verbose_says_it_was_the_id()
    {
        Shell.Runspace.SessionStateProxy.SetVariable("RunbookNumericId", DemoCredentials.RunbookClientId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var result = Shell.Run("(New-ZendeskOAuthToken -ClientId $RunbookNumericId -Scope read -Verbose).ClientNumericId");
        result.ThrowIfFailed();
        Assert.Equal(DemoCredentials.RunbookClientId.ToString(System.Globalization.CultureInfo.InvariantCulture), result.Output.Single().ToString());
        Assert.Contains(result.Verbose, v => v.Message.Contains("numeric id of client", StringComparison.Ordinal));
    }

    [Fact]
    public void A_create_answer_with_only_a_whole_token_is_used()
    {
        const string whole = "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijkl";
        Emulator.Faults.Add("/api/v2/oauth/tokens", Fault.Text(201, "application/json; charset=utf-8",
            "{\"token\":{\"id\":77,\"client_id\":" + DemoCredentials.RunbookClientId + ",\"user_id\":1,\"token\":\"" + whole + "\",\"scopes\":[\"read\"],\"refresh_token\":null,\"created_at\":\"2026-01-01T00:00:00Z\",\"url\":\"x\"}}"), times: 1);
        Shell.Runspace.SessionStateProxy.SetVariable("RunbookNumericId", DemoCredentials.RunbookClientId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var result = Shell.Run("$t = New-ZendeskOAuthToken -ClientId $RunbookNumericId -Scope read; [Net.NetworkCredential]::new('', $t.AccessToken).Password.Length");
        result.ThrowIfFailed();
        Assert.Equal(whole.Length, result.Output.Single().BaseObject);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void A_create_answer_without_a_full_token_is_warned_about()
    {
        Emulator.Faults.Add("/api/v2/oauth/tokens", Fault.Text(201, "application/json; charset=utf-8",
            "{\"token\":{\"id\":78,\"client_id\":" + DemoCredentials.RunbookClientId + ",\"user_id\":1,\"token\":\"0123456789\",\"scopes\":[\"read\"],\"url\":\"x\"}}"), times: 1);
        Shell.Runspace.SessionStateProxy.SetVariable("RunbookNumericId", DemoCredentials.RunbookClientId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var result = Shell.Run("$t = New-ZendeskOAuthToken -ClientId $RunbookNumericId -Scope read; $t.AccessToken -eq $null; $t.Id");
        result.ThrowIfFailed();
        Assert.Equal(new object[] { true, 78L }, result.Output.Select(o => o.BaseObject).ToArray());
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("no full token", warning.Message);
        Assert.Contains("Revoke-ZendeskToken -Id 78", warning.Message);
    }
}

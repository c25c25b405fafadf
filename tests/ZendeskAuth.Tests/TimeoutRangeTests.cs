namespace ZendeskAuth.Tests;

/// <summary>
/// Issue 8, item 4, another input of the kind: -TimeoutSec takes any Int32, and a limit no timer can count
/// (2147483647 s, or anything past about 24.8 days) used to end the command with a raw ArgumentOutOfRangeException
/// ("Parameter 'delay'"). It is now held at the longest limit a timer allows, and the request is made.
/// </summary>
public class TimeoutRangeTests(EmulatorFixture fixture) : HostedTest(fixture)
{
    [Theory]
    [InlineData("Invoke-ZendeskRequest users/me.json -TimeoutSec 2147483647 | ForEach-Object { $_.user.id }")]
    [InlineData("Invoke-ZendeskRequest users/me.json -TimeoutSec 2147484 | ForEach-Object { $_.user.id }")]
    [InlineData("Connect-Zendesk -Url $HostileUrl -OAuthToken $OAuthToken -TimeoutSec 2147483647 -PassThru -WarningAction SilentlyContinue")]
    [InlineData("Test-ZendeskAuthorizationHeader -Header (ConvertTo-ZendeskAuthorizationHeader -OAuthToken $OAuthToken) -Url $HostileUrl -TimeoutSec 2147483647")]
    public async Task A_timeout_longer_than_a_timer_can_count_still_sends_the_request(string script)
    {
        await using var server = HostileServer.Start(_ => HostileServer.Me());
        Shell.Runspace.SessionStateProxy.SetVariable("HostileUrl", server.Url);
        Shell.Run("Connect-Zendesk -Url $HostileUrl -OAuthToken $OAuthToken -WarningAction SilentlyContinue").ThrowIfFailed();

        var result = Shell.Run(script);

        Assert.Empty(result.AllErrors);
        Assert.Single(result.Output);
        Assert.NotNull(result.Output[0]);
        Assert.Equal(2, server.Requests.Count);
    }
}

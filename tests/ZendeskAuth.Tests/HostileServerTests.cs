namespace ZendeskAuth.Tests;

/// <summary>The hostile-server fixture itself: it answers what it is told and keeps the bytes it got.</summary>
public class HostileServerTests : HostedTest
{
    public HostileServerTests(EmulatorFixture fixture) : base(fixture)
    {
    }

    [Fact]
    public async Task It_answers_as_scripted_and_records_the_request_bytes()
    {
        await using var server = HostileServer.Start(request => request.Path == "/api/v2/users/me.json"
            ? HostileServer.Me()
            : HostileServer.Answer(200, """{"ok":true}"""));
        Shell.Runspace.SessionStateProxy.SetVariable("HostileUrl", server.Url);
        Shell.Run("Connect-Zendesk -Url $HostileUrl -OAuthToken $OAuthToken -WarningAction SilentlyContinue").ThrowIfFailed();
        var result = Shell.Run("(Invoke-ZendeskRequest things.json).ok");
        result.ThrowIfFailed();
        Assert.Equal(true, result.Output.Single().BaseObject);
        Assert.Equal(["/api/v2/users/me.json", "/api/v2/things.json"], server.Requests.Select(r => r.Path));
        Assert.Equal("Bearer " + ZendeskAuth.Emulator.DemoCredentials.OAuthAccessToken, server.Requests[1].Header("Authorization"));
    }
}

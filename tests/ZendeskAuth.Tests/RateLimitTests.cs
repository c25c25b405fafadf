using ZendeskAuth.Emulator;

namespace ZendeskAuth.Tests;

/// <summary>An emulator of its own, with Zendesk's rate-limit headers on.</summary>
public sealed class RateLimitedEmulatorFixture : IAsyncLifetime
{
    public ZendeskEmulator Emulator { get; private set; } = null!;

    public async Task InitializeAsync() => Emulator = await ZendeskEmulator.StartAsync(new EmulatorOptions { RateLimitPerMinute = 700 });

    public async Task DisposeAsync() => await Emulator.DisposeAsync();
}

public class RateLimitTests(RateLimitedEmulatorFixture fixture) : IClassFixture<RateLimitedEmulatorFixture>
{
    [Fact]
    public void The_latest_rate_limit_figures_are_on_the_connection()
    {
        using var shell = new Hosting.HostedPowerShell();
        shell.Runspace.SessionStateProxy.SetVariable("Url", fixture.Emulator.BaseUrl.AbsoluteUri);
        shell.Runspace.SessionStateProxy.SetVariable("Token", DemoCredentials.OAuthAccessToken);
        var result = shell.Run("""
            $c = Connect-Zendesk -Url $Url -OAuthToken $Token -SkipCertificateCheck -PassThru
            $null = Invoke-ZendeskRequest tickets.json
            $c.RateLimit.Limit; $c.RateLimit.Remaining -lt 700; [bool]$c.RateLimit.UpdatedAt
            """);
        result.ThrowIfFailed();
        Assert.Equal(new object[] { 700, true, true }, result.Output.Select(o => o.BaseObject).ToArray());
    }
}

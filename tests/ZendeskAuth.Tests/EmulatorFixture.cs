using ZendeskAuth.Emulator;

namespace ZendeskAuth.Tests;

/// <summary>
/// One emulator over HTTPS for a test class. Classes that change the emulator's state (settings, faults,
/// rate limit) get their own instance through this fixture, so tests in parallel classes never meet.
/// </summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public ZendeskEmulator Emulator { get; private set; } = null!;

    public string Url => Emulator.BaseUrl.AbsoluteUri.TrimEnd('/');

    public async Task InitializeAsync() => Emulator = await ZendeskEmulator.StartAsync(new EmulatorOptions { RateLimitPerMinute = 0 });

    public async Task DisposeAsync() => await Emulator.DisposeAsync();
}

using ZendeskAuth.Emulator;
using ZendeskAuth.Hosting;

namespace ZendeskAuth.Benchmarks;

internal static class Shells
{
    /// <summary>A hosted engine with the module imported from the snapshot and connected to the emulator with the OAuth token.</summary>
    public static HostedPowerShell Connected(string manifest, string url)
    {
        var shell = new HostedPowerShell(importModule: false);
        shell.Run("Import-Module -Name $args[0] -ErrorAction Stop", manifest).ThrowIfFailed();
        shell.RunWith(
            "Connect-Zendesk -Url $Url -OAuthToken $Token -SkipCertificateCheck -WarningAction SilentlyContinue",
            new Dictionary<string, object?> { ["Url"] = url, ["Token"] = DemoCredentials.OAuthAccessToken }).ThrowIfFailed();
        return shell;
    }

    public static string Url(ZendeskEmulator emulator) => emulator.BaseUrl.AbsoluteUri.TrimEnd('/');

    /// <summary>Requests the emulator received on paths starting with <paramref name="prefix"/>.</summary>
    public static int Received(ZendeskEmulator emulator, string prefix) =>
        emulator.Requests.Count(r => r.PathAndQuery.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
}

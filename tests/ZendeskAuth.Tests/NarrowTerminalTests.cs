using ZendeskAuth.Emulator;
using ZendeskAuth.Hosting;

namespace ZendeskAuth.Tests;

/// <summary>The format views in an 80-column terminal: every column a user needs is there, and nothing wraps to shreds.</summary>
public class NarrowTerminalTests : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly HostedPowerShell _shell = new(width: 80);

    public NarrowTerminalTests(EmulatorFixture fixture)
    {
        _shell.Runspace.SessionStateProxy.SetVariable("Url", fixture.Url);
        _shell.Runspace.SessionStateProxy.SetVariable("Token", DemoCredentials.OAuthAccessToken);
    }

    [Fact]
    public void Header_findings_show_their_fix_at_80_columns()
    {
        _shell.Run("(Test-ZendeskAuthorizationHeader 'Basic am9obkBleGFtcGxlLmNvbTpzZWNyZXQK').Findings | Out-Default").ThrowIfFailed();
        var text = Plain(_shell.HostText);
        Assert.Contains("Fix", text, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^Fix\s+: \S", text);
        Assert.All(text.Split('\n'), line => Assert.True(line.TrimEnd('\r').Length <= 80, line));
    }

    [Fact]
    public void The_client_table_fits_80_columns_without_shredding_urls_and_a_closed_connection_says_so()
    {
        _shell.Run("""
            $c = Connect-Zendesk -Url $Url -OAuthToken $Token -SkipCertificateCheck -PassThru -WarningAction SilentlyContinue
            Get-ZendeskOAuthClient | Out-Default
            $c | Out-Default
            Disconnect-Zendesk
            $c | Out-Default
            """).ThrowIfFailed();
        var lines = Plain(_shell.HostText).Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.All(lines, line => Assert.True(line.Length <= 80, line));
        var clientRow = Assert.Single(lines, l => l.Contains(DemoCredentials.RunbookClientIdentifier, StringComparison.Ordinal));
        Assert.Contains("https://", clientRow, StringComparison.Ordinal);
        // A wrapped URL left lines holding only a few characters of it.
        Assert.DoesNotContain(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\s{40,}\S{1,8}\s*$"));
        Assert.Contains(lines, l => l.StartsWith("Open ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Closed", StringComparison.Ordinal));
    }

    /// <summary>The text without the ANSI colour sequences pwsh 7 puts around headers.</summary>
    private static string Plain(string text) => System.Text.RegularExpressions.Regex.Replace(text, "\u001b\\[[0-9;]*m", "");

    public void Dispose()
    {
        _shell.Dispose();
        GC.SuppressFinalize(this);
    }
}

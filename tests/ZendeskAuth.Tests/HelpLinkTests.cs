using System.Text.RegularExpressions;
using ZendeskAuth.Hosting;

namespace ZendeskAuth.Tests;

/// <summary>Get-Help -Online opens the module's own page; the about topic's synopsis is whole; the manifest's LicenseUri names a file that exists.</summary>
public class HelpLinkTests(HelpFixture fixture) : IClassFixture<HelpFixture>
{
    private const string ModulePage = "https://github.com/zendeskauth/ZendeskAuth/blob/main/README.md";

    [Theory]
    [MemberData(nameof(HelpTests.Cmdlets), MemberType = typeof(HelpTests))]
    public void Online_help_opens_the_modules_page_not_zendesks(string cmdlet)
    {
        // Get-Help -Online opens the first related link that has a URI.
        var result = fixture.Shell.Run("@((Get-Help -Name $args[0] -Full).relatedLinks.navigationLink | Where-Object { $_.uri })[0].uri", cmdlet);
        result.ThrowIfFailed();
        Assert.Equal(ModulePage, result.Output.Single().ToString());
    }

    [Fact]
    public void The_about_topic_synopsis_is_one_whole_line()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "src", "ZendeskAuth", "en-US", "about_ZendeskAuth.help.txt"));
        var section = Regex.Match(text, @"SHORT DESCRIPTION\r?\n(?<body>.*?)\r?\n\r?\n", RegexOptions.Singleline).Groups["body"].Value;
        var line = Assert.Single(section.Split('\n'));
        Assert.EndsWith(".", line.TrimEnd('\r'), StringComparison.Ordinal);
    }

    [Fact]
    public void The_manifests_LicenseUri_names_a_file_in_the_repository()
    {
        var manifest = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "ZendeskAuth.psd1"));
        var uri = Regex.Match(manifest, @"LicenseUri\s*=\s*'(?<uri>[^']+)'").Groups["uri"].Value;
        var file = Regex.Match(uri, "/blob/main/(?<path>.+)$").Groups["path"].Value;
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, file)), $"LicenseUri {uri} names {file}, which is not in the repository.");
        Assert.Contains("MIT License", File.ReadAllText(Path.Combine(RepositoryPaths.Root, file)), StringComparison.Ordinal);
    }
}

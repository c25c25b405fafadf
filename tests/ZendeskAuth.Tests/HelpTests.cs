using System.Management.Automation;
using System.Text.RegularExpressions;
using ZendeskAuth.Hosting;

namespace ZendeskAuth.Tests;

/// <summary>One engine with the module imported through its manifest, shared by the help tests (they only read).</summary>
public sealed class HelpFixture : IDisposable
{
    public HostedPowerShell Shell { get; } = new();

    public void Dispose() => Shell.Dispose();
}

/// <summary>
/// Every exported cmdlet has written help (en-US/ZendeskAuth.dll-Help.xml): a synopsis, a description of every
/// parameter, at least two examples; and Get-Help about_ZendeskAuth finds the topic. A cmdlet added to
/// CmdletsToExport without help fails here, naming what is missing.
/// </summary>
public class HelpTests(HelpFixture fixture) : IClassFixture<HelpFixture>
{
    /// <summary>PowerShell's common parameters, which PowerShell documents itself; WhatIf, Confirm and the paging ones are ours to write.</summary>
    private static readonly string[] s_commonParameters =
    {
        "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable",
        "WarningVariable", "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable",
    };

    private HostedPowerShell Shell => fixture.Shell;

    /// <summary>CmdletsToExport, read from the manifest's text so the list is known before any engine starts.</summary>
    public static IReadOnlyList<string> ManifestCmdlets()
    {
        var manifest = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "ZendeskAuth.psd1"));
        var list = Regex.Match(manifest, @"CmdletsToExport\s*=\s*@\((?<list>[^)]*)\)");
        Assert.True(list.Success, "ZendeskAuth.psd1 has no CmdletsToExport = @( ... ) list.");
        return Regex.Matches(list.Groups["list"].Value, "'(?<name>[^']+)'").Select(m => m.Groups["name"].Value).ToList();
    }

    public static TheoryData<string> Cmdlets()
    {
        var data = new TheoryData<string>();
        foreach (var name in ManifestCmdlets())
        {
            data.Add(name);
        }
        return data;
    }

    [Fact]
    public void The_exported_cmdlets_are_exactly_the_manifests_CmdletsToExport()
    {
        var result = Shell.Run("(Get-Module ZendeskAuth).ExportedCmdlets.Keys");
        result.ThrowIfFailed();
        var exported = result.Output.Select(o => o.ToString()).OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToList();
        var manifest = ManifestCmdlets().OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToList();
        Assert.True(manifest.SequenceEqual(exported, StringComparer.OrdinalIgnoreCase),
            $"The module exports [{string.Join(", ", exported)}] but the manifest's CmdletsToExport is [{string.Join(", ", manifest)}].");
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void The_cmdlet_has_a_written_synopsis(string cmdlet)
    {
        var result = Shell.Run("(Get-Help -Name $args[0] -Full).Synopsis", cmdlet);
        result.ThrowIfFailed();
        var synopsis = string.Join(" ", result.Output.Select(o => o?.ToString())).Trim();
        Assert.False(synopsis.Length == 0, $"{cmdlet} has no synopsis in en-US/ZendeskAuth.dll-Help.xml.");
        // Without MAML help, Get-Help makes the synopsis from the syntax: "Connect-Zendesk [[-Subdomain] <string>] ...".
        Assert.False(synopsis.StartsWith(cmdlet, StringComparison.OrdinalIgnoreCase) || synopsis.Contains("<CommonParameters>"),
            $"{cmdlet} has no written synopsis: Get-Help shows the generated syntax instead ('{synopsis}'). Add a command:command for it to en-US/ZendeskAuth.dll-Help.xml.");
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Every_parameter_of_the_cmdlet_has_a_description(string cmdlet)
    {
        var result = Shell.Run("""
            $help = Get-Help -Name $args[0] -Full
            foreach ($parameter in @($help.parameters.parameter)) {
                if ($null -eq $parameter -or $parameter -is [string]) { continue }
                [pscustomobject]@{
                    Kind = 'documented'
                    Name = [string]$parameter.name
                    Text = (@($parameter.description) | ForEach-Object { if ($_) { $_.Text } }) -join ' '
                }
            }
            foreach ($name in (Get-Command -Name $args[0]).Parameters.Keys) {
                [pscustomobject]@{ Kind = 'actual'; Name = $name; Text = '' }
            }
            """, cmdlet);
        result.ThrowIfFailed();
        var rows = result.Output.Select(o => (Kind: (string)Property(o, "Kind")!, Name: (string)Property(o, "Name")!, Text: (string?)Property(o, "Text") ?? "")).ToList();
        var documented = rows.Where(r => r.Kind == "documented").GroupBy(r => r.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().Text, StringComparer.OrdinalIgnoreCase);
        var actual = rows.Where(r => r.Kind == "actual").Select(r => r.Name)
            .Where(name => !s_commonParameters.Contains(name, StringComparer.OrdinalIgnoreCase)).ToList();

        var problems = new List<string>();
        foreach (var parameter in actual)
        {
            if (!documented.TryGetValue(parameter, out var text))
            {
                problems.Add($"{cmdlet} -{parameter} is not documented in en-US/ZendeskAuth.dll-Help.xml.");
            }
            else if (string.IsNullOrWhiteSpace(text))
            {
                problems.Add($"{cmdlet} -{parameter} is documented without a description.");
            }
        }
        foreach (var stale in documented.Keys.Where(name => !actual.Contains(name, StringComparer.OrdinalIgnoreCase)))
        {
            problems.Add($"{cmdlet} documents -{stale}, which the cmdlet does not have (renamed or removed?).");
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void The_cmdlet_has_at_least_two_examples_with_code_and_remarks(string cmdlet)
    {
        var result = Shell.Run("""
            foreach ($example in @((Get-Help -Name $args[0] -Full).examples.example)) {
                if ($null -eq $example -or $example -is [string]) { continue }
                [pscustomobject]@{
                    Title = [string]$example.title
                    Code = [string]$example.code
                    Remarks = (@($example.remarks) | ForEach-Object { if ($_) { $_.Text } }) -join ' '
                }
            }
            """, cmdlet);
        result.ThrowIfFailed();
        var examples = result.Output.Select(o => (Title: (string?)Property(o, "Title") ?? "", Code: (string?)Property(o, "Code") ?? "", Remarks: (string?)Property(o, "Remarks") ?? "")).ToList();
        Assert.True(examples.Count >= 2, $"{cmdlet} has {examples.Count} example(s) in en-US/ZendeskAuth.dll-Help.xml; it needs at least two.");
        var problems = examples.Select((e, i) => (e, i))
            .SelectMany(x => new[]
            {
                string.IsNullOrWhiteSpace(x.e.Code) ? $"{cmdlet} example {x.i + 1} ('{x.e.Title.Trim('-', ' ')}') has no code." : null,
                string.IsNullOrWhiteSpace(x.e.Remarks) ? $"{cmdlet} example {x.i + 1} ('{x.e.Title.Trim('-', ' ')}') has no remarks." : null,
            })
            .OfType<string>().ToList();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void The_cmdlet_links_to_about_ZendeskAuth(string cmdlet)
    {
        var result = Shell.Run("@((Get-Help -Name $args[0] -Full).relatedLinks.navigationLink) | ForEach-Object { if ($_) { [string]$_.linkText } }", cmdlet);
        result.ThrowIfFailed();
        Assert.True(result.Output.Any(o => string.Equals(o?.ToString(), "about_ZendeskAuth", StringComparison.OrdinalIgnoreCase)),
            $"{cmdlet}'s related links in en-US/ZendeskAuth.dll-Help.xml do not include about_ZendeskAuth.");
    }

    [Fact]
    public void Get_Help_about_ZendeskAuth_returns_the_topic()
    {
        var result = Shell.Run("Get-Help -Name about_ZendeskAuth");
        result.ThrowIfFailed();
        Assert.True(result.Output.Count == 1 && result.Output[0].BaseObject is string,
            $"Get-Help about_ZendeskAuth should return the topic's text; it returned {result.Output.Count} object(s) of type(s) {string.Join(", ", result.Output.Select(o => o?.BaseObject.GetType().Name))}. Is en-US/about_ZendeskAuth.help.txt laid out in out/ZendeskAuth/en-US?");
        var text = (string)result.Output[0].BaseObject;
        foreach (var expected in new[] { "TOPIC", "about_ZendeskAuth", "SHORT DESCRIPTION", "LONG DESCRIPTION", "SEE ALSO", "KEYWORDS", "2027-04-30", "-ClientCredential", "-OnTokenRefreshed" })
        {
            Assert.True(text.Contains(expected, StringComparison.Ordinal), $"about_ZendeskAuth does not contain '{expected}'.");
        }
        var tooLong = text.Split('\n').Select((line, i) => (Line: line.TrimEnd('\r'), Number: i + 1)).Where(l => l.Line.Length > 80)
            .Select(l => $"line {l.Number} has {l.Line.Length} characters").ToList();
        Assert.True(tooLong.Count == 0, "about_ZendeskAuth keeps to 80 columns, but " + string.Join("; ", tooLong));
    }

    private static object? Property(PSObject value, string name) => value.Properties[name]?.Value;
}

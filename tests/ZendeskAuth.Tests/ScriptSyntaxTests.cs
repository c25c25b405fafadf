using System.Management.Automation.Language;
using ZendeskAuth.Hosting;

namespace ZendeskAuth.Tests;

/// <summary>Every PowerShell file in the repository parses (tests/ZendeskAuth.Compatibility checks them for Windows PowerShell 5.1).</summary>
public class ScriptSyntaxTests
{
    public static TheoryData<string> Scripts()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.Root, "*.*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".ps1", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".psm1", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".psd1", StringComparison.OrdinalIgnoreCase))
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}out{Path.DirectorySeparatorChar}")))
        {
            data.Add(Path.GetRelativePath(RepositoryPaths.Root, file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Parses_without_errors(string relativePath)
    {
        Parser.ParseFile(Path.Combine(RepositoryPaths.Root, relativePath), out _, out var errors);
        Assert.True(errors.Length == 0, string.Join("\n", Enumerable.Select(errors, e => $"{relativePath}:{e.Extent.StartLineNumber}: {e.Message}")));
    }

    [Fact]
    public void The_repository_has_the_scripts_users_run()
    {
        var scripts = Scripts().Select((object[] row) => (string)row[0]).ToList();
        Assert.Contains("build.ps1", scripts);
        Assert.Contains(scripts, s => s.StartsWith(Path.Combine("tests", "Pester")));
        Assert.Contains(scripts, s => s.StartsWith("examples"));
    }
}

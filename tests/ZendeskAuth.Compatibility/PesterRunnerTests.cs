using System.Diagnostics;
using ZendeskAuth.Hosting;

namespace ZendeskAuth.Compatibility;

/// <summary>
/// tests/Pester/Run.ps1 is what CI, build.ps1 and the Windows workflow trust to fail on a Pester failure: a failed
/// test and a file that does not even load must both count as failures, in its exit code and its summary line.
/// </summary>
public class PesterRunnerTests
{
    [Fact]
    public void A_failed_test_and_a_broken_file_fail_the_run_and_are_counted()
    {
        var folder = Directory.CreateTempSubdirectory("zendeskauth-runner-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "Failing.Tests.ps1"), "Describe 'd' { It 'passes' { 1 | Should -Be 1 }; It 'fails' { 1 | Should -Be 2 } }\n");
            File.WriteAllText(Path.Combine(folder, "Broken.Tests.ps1"), "Describe 'd' { It 'never parses' { $a = ( } }\n");
            var (exitCode, output) = Dotnet("tool", "restore");
            Assert.True(exitCode == 0, output);
            (exitCode, output) = Dotnet("pwsh", "-NoProfile", "-NonInteractive", "-File", Path.Combine(RepositoryPaths.Root, "tests", "Pester", "Run.ps1"),
                "-Path", folder, "-PesterPath", Assemblies.ReferenceAssemblies("PesterPath"), "-OutputPath", Path.Combine(folder, "results.xml"));
            Assert.True(exitCode == 2, $"exit code {exitCode}\n{output}");
            Assert.Contains("Pester: 1 passed, 2 failed, 0 skipped", output);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Runs `dotnet …` in the repository (the local tools: `dotnet pwsh`), with both streams as the output.</summary>
    internal static (int ExitCode, string Output) Dotnet(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = RepositoryPaths.Root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
        }
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}

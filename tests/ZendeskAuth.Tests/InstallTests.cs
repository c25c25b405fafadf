using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using ZendeskAuth.Hosting;

namespace ZendeskAuth.Tests;

/// <summary>
/// README's install steps, run as written in the real pwsh 7.6 (the PowerShell .NET tool pinned in
/// .config/dotnet-tools.json, which ships PSResourceGet) against the package the Package target makes, with a
/// fresh, empty home folder: no Modules folder exists beforehand. Then a new pwsh imports the module by name.
/// </summary>
public class InstallTests
{
    [Theory]
    [InlineData("install:psresourceget")]
    [InlineData("install:copy")]
    public void The_readme_install_works_on_a_fresh_profile_and_the_module_imports_by_name(string block)
    {
        var temp = Directory.CreateTempSubdirectory("zendeskauth-install-").FullName;
        try
        {
            Run("dotnet", RepositoryPaths.Root, null, "build", Path.Combine(RepositoryPaths.Root, "src", "ZendeskAuth", "ZendeskAuth.csproj"), "-t:Package", "--no-restore", "-nologo", "-v:q",
                $"-p:OutDir={temp}/bin/", $"-p:ZendeskAuthModuleOut={temp}/module/", $"-p:ZendeskAuthPackageOut={temp}/out/package/");
            var home = Directory.CreateDirectory(Path.Combine(temp, "home")).FullName;

            var install = Path.Combine(temp, "install.ps1");
            File.WriteAllText(install, "$ErrorActionPreference = 'Stop'\n" + ReadmeBlock(block));
            Run("dotnet", temp, home, Pwsh(), "-NoProfile", "-NonInteractive", "-File", install);

            // A new process: only what was installed under the fresh home is found.
            var check = Path.Combine(temp, "check.ps1");
            File.WriteAllText(check, """
                $ErrorActionPreference = 'Stop'
                Import-Module ZendeskAuth
                $module = Get-Module ZendeskAuth
                "$($module.Version) $($module.ModuleBase.StartsWith($HOME)) $((Get-Command -Module ZendeskAuth).Count)"
                """);
            var output = Run("dotnet", temp, home, Pwsh(), "-NoProfile", "-NonInteractive", "-File", check).Trim().Split('\n').Last().Trim();
            var version = Path.GetFileName(Assert.Single(Directory.GetDirectories(Path.Combine(temp, "out", "package", "ZendeskAuth"))));
            Assert.Equal($"{version} True {HelpTests.ManifestCmdlets().Count}", output);
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    /// <summary>The fenced PowerShell block after the README's &lt;!-- name ... --&gt; marker.</summary>
    private static string ReadmeBlock(string name)
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));
        var match = Regex.Match(readme, "<!-- " + Regex.Escape(name) + @"[^>]*-->\s*```powershell\r?\n(?<code>.*?)```", RegexOptions.Singleline);
        Assert.True(match.Success, $"README.md has no ```powershell block after <!-- {name} -->.");
        return match.Groups["code"].Value;
    }

    /// <summary>pwsh.dll of the PowerShell tool pinned in .config/dotnet-tools.json, restored from NuGet if needed.</summary>
    private static string Pwsh()
    {
        Run("dotnet", RepositoryPaths.Root, null, "tool", "restore");
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, ".config", "dotnet-tools.json")));
        var version = manifest.RootElement.GetProperty("tools").GetProperty("powershell").GetProperty("version").GetString()!;
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var pwsh = Path.Combine(packages, "powershell", version, "tools", "net10.0", "any", OperatingSystem.IsWindows() ? "win" : "unix", "pwsh.dll");
        Assert.True(File.Exists(pwsh), $"dotnet tool restore did not bring pwsh {version} to {pwsh}.");
        return pwsh;
    }

    private static string Run(string file, string directory, string? home, params string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (home is not null)
        {
            // A fresh profile: PSResourceGet's repository list and the user's module folder live under it.
            start.Environment["HOME"] = home;
            start.Environment["USERPROFILE"] = home;
            start.Environment["LOCALAPPDATA"] = Path.Combine(home, "AppData", "Local");
            start.Environment["XDG_DATA_HOME"] = Path.Combine(home, ".local", "share");
            start.Environment["XDG_CONFIG_HOME"] = Path.Combine(home, ".config");
            start.Environment["XDG_CACHE_HOME"] = Path.Combine(home, ".cache");
            start.Environment.Remove("PSModulePath");
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(" ", arguments)} failed ({process.ExitCode}):\n{output.Result}\n{error}");
        return output.Result;
    }
}

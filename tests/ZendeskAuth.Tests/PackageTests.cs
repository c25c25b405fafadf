using System.Diagnostics;
using System.IO.Compression;
using ZendeskAuth.Hosting;

namespace ZendeskAuth.Tests;

/// <summary>The Package target (build.ps1 -Task Package) lays out a folder Test-ModuleManifest accepts and an Automation zip.</summary>
public class PackageTests
{
    [Fact]
    public void Package_makes_a_versioned_folder_and_an_Azure_Automation_zip()
    {
        // Into a folder of its own, so the module the other tests import is left alone.
        var temp = Directory.CreateTempSubdirectory("zendeskauth-package-").FullName;
        try
        {
            var project = Path.Combine(RepositoryPaths.Root, "src", "ZendeskAuth", "ZendeskAuth.csproj");
            var start = new ProcessStartInfo("dotnet", ["build", project, "-t:Package", "--no-restore", "-nologo", "-v:q",
                $"-p:OutDir={temp}/bin/", $"-p:ZendeskAuthModuleOut={temp}/module/", $"-p:ZendeskAuthPackageOut={temp}/package/"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var build = Process.Start(start)!;
            var log = build.StandardOutput.ReadToEnd() + build.StandardError.ReadToEnd();
            build.WaitForExit();
            Assert.True(build.ExitCode == 0, log);

            var versions = Directory.GetDirectories(Path.Combine(temp, "package", "ZendeskAuth"));
            var manifest = Path.Combine(Assert.Single(versions), "ZendeskAuth.psd1");
            using var shell = new HostedPowerShell(importModule: false);
            var result = shell.Run("(Test-ModuleManifest -Path $args[0] -ErrorAction Stop).Version.ToString()", manifest);
            result.ThrowIfFailed();
            Assert.Equal(Path.GetFileName(versions[0]), result.Output.Single().ToString());

            using var zip = ZipFile.OpenRead(Path.Combine(temp, "package", "ZendeskAuth.zip"));
            var entries = zip.Entries.Select(e => e.FullName.Replace('\\', '/')).ToList();
            Assert.Contains("ZendeskAuth/ZendeskAuth.psd1", entries);
            Assert.Contains("ZendeskAuth/ZendeskAuth.dll", entries);
            Assert.Contains("ZendeskAuth/System.Text.Json.dll", entries);
            Assert.Contains("ZendeskAuth/en-US/ZendeskAuth.dll-Help.xml", entries);
            Assert.All(entries, e => Assert.StartsWith("ZendeskAuth/", e));
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }
}

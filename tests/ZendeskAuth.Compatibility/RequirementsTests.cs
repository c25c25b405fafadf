using ZendeskAuth.Hosting;

namespace ZendeskAuth.Compatibility;

/// <summary>
/// The supported PowerShells are Windows PowerShell 5.1 on .NET Framework 4.7.2+ and PowerShell 7.4+.
/// ZendeskAuth.Requirements.psm1 (a nested module, loaded before ZendeskAuth.dll) refuses the others.
/// </summary>
public class RequirementsTests
{
    private static string RequirementsModule => Path.Combine(Assemblies.ModuleFolder, "ZendeskAuth.Requirements.psm1");

    [Theory]
    [InlineData("Core", "7.0", true, "PowerShell 7.4 or later")]
    [InlineData("Core", "7.2", true, "Azure Automation")]
    [InlineData("Core", "7.3", true, "System.Text.Json")]
    [InlineData("Desktop", "5.1", false, ".NET Framework 4.7.2 or later")]
    public void Unsupported_runtimes_get_a_message_that_says_what_to_install(string edition, string version, bool net472, string expected)
    {
        using var shell = new HostedPowerShell(importModule: false);
        var result = shell.Run("""
            $m = Import-Module $args[0] -PassThru -ErrorAction Stop
            & $m { param($e, $v, $f) Get-UnsupportedRuntimeMessage -Edition $e -PSVersion $v -HasNetFramework472 $f -Framework 'test framework' } $args[1] $args[2] $args[3]
            """, RequirementsModule, edition, version, net472);
        result.ThrowIfFailed();
        Assert.Contains(expected, Assert.Single(result.Output).ToString());
    }

    [Theory]
    [InlineData("Core", "7.4", false)]
    [InlineData("Core", "7.6", false)]
    [InlineData("Desktop", "5.1", true)]
    public void Supported_runtimes_pass(string edition, string version, bool net472)
    {
        using var shell = new HostedPowerShell(importModule: false);
        var result = shell.Run("""
            $m = Import-Module $args[0] -PassThru -ErrorAction Stop
            & $m { param($e, $v, $f) Get-UnsupportedRuntimeMessage -Edition $e -PSVersion $v -HasNetFramework472 $f -Framework 'test framework' } $args[1] $args[2] $args[3]
            """, RequirementsModule, edition, version, net472);
        result.ThrowIfFailed();
        Assert.Empty(result.Output);
    }

    [Fact]
    public void The_manifest_loads_the_check_before_the_dll_and_a_refusal_stops_the_import()
    {
        // A copy of the module whose check sees PowerShell 7.2: the import must fail with the check's error id,
        // and no cmdlet of the module may be left behind.
        var copy = Directory.CreateTempSubdirectory("zendeskauth-requirements-").FullName;
        try
        {
            var folder = Path.Combine(copy, "ZendeskAuth");
            Directory.CreateDirectory(folder);
            foreach (var file in Directory.EnumerateFiles(Assemblies.ModuleFolder))
            {
                File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            }
            var check = Path.Combine(folder, "ZendeskAuth.Requirements.psm1");
            var text = File.ReadAllText(check);
            const string actual = "-PSVersion ([version]::new($PSVersionTable.PSVersion.Major, $PSVersionTable.PSVersion.Minor))";
            Assert.Contains(actual, text);
            File.WriteAllText(check, text.Replace(actual, "-PSVersion ([version]'7.2')"));

            using var shell = new HostedPowerShell(importModule: false);
            var result = shell.Run("""
                try { Import-Module $args[0] -ErrorAction Stop; 'imported' } catch { $_.FullyQualifiedErrorId; $_.CategoryInfo.Category.ToString(); $_.Exception.Message }
                [bool](Get-Command Connect-Zendesk -ErrorAction SilentlyContinue)
                [bool](Get-Module ZendeskAuth)
                """, Path.Combine(folder, "ZendeskAuth.psd1"));
            Assert.Equal("UnsupportedPowerShell,Microsoft.PowerShell.Commands.ImportModuleCommand", result.Output[0].ToString());
            Assert.Equal("NotInstalled", result.Output[1].ToString());
            Assert.StartsWith("ZendeskAuth needs PowerShell 7.4 or later, or Windows PowerShell 5.1; this is PowerShell 7.2", result.Output[2].ToString());
            Assert.Equal(new object[] { false, false }, result.Output.Skip(3).Select(o => o.BaseObject));
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public void The_real_module_imports_here_with_the_check_as_its_only_nested_module()
    {
        using var shell = new HostedPowerShell(importModule: false);
        var result = shell.Run("""
            $m = Import-Module $args[0] -PassThru -ErrorAction Stop
            $m.ModuleType.ToString()
            @($m.NestedModules.Name)
            @($m.ExportedFunctions.Keys).Count
            """, RepositoryPaths.ModuleManifest);
        result.ThrowIfFailed();
        Assert.Equal(new object[] { "Binary", "ZendeskAuth.Requirements", 0 }, result.Output.Select(o => o.BaseObject));
    }
}

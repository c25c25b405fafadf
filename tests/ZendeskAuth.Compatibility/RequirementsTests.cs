using System.Reflection;
using System.Runtime.Loader;
using ZendeskAuth.Hosting;

namespace ZendeskAuth.Compatibility;

/// <summary>
/// The supported PowerShells are Windows PowerShell 5.1 on .NET Framework 4.7.2+ and PowerShell 7.4+.
/// ZendeskAuth.Requirements.dll (src/ZendeskAuth.Requirements, a net462 nested module that PowerShell loads before it
/// reads ZendeskAuth.dll's cmdlets) refuses the others in its IModuleAssemblyInitializer.OnImport.
/// </summary>
public class RequirementsTests
{
    private static string RequirementsDll => Path.Combine(Assemblies.ModuleFolder, "ZendeskAuth.Requirements.dll");

    // The shipped check, in a load context of its own: the hosted engine's imports load the module's copy by path.
    private static readonly Lazy<Assembly> s_check = new(() =>
        new AssemblyLoadContext("ZendeskAuth.Requirements").LoadFromAssemblyPath(RequirementsDll));

    // The shipped check's decision, RequirementsCheck.UnsupportedMessage(isNetFramework, psVersion, hasNetFramework472, framework).
    private static string? Message(bool isNetFramework, string psVersion, bool net472) =>
        (string?)s_check.Value.GetType("ZendeskAuth.Requirements.RequirementsCheck", throwOnError: true)!
            .GetMethod("UnsupportedMessage", BindingFlags.NonPublic | BindingFlags.Static)!
            .Invoke(null, [isNetFramework, Version.Parse(psVersion), net472, "test framework"]);

    [Theory]
    [InlineData(false, "7.0", true, "PowerShell 7.4 or later")]
    [InlineData(false, "7.2", true, "Azure Automation")]
    [InlineData(false, "7.3", true, "System.Text.Json")]
    [InlineData(false, "6.2", true, "this is PowerShell 6.2 on test framework")]
    [InlineData(true, "5.1", false, ".NET Framework 4.7.2 or later")]
    public void Unsupported_runtimes_get_a_message_that_says_what_to_install(bool isNetFramework, string version, bool net472, string expected)
    {
        Assert.Contains(expected, Message(isNetFramework, version, net472));
    }

    [Theory]
    [InlineData(false, "7.4", true)]
    [InlineData(false, "7.4.0", true)]
    [InlineData(false, "7.6", true)]
    [InlineData(false, "8.0", true)]
    [InlineData(true, "5.1", true)]
    public void Supported_runtimes_pass(bool isNetFramework, string version, bool net472)
    {
        Assert.Null(Message(isNetFramework, version, net472));
    }

    [Fact]
    public void The_check_loads_on_NET_Framework_462_where_the_dll_it_guards_does_not()
    {
        // Everything the check references is in .NET Framework 4.6.2 (or is the engine), so it can say why ZendeskAuth.dll
        // (which needs netstandard, absent from 4.6.2) will not load.
        var framework = Assemblies.Framework("NetFramework462");
        var references = Assemblies.References(RequirementsDll);
        Assert.Contains(references, r => r.Name == "System.Management.Automation");
        Assert.All(references.Where(r => r.Name != "System.Management.Automation"),
            r => Assert.True(framework.TryGetValue(r.Name!, out var inBox) && inBox >= r.Version, $"{r.FullName} is not in .NET Framework 4.6.2"));
    }

    [Fact]
    public void A_refusal_stops_the_import_with_one_error_and_leaves_nothing_imported()
    {
        // A copy of the module whose check is built to see PowerShell 7.2 (tests/ZendeskAuth.RefusingRequirements, the
        // same RequirementsCheck.cs): the import must fail with the check's error id, and no cmdlet may be left behind.
        var refusing = Path.Combine(AppContext.BaseDirectory, "RefusingRequirements", "ZendeskAuth.Requirements.dll");
        var copy = Directory.CreateTempSubdirectory("zendeskauth-requirements-").FullName;
        try
        {
            var folder = Path.Combine(copy, "ZendeskAuth");
            Directory.CreateDirectory(folder);
            foreach (var file in Directory.EnumerateFiles(Assemblies.ModuleFolder))
            {
                File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            }
            File.Copy(refusing, Path.Combine(folder, "ZendeskAuth.Requirements.dll"), overwrite: true);

            // In a pwsh of its own (the local tool): this process's engine may already hold the real check, and .NET loads
            // one assembly of a name per process.
            var script = Path.Combine(copy, "import.ps1");
            File.WriteAllText(script, """
                try { Import-Module $args[0] -ErrorAction Stop; 'imported' } catch { $_.FullyQualifiedErrorId; $_.CategoryInfo.Category.ToString(); $_.Exception.Message }
                $Error.Count
                [bool](Get-Command Connect-Zendesk -ErrorAction SilentlyContinue)
                [bool](Get-Module ZendeskAuth)
                [bool](Get-Module ZendeskAuth.Requirements)
                """);
            var (exitCode, output) = PesterRunnerTests.Dotnet("pwsh", "-NoProfile", "-NonInteractive", "-File", script, Path.Combine(folder, "ZendeskAuth.psd1"));
            Assert.True(exitCode == 0, output);
            var lines = output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("UnsupportedPowerShell,Microsoft.PowerShell.Commands.ImportModuleCommand", lines[0]);
            Assert.Equal("NotInstalled", lines[1]);
            Assert.StartsWith("ZendeskAuth needs PowerShell 7.4 or later, or Windows PowerShell 5.1; this is PowerShell 7.2 on .NET 6.0.36.", lines[2]);
            Assert.Equal(["1", "False", "False", "False"], lines.Skip(3));
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
            @($m.NestedModules | ForEach-Object { $_.Name + ' ' + $_.ModuleType })
            @($m.ExportedFunctions.Keys).Count
            @($m.ExportedCmdlets.Keys | Where-Object { (Get-Command $_).ImplementingType.Assembly.GetName().Name -ne 'ZendeskAuth' }).Count
            """, RepositoryPaths.ModuleManifest);
        result.ThrowIfFailed();
        Assert.Equal(new object[] { "Binary", "ZendeskAuth.Requirements Binary", 0, 0 }, result.Output.Select(o => o.BaseObject));
    }
}

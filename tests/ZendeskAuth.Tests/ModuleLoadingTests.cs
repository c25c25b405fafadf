using ZendeskAuth.Hosting;

namespace ZendeskAuth.Tests;

public class ModuleLoadingTests
{
    [Fact]
    public void The_laid_out_module_passes_Test_ModuleManifest_and_carries_its_gallery_data()
    {
        using var shell = new HostedPowerShell(importModule: false);
        var result = shell.Run("""
            $m = Test-ModuleManifest -Path $args[0] -ErrorAction Stop
            $m.Version.ToString()
            $m.CompatiblePSEditions -join ','
            $m.PowerShellVersion.ToString()
            ($m.PrivateData.PSData.Tags | Where-Object { $_ -in 'Zendesk', 'OAuth', 'PSEdition_Desktop', 'PSEdition_Core' }).Count
            [bool]$m.PrivateData.PSData.ProjectUri
            [bool]$m.PrivateData.PSData.ReleaseNotes
            """, RepositoryPaths.ModuleManifest);
        result.ThrowIfFailed();
        Assert.Matches(@"^\d+\.\d+\.\d+$", result.Output[0].ToString());
        Assert.Equal(new object[] { "Desktop,Core", "5.1", 4, true, true }, result.Output.Skip(1).Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Scopes_and_paths_tab_complete()
    {
        using var shell = new HostedPowerShell();
        var result = shell.Run("""
            foreach ($line in 'New-ZendeskOAuthToken -ClientId 1 -Scope tickets:', 'Invoke-ZendeskRequest /api/v2/tick') {
                (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | ForEach-Object { $_.CompletionText }
                '--'
            }
            """);
        result.ThrowIfFailed();
        var texts = result.Output.Select(o => o.ToString()).ToList();
        var split = texts.IndexOf("--");
        Assert.Equal(new[] { "tickets:read", "tickets:write" }, texts.Take(split));
        Assert.Contains("/api/v2/tickets.json", texts.Skip(split + 1));
    }
}

public class InBoxDependencyTests : HostedTest
{
    public InBoxDependencyTests(EmulatorFixture fixture) : base(fixture) => ConnectAsAdmin();

    [Fact]
    public void PowerShell_7_uses_its_in_box_System_Text_Json_not_the_module_copy()
    {
        var result = Shell.Run("""
            $folder = [IO.Path]::GetDirectoryName((Get-Module ZendeskAuth).Path)
            # Exercise System.Text.Json through the module, then see where it came from.
            $null = Invoke-ZendeskRequest /api/v2/emulator/echo -Method Post -Body @{ a = 1 }
            [System.Text.Json.JsonDocument].Assembly.Location.StartsWith($folder)
            @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.Location -and $_.Location.StartsWith($folder) } | ForEach-Object { [IO.Path]::GetFileName($_.Location) })
            """);
        result.ThrowIfFailed();
        Assert.Equal(false, result.Output[0].BaseObject);
        // The module's own assemblies (the cmdlets and the requirements check), none of the shipped dependency copies.
        Assert.Equal(new[] { "ZendeskAuth.Requirements.dll", "ZendeskAuth.dll" }, result.Output.Skip(1).Select(o => o.ToString()).Order(StringComparer.Ordinal));
    }
}

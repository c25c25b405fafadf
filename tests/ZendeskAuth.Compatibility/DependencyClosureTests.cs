namespace ZendeskAuth.Compatibility;

/// <summary>
/// Windows PowerShell 5.1 runs on .NET Framework, which binds strong-named references exactly unless a binding
/// redirect (which a module cannot add to powershell.exe.config) or an AssemblyResolve handler says otherwise.
/// These tests read the shipped assemblies and Microsoft's .NET Framework 4.7.2 reference assemblies on Linux.
/// </summary>
public class DependencyClosureTests
{
    // Supplied by whatever engine imports the module: 3.0.0.0 in Windows PowerShell 5.1.
    private static readonly Version s_engine = new(3, 0, 0, 0);

    [Fact]
    public void Every_reference_of_every_shipped_assembly_binds_on_NET_Framework_472()
    {
        var framework = Assemblies.Framework("NetFramework472");
        var problems = new List<string>();
        var dlls = Directory.EnumerateFiles(Assemblies.ModuleFolder, "*.dll").Order(StringComparer.Ordinal).ToList();
        Assert.Contains(dlls, d => d.EndsWith("System.Text.Json.dll", StringComparison.Ordinal));
        foreach (var dll in dlls)
        {
            foreach (var reference in Assemblies.References(dll))
            {
                if (reference.Name == "System.Management.Automation")
                {
                    if (reference.Version > s_engine)
                    {
                        problems.Add($"{Path.GetFileName(dll)} -> {reference.FullName}: Windows PowerShell 5.1 has {s_engine}");
                    }
                    continue;
                }
                // In the framework at this version or later: the runtime unifies it (framework assemblies only).
                if (framework.TryGetValue(reference.Name!, out var inBox) && inBox >= reference.Version)
                {
                    continue;
                }
                // Otherwise the module's resolver must answer it with a file of at least that version.
                var answer = Assemblies.ResolverAnswer(reference.FullName);
                if (answer is null)
                {
                    problems.Add($"{Path.GetFileName(dll)} -> {reference.FullName}: not in .NET Framework 4.7.2 (has {(inBox?.ToString() ?? "none")}) and not answered by the module's resolver");
                }
                else if (Assemblies.Identity(answer).Version < reference.Version)
                {
                    problems.Add($"{Path.GetFileName(dll)} -> {reference.FullName}: the resolver answers {Assemblies.Identity(answer).FullName}");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_resolver_list_is_exactly_the_assemblies_in_the_module_folder()
    {
        var shipped = Directory.EnumerateFiles(Assemblies.ModuleFolder, "*.dll")
            .Where(f => Path.GetFileName(f) is not ("ZendeskAuth.dll" or "ZendeskAuth.Requirements.dll"))
            .Select(f => Assemblies.Identity(f).FullName)
            .Order(StringComparer.Ordinal);
        Assert.Equal(shipped, Assemblies.ResolverList().Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("System.Text.Json, Version=8.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51", "System.Text.Json.dll")]
    [InlineData("System.Text.Json, Version=6.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51", "System.Text.Json.dll")]
    [InlineData("System.Runtime.CompilerServices.Unsafe, Version=4.0.4.1, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a", "System.Runtime.CompilerServices.Unsafe.dll")]
    [InlineData("system.memory, Version=4.0.1.1, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51", "System.Memory.dll")]
    public void The_5_1_resolver_answers_its_own_assemblies_at_or_below_the_shipped_version(string requested, string file)
    {
        Assert.Equal(Path.Combine(Assemblies.ModuleFolder, file), Assemblies.ResolverAnswer(requested));
    }

    [Theory]
    // Another module asking for a newer System.Text.Json must not get our 8.0.
    [InlineData("System.Text.Json, Version=10.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51")]
    [InlineData("System.Text.Json, Version=8.0.0.1, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51")]
    [InlineData("System.Runtime.CompilerServices.Unsafe, Version=6.0.1.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a")]
    // Someone else's assembly of the same name.
    [InlineData("System.Text.Json, Version=8.0.0.0, Culture=neutral, PublicKeyToken=0123456789abcdef")]
    // Not ours at all.
    [InlineData("Newtonsoft.Json, Version=13.0.0.0, Culture=neutral, PublicKeyToken=30ad4fe6b2a6aeed")]
    [InlineData("System.Management.Automation, Version=3.0.0.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35")]
    [InlineData("ZendeskAuth, Version=0.1.0.0, Culture=neutral, PublicKeyToken=null")]
    // Satellite resources and version-less requests are not answered with the main assembly.
    [InlineData("System.Text.Json.resources, Version=8.0.0.0, Culture=de, PublicKeyToken=cc7b13ffcd2ddd51")]
    [InlineData("System.Text.Json, Version=8.0.0.0, Culture=de, PublicKeyToken=cc7b13ffcd2ddd51")]
    [InlineData("System.Text.Json")]
    [InlineData("not a name, Version=x")]
    public void The_5_1_resolver_answers_nothing_else(string requested)
    {
        Assert.Null(Assemblies.ResolverAnswer(requested));
    }
}

namespace ZendeskAuth.Compatibility;

/// <summary>
/// ZendeskAuth.Requirements.dll (RuntimeFacts) tells .NET Framework 4.7.2 from older releases by HashSet&lt;T&gt;.TryGetValue,
/// without the registry. Microsoft's reference assemblies show the probe and the failure it prevents.
/// </summary>
public class NetFrameworkReleaseTests
{
    [Fact]
    public void HashSet_TryGetValue_is_in_NET_Framework_472_and_not_in_462()
    {
        Assert.Contains("TryGetValue", Assemblies.MethodNames(Path.Combine(Assemblies.ReferenceAssemblies("NetFramework472"), "System.Core.dll"), "System.Collections.Generic", "HashSet`1"));
        Assert.DoesNotContain("TryGetValue", Assemblies.MethodNames(Path.Combine(Assemblies.ReferenceAssemblies("NetFramework462"), "System.Core.dll"), "System.Collections.Generic", "HashSet`1"));
    }

    [Fact]
    public void NET_Framework_462_lacks_the_netstandard_facade_the_module_references()
    {
        Assert.Contains(Assemblies.References(Path.Combine(Assemblies.ModuleFolder, "ZendeskAuth.dll")), r => r.Name == "netstandard");
        Assert.True(Assemblies.Framework("NetFramework472").ContainsKey("netstandard"));
        Assert.False(Assemblies.Framework("NetFramework462").ContainsKey("netstandard"));
    }
}

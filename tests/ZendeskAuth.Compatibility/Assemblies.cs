using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.Loader;
using ZendeskAuth.Hosting;

namespace ZendeskAuth.Compatibility;

/// <summary>Assembly identities and references read from files, without loading them.</summary>
internal static class Assemblies
{
    public static string ModuleFolder => Path.GetDirectoryName(RepositoryPaths.ModuleManifest)!;

    public static string ReferenceAssemblies(string key) =>
        typeof(Assemblies).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    public static AssemblyName Identity(string path) => AssemblyName.GetAssemblyName(path);

    public static IReadOnlyList<AssemblyName> References(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var reader = pe.GetMetadataReader();
        return reader.AssemblyReferences.Select(h => reader.GetAssemblyReference(h).GetAssemblyName()).ToList();
    }

    /// <summary>Every assembly a .NET Framework reference folder holds (with Facades), by name.</summary>
    public static Dictionary<string, Version> Framework(string key)
    {
        var folder = ReferenceAssemblies(key);
        return Directory.EnumerateFiles(folder, "*.dll").Concat(Directory.EnumerateFiles(Path.Combine(folder, "Facades"), "*.dll"))
            .Where(IsAssembly)
            .Select(Identity)
            .ToDictionary(n => n.Name!, n => n.Version!, StringComparer.OrdinalIgnoreCase);
    }

    private static bool IsAssembly(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        return pe.HasMetadata && pe.GetMetadataReader().IsAssembly;
    }

    public static IReadOnlyList<string> MethodNames(string assemblyPath, string ns, string typeName)
    {
        using var pe = new PEReader(File.OpenRead(assemblyPath));
        var reader = pe.GetMetadataReader();
        var type = reader.TypeDefinitions.Select(reader.GetTypeDefinition)
            .Single(t => reader.GetString(t.Namespace) == ns && reader.GetString(t.Name) == typeName);
        return type.GetMethods().Select(m => reader.GetString(reader.GetMethodDefinition(m).Name)).ToList();
    }

    private static readonly Lazy<Assembly> s_module = new(() =>
        new AssemblyLoadContext("ZendeskAuth.Compatibility").LoadFromAssemblyPath(Path.Combine(ModuleFolder, "ZendeskAuth.dll")));

    /// <summary>
    /// The shipped module's own 5.1 resolver decision (ModuleInitializer.DependencyPath), called on the laid-out
    /// ZendeskAuth.dll, so its folder is the module folder.
    /// </summary>
    public static string? ResolverAnswer(string requested)
    {
        var method = s_module.Value.GetType("ZendeskAuth.ModuleInitializer", throwOnError: true)!
            .GetMethod("DependencyPath", BindingFlags.NonPublic | BindingFlags.Static)!;
        return (string?)method.Invoke(null, [requested]);
    }

    public static IReadOnlyList<string> ResolverList() =>
        (string[])s_module.Value.GetType("ZendeskAuth.ModuleDependencies", throwOnError: true)!
            .GetField("Shipped", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;
}

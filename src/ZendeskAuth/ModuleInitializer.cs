using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace ZendeskAuth;

/// <summary>
/// Loads the module's own dependencies (System.Text.Json and what it needs) from the module folder on
/// Windows PowerShell 5.1, so ZendeskAuth loads beside modules that ship other versions of them (Az, Graph).
/// On PowerShell 7 it does nothing: .NET's in-box versions, not older than ours on 7.4+, serve every module.
/// Which PowerShell and .NET Framework can import the module at all is checked before this dll's types are read, by
/// ZendeskAuth.Requirements.dll (src/ZendeskAuth.Requirements, a nested module in the manifest).
/// See https://learn.microsoft.com/powershell/scripting/dev-cross-plat/resolving-dependency-conflicts
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    internal static bool IsNetFramework { get; } = RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);

    /// <inheritdoc />
    public void OnImport()
    {
        if (IsNetFramework)
        {
            AppDomain.CurrentDomain.AssemblyResolve += Resolve;
        }
    }

    /// <inheritdoc />
    public void OnRemove(PSModuleInfo module)
    {
        if (IsNetFramework)
        {
            AppDomain.CurrentDomain.AssemblyResolve -= Resolve;
        }
    }

    /// <summary>
    /// The module folder's copy of a requested assembly, or null. The resolver is process-wide, so it answers
    /// only for an assembly the module ships, with the same public key, and only when the shipped version is at
    /// least the one asked for: a request for System.Text.Json 10.0.0.0 from another module gets null (that
    /// module's own resolver or folder must answer it), never our 8.0.0.0.
    /// </summary>
    internal static string? DependencyPath(string requested)
    {
        AssemblyName name;
        try
        {
            name = new AssemblyName(requested);
        }
        catch (Exception e) when (e is ArgumentException or FileLoadException)
        {
            return null;
        }
        var shipped = Array.Find(Shipped.Names, s => string.Equals(s.Name, name.Name, StringComparison.OrdinalIgnoreCase));
        if (shipped is null)
        {
            return null;
        }
        // A version-less or culture-specific (satellite resources) request is not ours to answer.
        if (name.Version is null || name.Version > shipped.Version || !string.IsNullOrEmpty(name.CultureName))
        {
            return null;
        }
        var requestedKey = name.GetPublicKeyToken();
        if (requestedKey is { Length: > 0 } && !KeysEqual(requestedKey, shipped.GetPublicKeyToken()))
        {
            return null;
        }
        var path = Path.Combine(Shipped.Folder, shipped.Name + ".dll");
        return File.Exists(path) ? path : null;
    }

    private static bool KeysEqual(byte[] a, byte[]? b)
    {
        if (b is null || a.Length != b.Length)
        {
            return false;
        }
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }
        return true;
    }

    private static Assembly? Resolve(object? sender, ResolveEventArgs args) =>
        DependencyPath(args.Name) is { } path ? Assembly.LoadFrom(path) : null;

    // Read on the first resolve, not at import: PowerShell 7 never resolves here, and the import stays cheap.
    private static class Shipped
    {
        public static readonly string Folder = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? "";

        // The assemblies the build copies next to ZendeskAuth.dll (generated from the build output:
        // ModuleDependencies.g.cs); nothing else is resolved here.
        public static readonly AssemblyName[] Names = Array.ConvertAll(ModuleDependencies.Shipped, name => new AssemblyName(name));
    }
}

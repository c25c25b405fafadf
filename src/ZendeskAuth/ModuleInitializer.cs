using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace ZendeskAuth;

/// <summary>
/// Loads the module's own dependencies (System.Text.Json and what it needs) from the module folder on
/// Windows PowerShell 5.1, so ZendeskAuth loads beside modules that ship other versions of them (Az, Graph).
/// On PowerShell 7 it does nothing: .NET's in-box versions, newer than ours, serve every module.
/// See https://learn.microsoft.com/powershell/scripting/dev-cross-plat/resolving-dependency-conflicts
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private static readonly string s_folder = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? "";

    // The dependencies the build copies next to ZendeskAuth.dll; nothing else is resolved here.
    private static readonly string[] s_dependencies =
    {
        "System.Text.Json", "System.Text.Encodings.Web", "System.Memory", "System.Buffers",
        "System.Numerics.Vectors", "System.Runtime.CompilerServices.Unsafe", "System.Threading.Tasks.Extensions",
        "Microsoft.Bcl.AsyncInterfaces",
    };

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

    /// <summary>The module folder's copy of a dependency, or null for any other assembly.</summary>
    internal static string? DependencyPath(string assemblyName)
    {
        var name = new AssemblyName(assemblyName).Name;
        if (name is null || Array.IndexOf(s_dependencies, name) < 0)
        {
            return null;
        }
        var path = Path.Combine(s_folder, name + ".dll");
        return File.Exists(path) ? path : null;
    }

    private static Assembly? Resolve(object? sender, ResolveEventArgs args) =>
        DependencyPath(args.Name) is { } path ? Assembly.LoadFrom(path) : null;
}

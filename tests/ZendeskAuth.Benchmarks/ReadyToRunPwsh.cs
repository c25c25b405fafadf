using System.Diagnostics;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;

namespace ZendeskAuth.Benchmarks;

/// <summary>
/// A ReadyToRun copy of the local PowerShell tool, as users run pwsh. The tool's managed dlls (the engine
/// System.Management.Automation.dll, Microsoft.PowerShell.*.dll, pwsh.dll and their IL-only dependencies) are IL only,
/// the same files as the NuGet SDK packages, so that pwsh JIT-compiles the engine as it starts; Microsoft's release
/// build (the deb, tar.gz and MSI packages) publishes with ReadyToRun, which is crossgen2 over each managed assembly
/// of the application, one version bubble per assembly. This does the same with crossgen2 from NuGet
/// (Microsoft.NETCore.App.Crossgen2.&lt;rid&gt;, the runtime version this SDK carries; a PackageDownload of the
/// project) into a cached copy of the tool folder: ~/.cache/ZendeskAuth.Benchmarks/pwsh-&lt;version&gt;-r2r-&lt;runtime&gt;
/// ($XDG_CACHE_HOME honoured), made once (about two minutes on two cores) and reused.
/// </summary>
internal static class ReadyToRunPwsh
{
    public static Pwsh Make(Pwsh tool)
    {
        var metadata = typeof(ReadyToRunPwsh).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value);
        var runtimeVersion = metadata["Crossgen2RuntimeVersion"]!;
        var crossgen2 = Path.Combine(metadata["Crossgen2"]!, "tools", OperatingSystem.IsWindows() ? "crossgen2.exe" : "crossgen2");
        if (!File.Exists(crossgen2))
        {
            throw new FileNotFoundException($"crossgen2 is not restored ({crossgen2}): build tests/ZendeskAuth.Benchmarks (its PackageDownload brings it).");
        }
        // The shared framework the child pwsh runs on (the same dotnet as this program): the references of the compilation.
        var framework = RuntimeEnvironment.GetRuntimeDirectory().TrimEnd('/', '\\');
        if (Path.GetFileName(framework) != runtimeVersion)
        {
            // ReadyToRun code stays valid across servicing releases of the same major version; the runtime checks it.
            Progress.Say($"note: crossgen2 {runtimeVersion} compiles against the framework {Path.GetFileName(framework)}");
        }
        var cacheHome = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        var source = Path.GetDirectoryName(tool.Dll)!;
        var target = Path.Combine(cacheHome, "ZendeskAuth.Benchmarks", $"pwsh-{tool.Version}-r2r-{Path.GetFileName(framework)}");
        var done = Path.Combine(target, "readytorun.txt");
        if (!File.Exists(done))
        {
            Build(crossgen2, framework, source, target, done);
        }
        return new Pwsh(Path.Combine(target, Path.GetFileName(tool.Dll)), tool.Version, "ReadyToRun copy");
    }

    private static void Build(string crossgen2, string framework, string source, string target, string done)
    {
        Progress.Say($"Making a ReadyToRun copy of {source} with {crossgen2} (once; cached at {target}) …");
        var staging = target + ".staging-" + Environment.ProcessId;
        Copy(source, staging);
        var os = OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        var arch = RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();
        // The assemblies pwsh loads on this OS: the folder's own and the RID-specific ones under runtimes/ (unix, linux/osx/win).
        var folders = new[] { "", Path.Combine("runtimes", OperatingSystem.IsWindows() ? "win" : "unix", "lib"), Path.Combine("runtimes", os == "windows" ? "win" : os, "lib") };
        var inputs = folders.Distinct()
            .Select(f => Path.Combine(staging, f))
            .Where(Directory.Exists)
            .SelectMany(f => f == staging ? Directory.GetFiles(f, "*.dll") : Directory.GetFiles(f, "*.dll", SearchOption.AllDirectories))
            .Where(IsIlOnly)
            .ToList();
        var log = new List<string>();
        var compiled = 0;
        var clock = Stopwatch.StartNew();
        foreach (var input in inputs)
        {
            var output = input + ".r2r";
            var start = new ProcessStartInfo(crossgen2)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            // As the SDK's ReadyToRun compilation: optimised, one assembly a time, the framework and the application's
            // other assemblies as references.
            foreach (var argument in (string[])[input, "-o", output, "-O", "--targetos", os, "--targetarch", arch,
                "-r", Path.Combine(framework, "*.dll"), "-r", Path.Combine(staging, "*.dll")])
            {
                start.ArgumentList.Add(argument);
            }
            using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start crossgen2.");
            var error = process.StandardError.ReadToEndAsync();
            var text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            var name = Path.GetRelativePath(staging, input);
            if (process.ExitCode == 0 && File.Exists(output))
            {
                File.Move(output, input, overwrite: true);
                compiled++;
            }
            else
            {
                // Kept IL only (pwsh still runs); said in the log.
                File.Delete(output);
                log.Add($"{name}: crossgen2 exited with {process.ExitCode}, kept IL only: {(text + error.Result).Trim().Split('\n').LastOrDefault()}");
                Progress.Say(log[^1]);
            }
        }
        if (!IsReadyToRun(Path.Combine(staging, "System.Management.Automation.dll")))
        {
            throw new InvalidOperationException("crossgen2 did not make System.Management.Automation.dll ReadyToRun.");
        }
        File.WriteAllLines(Path.Combine(staging, "readytorun.txt"),
            [$"ReadyToRun copy of {source}", $"crossgen2 {crossgen2}", $"framework {framework}", $"{compiled} of {inputs.Count} IL-only assemblies compiled", .. log]);
        try
        {
            if (File.Exists(done))
            {
                // Another run finished its copy meanwhile (and may be using it): keep that one.
                Directory.Delete(staging, recursive: true);
                return;
            }
            if (Directory.Exists(target))
            {
                // Left incomplete by an interrupted run (no readytorun.txt).
                Directory.Delete(target, recursive: true);
            }
            Directory.Move(staging, target);
        }
        catch (IOException) when (File.Exists(done))
        {
            // Another run made it at the same time.
            Directory.Delete(staging, recursive: true);
        }
        Progress.Say($"ReadyToRun copy ready: {compiled} of {inputs.Count} assemblies compiled in {clock.Elapsed.TotalSeconds:F0} s");
    }

    /// <summary>How many of the folder's own managed dlls are ReadyToRun, and how many managed dlls it has.</summary>
    public static (int ReadyToRun, int Managed) Count(string folder)
    {
        var managed = Directory.GetFiles(folder, "*.dll").Where(IsManaged).ToList();
        return (managed.Count(IsReadyToRun), managed.Count);
    }

    public static bool IsReadyToRun(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        return pe.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory.Size > 0;
    }

    private static bool IsManaged(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            return pe.PEHeaders.CorHeader is not null && pe.HasMetadata;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    /// <summary>A managed implementation assembly without ReadyToRun code (not a reference assembly, not mixed-mode).</summary>
    private static bool IsIlOnly(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            if (pe.PEHeaders.CorHeader is not { } cor || !pe.HasMetadata || cor.ManagedNativeHeaderDirectory.Size > 0
                || (cor.Flags & CorFlags.ILOnly) == 0)
            {
                return false;
            }
            var reader = pe.GetMetadataReader();
            if (!reader.IsAssembly)
            {
                return false;
            }
            foreach (var handle in reader.GetAssemblyDefinition().GetCustomAttributes())
            {
                var constructor = reader.GetCustomAttribute(handle).Constructor;
                if (constructor.Kind == HandleKind.MemberReference
                    && reader.GetMemberReference((MemberReferenceHandle)constructor).Parent is { Kind: HandleKind.TypeReference } parent
                    && reader.GetString(reader.GetTypeReference((TypeReferenceHandle)parent).Name) == "ReferenceAssemblyAttribute")
                {
                    return false;
                }
            }
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    private static void Copy(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }
        foreach (var directory in Directory.GetDirectories(source))
        {
            Copy(directory, Path.Combine(target, Path.GetFileName(directory)));
        }
    }
}

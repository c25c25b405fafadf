using System.Diagnostics;
using System.Globalization;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using ZendeskAuth.Hosting;

namespace ZendeskAuth.Benchmarks;

/// <summary>Progress to stderr, with the time since start, so stdout carries only the results.</summary>
internal static class Progress
{
    private static readonly Stopwatch s_clock = Stopwatch.StartNew();

    public static void Say(string message) =>
        Console.Error.WriteLine($"[{s_clock.Elapsed.TotalSeconds,7:F1} s] {message}");
}

/// <summary>Medians and ranges of a handful of rounds.</summary>
internal static class Stats
{
    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            throw new ArgumentException("No values.", nameof(values));
        }
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    public static string Range(IReadOnlyList<double> values, string format) =>
        $"{values.Min().ToString(format, CultureInfo.InvariantCulture)}–{values.Max().ToString(format, CultureInfo.InvariantCulture)}";

    public static string F(double value, string format = "F1") => value.ToString(format, CultureInfo.InvariantCulture);
}

/// <summary>
/// A private copy of the laid-out module folder (out/ZendeskAuth), taken once at start. Other engineers' builds
/// delete and re-create out/ZendeskAuth (the LayOutModule target); importing from a snapshot keeps a rebuild in
/// the middle of a run from failing it or mixing two builds. The files are the same as out/ZendeskAuth's.
/// </summary>
internal sealed class ModuleSnapshot : IDisposable
{
    private readonly string _root;

    private ModuleSnapshot(string root, string manifest, string configuration)
    {
        _root = root;
        Manifest = manifest;
        Configuration = configuration;
    }

    public string Manifest { get; }

    /// <summary>Release or Debug, from the dll's AssemblyConfigurationAttribute.</summary>
    public string Configuration { get; }

    public static ModuleSnapshot Take()
    {
        var source = Path.GetDirectoryName(RepositoryPaths.ModuleManifest)!;
        var root = Path.Combine(Path.GetTempPath(), $"zendeskauth-bench-{Environment.ProcessId}");
        var target = Path.Combine(root, "ZendeskAuth");
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (Directory.Exists(root))
                {
                    Directory.Delete(root, recursive: true);
                }
                Copy(source, target);
                if (!File.Exists(Path.Combine(target, "ZendeskAuth.psd1")) || !File.Exists(Path.Combine(target, "ZendeskAuth.dll")))
                {
                    throw new IOException($"{source} is incomplete.");
                }
                break;
            }
            catch (IOException) when (attempt < 10)
            {
                // A build is laying the folder out right now: wait for it to finish.
                Progress.Say($"{source} is being rebuilt; retrying the snapshot in 5 s");
                Thread.Sleep(TimeSpan.FromSeconds(5));
            }
        }
        return new ModuleSnapshot(root, Path.Combine(target, "ZendeskAuth.psd1"), BuildConfiguration(Path.Combine(target, "ZendeskAuth.dll")));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static void Copy(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
        foreach (var directory in Directory.GetDirectories(source))
        {
            Copy(directory, Path.Combine(target, Path.GetFileName(directory)));
        }
    }

    private static string BuildConfiguration(string dll)
    {
        using var stream = File.OpenRead(dll);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = metadata.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != HandleKind.MemberReference)
            {
                continue;
            }
            var constructor = metadata.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
            if (constructor.Parent.Kind != HandleKind.TypeReference
                || metadata.GetString(metadata.GetTypeReference((TypeReferenceHandle)constructor.Parent).Name) != "AssemblyConfigurationAttribute")
            {
                continue;
            }
            var blob = metadata.GetBlobReader(attribute.Value);
            blob.ReadUInt16(); // prolog
            return blob.ReadSerializedString() ?? "?";
        }
        return "?";
    }
}

/// <summary>Runs this program again as a child process (`dotnet ZendeskAuth.Benchmarks.dll --mode …`).</summary>
internal static class Child
{
    public static string Dotnet { get; } = FindDotnet();

    public static string Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(Dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(Child).Assembly.Location);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start a child process.");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The child process `{string.Join(' ', arguments)}` exited with {process.ExitCode}:\n{output}\n{error.Result}");
        }
        return output.Trim();
    }

    /// <summary>Parses the child's last line of key=value pairs.</summary>
    public static Dictionary<string, double> Values(string output)
    {
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        return line.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => double.Parse(pair[1], CultureInfo.InvariantCulture));
    }

    public static string Format(IEnumerable<(string Key, double Value)> values) =>
        string.Join(' ', values.Select(v => $"{v.Key}={v.Value.ToString("R", CultureInfo.InvariantCulture)}"));

    private static string FindDotnet()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }
        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }
        var root = Path.GetDirectoryName(RuntimeEnvironment.GetRuntimeDirectory().TrimEnd('/'))!; // …/shared/Microsoft.NETCore.App/<version>
        var candidate = Path.Combine(root, "..", "..", OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(candidate) ? Path.GetFullPath(candidate) : "dotnet";
    }
}

/// <summary>What the figures were measured on.</summary>
internal static class Machine
{
    /// <summary>Whether the engine (System.Management.Automation.dll) is precompiled (ReadyToRun, as pwsh ships it) or IL only (JIT-compiled as it runs).</summary>
    public static string Engine()
    {
        var path = typeof(System.Management.Automation.PSObject).Assembly.Location;
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var readyToRun = pe.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory.Size > 0;
        return $"System.Management.Automation {(readyToRun ? "ReadyToRun (precompiled)" : "IL only (JIT-compiled at run time)")}";
    }

    /// <summary>The 1, 5 and 15 minute load averages: other work on the machine skews the figures.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    public static string Describe()
    {
        var memory = "?";
        if (File.Exists("/proc/meminfo"))
        {
            var total = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            if (total is not null && long.TryParse(total.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], out var kb))
            {
                memory = $"{kb / 1024.0 / 1024.0:F1} GiB";
            }
        }
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return $"{Environment.ProcessorCount} logical CPUs{(cpu is null ? "" : $" ({cpu})")}, {memory} RAM, {RuntimeInformation.OSDescription} {RuntimeInformation.OSArchitecture}, "
             + $"{RuntimeInformation.FrameworkDescription}, GC: {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}"
             + $"{(System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.Interactive ? " concurrent" : "")}";
    }
}

using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Management.Automation;
using System.Reflection;
using System.Runtime;
using ZendeskAuth.Hosting;

namespace ZendeskAuth.Benchmarks;

/// <summary>
/// 1. Import-Module through the manifest, in a new runspace (InitialSessionState.CreateDefault2()), timed around
/// the Import-Module command alone: the first import in a fresh process (child processes), and warm (a new
/// runspace in a process that has imported the module before). Variants in fresh processes break the first
/// import down: JIT time (System.Runtime.JitInfo), the DLL without the manifest, the manifest without the format
/// file, an empty manifest, the format file alone, and the assembly loaded beforehand.
/// </summary>
internal static class ImportBenchmark
{
    public const string ChildMode = "--import-once";

    public sealed record Measured(double ImportMs, double OpenMs, double JitMs, double JitMethods, double Assemblies);

    public sealed record Result(IReadOnlyList<Measured> Fresh, IReadOnlyList<double> WarmMs, IReadOnlyList<(string Name, IReadOnlyList<Measured> Runs)> Variants,
        IReadOnlyList<(string Group, int Methods, double Ms)> JitByGroup, int JitEventRuns)
    {
        public double FreshMedian => Stats.Median(Fresh.Select(m => m.ImportMs).ToList());
        public double Warm => Stats.Median(WarmMs);
    }

    public static Result Run(ModuleSnapshot module, int freshRuns, int variantRuns, int warmRuns)
    {
        var folder = Path.GetDirectoryName(module.Manifest)!;
        var dll = Path.Combine(folder, "ZendeskAuth.dll");
        var manifestText = File.ReadAllText(module.Manifest);
        var noFormat = Path.Combine(folder, "ZendeskAuthNoFormat.psd1");
        File.WriteAllText(noFormat, manifestText.Replace("FormatsToProcess", "# FormatsToProcess", StringComparison.Ordinal));
        var empty = Path.Combine(folder, "Empty.psd1");
        File.WriteAllText(empty, "@{ ModuleVersion = '1.0.0'; GUID = 'd6b5f0a4-0c43-4d8e-9a53-3b8f3c1f0a11' }");
        var formatOnly = Path.Combine(folder, "FormatOnly.psd1");
        File.WriteAllText(formatOnly, "@{ ModuleVersion = '1.0.0'; GUID = 'd6b5f0a4-0c43-4d8e-9a53-3b8f3c1f0a12'; FormatsToProcess = 'ZendeskAuth.format.ps1xml' }");

        var fresh = new List<Measured>();
        for (var i = 1; i <= freshRuns; i++)
        {
            fresh.Add(Parse(Child.Run(ChildMode, module.Manifest)));
            Progress.Say($"import, fresh process {i}/{freshRuns}: {Stats.F(fresh[^1].ImportMs)} ms (JIT {Stats.F(fresh[^1].JitMs)} ms, {fresh[^1].JitMethods} methods; runspace open before it {Stats.F(fresh[^1].OpenMs)} ms)");
        }

        var variants = new List<(string, IReadOnlyList<Measured>)>();
        void Variant(string name, params string[] arguments)
        {
            var runs = Enumerable.Range(0, variantRuns).Select(_ => Parse(Child.Run([ChildMode, .. arguments]))).ToList();
            variants.Add((name, runs));
            Progress.Say($"import, fresh process, {name}: median {Stats.F(Stats.Median(runs.Select(r => r.ImportMs).ToList()))} ms (JIT {Stats.F(Stats.Median(runs.Select(r => r.JitMs).ToList()))} ms)");
        }
        Variant("the manifest, after one engine command (Get-Module) ran first", module.Manifest, "--prime");
        Variant("ZendeskAuth.dll directly (no manifest, no format file)", dll);
        Variant("the manifest without FormatsToProcess", noFormat);
        Variant("an empty manifest (no RootModule, nothing to load)", empty);
        Variant("a manifest with only FormatsToProcess (the format file alone)", formatOnly);
        Variant("the manifest, ZendeskAuth.dll loaded beforehand (Assembly.LoadFrom, not timed)", module.Manifest, "--preload", dll);

        // Which code the JIT compiled during the first import, by namespace (runtime events; slower, so not the figure).
        var groups = new Dictionary<string, (int Methods, double Ms)>();
        const int eventRuns = 3;
        for (var i = 0; i < eventRuns; i++)
        {
            foreach (var line in Child.Run(ChildMode, module.Manifest, "--jit-events").Split('\n').Where(l => l.StartsWith("jit\t", StringComparison.Ordinal)))
            {
                var parts = line.Split('\t');
                var (methods, ms) = groups.GetValueOrDefault(parts[1]);
                groups[parts[1]] = (methods + int.Parse(parts[2]), ms + double.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        var byGroup = groups.Select(g => (g.Key, g.Value.Methods / eventRuns, g.Value.Ms / eventRuns)).OrderByDescending(g => g.Item3).ToList();
        Progress.Say("import, JIT during the first import by namespace (mean of 3): " + string.Join("; ", byGroup.Select(g => $"{g.Key} {g.Item2} methods {Stats.F(g.Item3)} ms")));

        // Warm: the process has imported the module before (the first two imports here are discarded).
        var warm = new List<double>();
        for (var i = -2; i < warmRuns; i++)
        {
            using var shell = new HostedPowerShell(importModule: false);
            var ms = TimeImport(shell, module.Manifest).ImportMs;
            if (i >= 0)
            {
                warm.Add(ms);
            }
        }
        Progress.Say($"import, warm (new runspace, same process) x{warmRuns}: median {Stats.F(Stats.Median(warm), "F2")} ms");
        return new Result(fresh, warm, variants, byGroup, eventRuns);
    }

    private static Measured Parse(string output)
    {
        var v = Child.Values(output);
        return new Measured(v["import_ms"], v["open_ms"], v["jit_ms"], v["jit_methods"], v["assemblies"]);
    }

    /// <summary>
    /// The child: open a runspace, time one Import-Module of <paramref name="path"/>, print the figures.
    /// --prime: run Get-Module first; --preload dll: Assembly.LoadFrom it first; --jit-events: list JIT work by namespace.
    /// </summary>
    public static int RunChild(string path, string[] options)
    {
        var opening = Stopwatch.StartNew();
        using var shell = new HostedPowerShell(importModule: false);
        opening.Stop();
        if (options.Contains("--prime"))
        {
            using var first = PowerShell.Create();
            first.Runspace = shell.Runspace;
            first.AddCommand("Get-Module").Invoke();
        }
        var preload = Array.IndexOf(options, "--preload");
        if (preload >= 0)
        {
            Assembly.LoadFrom(options[preload + 1]);
        }
        using var listener = options.Contains("--jit-events") ? new JitListener() : null;
        var measured = TimeImport(shell, path);
        if (listener is not null)
        {
            foreach (var (group, methods, ms) in listener.Groups())
            {
                Console.WriteLine($"jit\t{group}\t{methods}\t{ms.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}");
            }
        }
        Console.WriteLine(Child.Format([
            ("import_ms", measured.ImportMs), ("open_ms", opening.Elapsed.TotalMilliseconds),
            ("jit_ms", measured.JitMs), ("jit_methods", measured.JitMethods), ("assemblies", measured.Assemblies),
        ]));
        return 0;
    }

    /// <summary>Times `Import-Module -Name path -ErrorAction Stop` as one command (no script to parse), then checks it worked.</summary>
    private static Measured TimeImport(HostedPowerShell shell, string path)
    {
        using var import = PowerShell.Create();
        import.Runspace = shell.Runspace;
        import.AddCommand("Import-Module").AddParameter("Name", path).AddParameter("ErrorAction", "Stop");
        var assemblies = AppDomain.CurrentDomain.GetAssemblies().Length;
        var jitTime = JitInfo.GetCompilationTime(currentThread: false);
        var jitMethods = JitInfo.GetCompiledMethodCount(currentThread: false);
        var stopwatch = Stopwatch.StartNew();
        import.Invoke();
        stopwatch.Stop();
        var measured = new Measured(
            stopwatch.Elapsed.TotalMilliseconds, 0,
            (JitInfo.GetCompilationTime(currentThread: false) - jitTime).TotalMilliseconds,
            JitInfo.GetCompiledMethodCount(currentThread: false) - jitMethods,
            AppDomain.CurrentDomain.GetAssemblies().Length - assemblies);
        if (import.HadErrors)
        {
            throw new InvalidOperationException("Import-Module failed: " + string.Join("; ", import.Streams.Error));
        }
        var name = Path.GetFileNameWithoutExtension(path);
        var check = shell.Run("@(Get-Module -Name $args[0]).Count, @(Get-Command -Module $args[0]).Count", name).ThrowIfFailed();
        var expectCommands = name is "ZendeskAuth" or "ZendeskAuthNoFormat";
        if (Convert.ToInt32(check.Output[0].BaseObject) != 1 || expectCommands && Convert.ToInt32(check.Output[1].BaseObject) < 4)
        {
            throw new InvalidOperationException($"{path} imported without its commands.");
        }
        return measured;
    }

    /// <summary>Runtime JIT events (MethodJittingStarted → MethodLoadVerbose), grouped by the method's namespace.</summary>
    private sealed class JitListener : EventListener
    {
        private readonly Dictionary<long, (string Group, DateTime Start)> _started = new();
        private readonly Dictionary<string, (int Methods, double Ms)> _groups = new();
        private readonly object _gate = new();

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x10); // JIT
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (e.Payload is null || e.PayloadNames is null)
            {
                return;
            }
            var id = Convert.ToInt64(e.Payload[e.PayloadNames.IndexOf("MethodID")]);
            lock (_gate)
            {
                if (e.EventName == "MethodJittingStarted_V1")
                {
                    var ns = (string)e.Payload[e.PayloadNames.IndexOf("MethodNamespace")]!;
                    _started[id] = (Group(ns), e.TimeStamp);
                }
                else if (e.EventName?.StartsWith("MethodLoadVerbose", StringComparison.Ordinal) == true && _started.Remove(id, out var start))
                {
                    var (methods, ms) = _groups.GetValueOrDefault(start.Group);
                    _groups[start.Group] = (methods + 1, ms + (e.TimeStamp - start.Start).TotalMilliseconds);
                }
            }
        }

        public IEnumerable<(string Group, int Methods, double Ms)> Groups()
        {
            Thread.Sleep(1500); // events arrive through the runtime's event pipe, a little later
            lock (_gate)
            {
                return _groups.Select(g => (g.Key, g.Value.Methods, g.Value.Ms)).ToList();
            }
        }

        /// <summary>ZendeskAuth, System.Management.Automation (the engine), Microsoft.PowerShell, System.Text.Json, other System.*, other.</summary>
        private static string Group(string type) =>
            type.StartsWith("ZendeskAuth.", StringComparison.Ordinal) ? "ZendeskAuth (the module)" :
            type.StartsWith("System.Management.Automation", StringComparison.Ordinal) ? "System.Management.Automation (engine)" :
            type.StartsWith("Microsoft.PowerShell", StringComparison.Ordinal) ? "Microsoft.PowerShell.* (engine)" :
            type.StartsWith("System.Text.Json", StringComparison.Ordinal) ? "System.Text.Json" :
            type.StartsWith("System.", StringComparison.Ordinal) || type.StartsWith("Microsoft.", StringComparison.Ordinal) ? "other .NET" : "other";
    }
}

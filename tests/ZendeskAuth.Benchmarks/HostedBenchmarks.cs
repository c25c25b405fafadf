using System.Globalization;
using System.Text;
using ZendeskAuth.Emulator;
using ZendeskAuth.Hosting;
using static ZendeskAuth.Benchmarks.Stats;

namespace ZendeskAuth.Benchmarks;

/// <summary>
/// The earlier measures, in the hosted engine (System.Management.Automation from NuGet, IL only, in this process):
/// `--only hosted-import,hosted-request,hosted-paging,memory,throttle`. They are kept for profiling (the hosted
/// request breakdown splits the per-request cost into layers); the figures with targets come from the real pwsh.
/// </summary>
internal static class HostedBenchmarks
{
    public static readonly string[] Names = ["hosted-import", "hosted-request", "hosted-paging", "memory", "throttle"];

    public static async Task<string> RunAsync(ModuleSnapshot module, string[] only)
    {
        Progress.Say($"module: {module.Manifest} (a copy of {Path.GetDirectoryName(RepositoryPaths.ModuleManifest)}, {module.Configuration} build)");
        if (module.Configuration != "Release")
        {
            Progress.Say($"WARNING: out/ZendeskAuth holds a {module.Configuration} build (another build ran after this one's); figures are for that build.");
        }
        Progress.Say($"machine: {Machine.Describe()}; {Machine.Engine()}; load average {Machine.LoadAverage()}");
        var loadBefore = Machine.LoadAverage();
        var started = System.Diagnostics.Stopwatch.StartNew();

        string psVersion;
        using (var probe = new HostedPowerShell(importModule: false))
        {
            psVersion = probe.Run("$PSVersionTable.PSVersion.ToString()").ThrowIfFailed().Output[0].ToString();
        }

        var rows = new List<(string Measure, string Figure, string Target, bool Met)>();
        var details = new List<string>();

        if (only.Contains("hosted-import"))
        {
            Progress.Say("1. Import-Module …");
            var import = ImportBenchmark.Run(module, freshRuns: 10, variantRuns: 5, warmRuns: 30);
            var freshMs = import.Fresh.Select(m => m.ImportMs).ToList();
            rows.Add(("Import-Module, first in a fresh process (median of 10 child processes)", $"{F(import.FreshMedian)} ms", "≤ 100 ms", import.FreshMedian <= 100));
            rows.Add(("Import-Module, warm: new runspace, same process (median of 30)", $"{F(import.Warm, "F2")} ms", "≤ 100 ms", import.Warm <= 100));
            details.Add($"- Import-Module, fresh process: runs {Range(freshMs, "F1")} ms; of which JIT compiling: median {F(Median(import.Fresh.Select(m => m.JitMs).ToList()))} ms "
                + $"({F(Median(import.Fresh.Select(m => m.JitMethods).ToList()), "F0")} methods); {F(Median(import.Fresh.Select(m => m.Assemblies).ToList()), "F0")} assemblies loaded; "
                + $"opening the runspace before it (not counted): median {F(Median(import.Fresh.Select(m => m.OpenMs).ToList()))} ms");
            foreach (var (name, runs) in import.Variants)
            {
                details.Add($"- Import-Module, fresh process, {name}: median {F(Median(runs.Select(r => r.ImportMs).ToList()))} ms ({Range(runs.Select(r => r.ImportMs).ToList(), "F1")}), "
                    + $"JIT {F(Median(runs.Select(r => r.JitMs).ToList()))} ms / {F(Median(runs.Select(r => r.JitMethods).ToList()), "F0")} methods");
            }
            details.Add($"- Import-Module, fresh process, JIT by namespace (runtime events, mean of {import.JitEventRuns}): "
                + string.Join("; ", import.JitByGroup.Select(g => $"{g.Group} {g.Methods} methods {F(g.Ms)} ms")));
            details.Add($"- Import-Module, warm: runs {Range(import.WarmMs, "F2")} ms");
        }

        if (only.Contains("hosted-request"))
        {
            Progress.Say("2. Per-request cost …");
            await using var emulator = await ZendeskEmulator.StartAsync(new EmulatorOptions { RateLimitPerMinute = 0 });
            var request = RequestBenchmark.Run(module, emulator, iterations: 2_000, rounds: 9, breakdownRounds: 7);
            rows.Add(($"Per request: Invoke-ZendeskRequest users/me.json vs bare HttpClient ({request.Iterations:N0} per round, median of {request.ModuleUs.Count} rounds)",
                $"{F(request.Module)} µs vs {F(request.HttpClient)} µs = {F(request.Ratio, "F2")}×", "≤ 1.3×", request.Ratio <= 1.3));
            details.Add($"- Per request: Invoke-ZendeskRequest rounds {Range(request.ModuleUs, "F1")} µs; HttpClient rounds {Range(request.HttpClientUs, "F1")} µs; "
                + $"ratio per round {Range(request.ModuleUs.Zip(request.HttpClientUs, (m, b) => m / b).ToList(), "F2")}");
            details.Add($"- Per request, breakdown ({request.Breakdown[0].Us.Count} more rounds, round-robin, µs/request median (range)):");
            foreach (var (name, values) in request.Breakdown)
            {
                details.Add($"  - {name}: {F(Median(values))} ({Range(values, "F1")})");
            }
        }

        if (only.Contains("hosted-paging") || only.Contains("memory"))
        {
            await using var emulator = await ZendeskEmulator.StartAsync(new EmulatorOptions { TicketCount = PagingBenchmark.Records, RateLimitPerMinute = 0 });
            if (only.Contains("hosted-paging"))
            {
                Progress.Say("3. Paging 100,000 records …");
                var paging = PagingBenchmark.Run(module, emulator, rounds: 3);
                rows.Add(("Paging 100,000 records (1,000 pages) into Out-Null (median of 3)", $"{F(paging.RecordsPerSecond, "N0")} records/s ({F(Median(paging.Seconds), "F2")} s)", "≥ 50,000/s", paging.RecordsPerSecond >= 50_000));
                details.Add($"- Paging: rounds {Range(paging.Seconds, "F3")} s; the counting run (ForEach-Object counting, ids checked) took {F(paging.CountingRunSeconds, "F2")} s; "
                    + $"bare HttpClient + JsonDocument over the same 1,000 pages: {F(paging.FloorRecordsPerSecond, "N0")} records/s ({F(Median(paging.FloorSeconds), "F2")} s)");
            }
            if (only.Contains("memory"))
            {
                Progress.Say("4. Peak memory while paging …");
                var memory = MemoryBenchmark.Run(module, emulator);
                var v = memory.Values;
                rows.Add(("Peak memory growth paging 100,000 records (child process, peak working set − baseline)", $"{F(memory.WorkingSetGrowth / 1e6)} MB", "≤ 50 MB", memory.WorkingSetGrowth <= 50e6));
                details.Add($"- Memory: working set {F(memory.WorkingSetBefore / 1e6)} MB → peak {F(memory.WorkingSetPeak / 1e6)} MB (sampled peak {F(v["ws_peak_sampled"] / 1e6)} MB, kernel high-water mark {F(v["hwm_before"] / 1e6)} → {F(v["hwm_after"] / 1e6)} MB); "
                    + $"GC heap {F(v["heap_before"] / 1e6)} MB → sampled peak {F(v["heap_peak_sampled"] / 1e6)} MB (+{F(memory.HeapGrowth / 1e6)} MB) → live after a full collection {F(v["heap_after_live"] / 1e6)} MB (+{F(memory.LiveGrowth / 1e6, "F2")} MB); "
                    + $"{F(v["allocated"] / 1e6, "N0")} MB allocated in all ({F(v["allocated"] / PagingBenchmark.Records, "N0")} bytes/record), GCs gen0/1/2 {v["gen0"]}/{v["gen1"]}/{v["gen2"]}; "
                    + $"{v["samples"]} samples in {F(v["seconds"], "F2")} s");
            }
        }

        if (only.Contains("throttle"))
        {
            Progress.Say("5. -ThrottleLimit 8 vs sequential at 50 ms latency (the sequential run takes about a minute) …");
            await using var emulator = await ZendeskEmulator.StartAsync(new EmulatorOptions { RateLimitPerMinute = 0 });
            var throttle = ThrottleBenchmark.Run(module, emulator, sequentialRounds: 1, throttledRounds: 3);
            rows.Add(("1,000 requests at 50 ms latency: -ThrottleLimit 8 vs sequential",
                $"{F(throttle.Sequential, "F2")} s vs {F(throttle.Throttled, "F2")} s = {F(throttle.Speedup, "F2")}×", "≥ 6×", throttle.Speedup >= 6));
            details.Add($"- Throttle: sequential {string.Join(", ", throttle.SequentialSeconds.Select(s => F(s, "F2")))} s "
                + $"({F(throttle.Sequential * 1000 / ThrottleBenchmark.Requests, "F2")} ms/request; the floor is 50 ms); -ThrottleLimit 8 rounds {string.Join(", ", throttle.ThrottledSeconds.Select(s => F(s, "F2")))} s "
                + $"(floor {F(ThrottleBenchmark.Requests / 8.0 * 0.05, "F2")} s, so at most 8.00×)");
        }

        var text = new StringBuilder();
        text.AppendLine($"ZendeskAuth benchmarks, {DateTimeOffset.Now:yyyy-MM-dd HH:mm zzz}");
        text.AppendLine($"Machine: {Machine.Describe()}; load average {loadBefore} at the start, {Machine.LoadAverage()} at the end");
        text.AppendLine($"PowerShell {psVersion} hosted in-process ({Machine.Engine()}); module: {module.Configuration} build of out/ZendeskAuth");
        text.AppendLine($"Harness: Stopwatch (warm-up, rounds, median), not BenchmarkDotNet; whole run {F(started.Elapsed.TotalSeconds, "F0")} s.");
        text.AppendLine();
        text.AppendLine("| measure | figure | target | met? |");
        text.AppendLine("| --- | --- | --- | --- |");
        foreach (var (measure, figure, target, met) in rows)
        {
            text.AppendLine($"| {measure} | {figure} | {target} | {(met ? "yes" : "**no**")} |");
        }
        text.AppendLine();
        foreach (var detail in details)
        {
            text.AppendLine(detail);
        }
        return text.ToString();
    }
}

using System.Diagnostics;
using ZendeskAuth.Emulator;

namespace ZendeskAuth.Benchmarks;

/// <summary>
/// 4. Peak memory growth while `Invoke-ZendeskRequest tickets.json -Paginate | Out-Null` pages 100,000 records.
/// Measured in a child process that holds only the hosted engine and the module (the emulator stays in this
/// process, so its memory is not counted). The child warms the code path with two pages, collects garbage,
/// takes its baseline, then samples its working set and GC heap on a dedicated thread every ~2 ms during the run.
/// </summary>
internal static class MemoryBenchmark
{
    public const string ChildMode = "--page-memory";

    public sealed record Result(IReadOnlyDictionary<string, double> Values)
    {
        public double WorkingSetBefore => Values["ws_before"];

        /// <summary>The highest working set seen during the run: sampled, or the kernel's high-water mark when it rose during the run.</summary>
        public double WorkingSetPeak => Math.Max(Values["ws_peak_sampled"], Values["hwm_after"] > Values["hwm_before"] ? Values["hwm_after"] : 0);

        public double WorkingSetGrowth => WorkingSetPeak - WorkingSetBefore;

        /// <summary>GC heap (live and not yet collected garbage), highest sample minus the baseline after a full collection.</summary>
        public double HeapGrowth => Values["heap_peak_sampled"] - Values["heap_before"];

        /// <summary>What stays alive after the run (full collection), minus the baseline: retention.</summary>
        public double LiveGrowth => Values["heap_after_live"] - Values["heap_before"];
    }

    public static Result Run(ModuleSnapshot module, ZendeskEmulator emulator)
    {
        emulator.ClearRequests();
        var values = Child.Values(Child.Run(ChildMode, module.Manifest, Shells.Url(emulator)));
        var pages = Shells.Received(emulator, "/api/v2/tickets.json");
        if (pages != PagingBenchmark.Pages + 2)
        {
            throw new InvalidOperationException($"The memory run made {pages} page requests; expected {PagingBenchmark.Pages} and 2 for the warm-up.");
        }
        var result = new Result(values);
        Progress.Say($"memory: working set {Stats.F(result.WorkingSetBefore / 1e6)} MB before, peak {Stats.F(result.WorkingSetPeak / 1e6)} MB (+{Stats.F(result.WorkingSetGrowth / 1e6)} MB); "
            + $"GC heap peak +{Stats.F(result.HeapGrowth / 1e6)} MB, live after +{Stats.F(result.LiveGrowth / 1e6, "F2")} MB; {values["samples"]} samples");
        return result;
    }

    /// <summary>The child: connect, warm up, baseline, page 100,000 records under the sampler, print the figures.</summary>
    public static int RunChild(string manifest, string url)
    {
        using var shell = Shells.Connected(manifest, url);
        shell.Run("Invoke-ZendeskRequest tickets.json -Paginate -First 200 | Out-Null").ThrowIfFailed();

        using var self = Process.GetCurrentProcess();
        FullCollection();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        self.Refresh();
        var wsBefore = self.WorkingSet64;
        var hwmBefore = self.PeakWorkingSet64;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var collections = new[] { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) };

        long heapPeak = 0, wsPeak = 0, samples = 0;
        var done = false;
        var sampler = new Thread(() =>
        {
            using var me = Process.GetCurrentProcess();
            while (!Volatile.Read(ref done))
            {
                heapPeak = Math.Max(heapPeak, GC.GetTotalMemory(forceFullCollection: false));
                me.Refresh();
                wsPeak = Math.Max(wsPeak, me.WorkingSet64);
                samples++;
                Thread.Sleep(2);
            }
        }) { IsBackground = true, Priority = ThreadPriority.AboveNormal };
        sampler.Start();

        var stopwatch = Stopwatch.StartNew();
        shell.Run("Invoke-ZendeskRequest tickets.json -Paginate | Out-Null").ThrowIfFailed();
        stopwatch.Stop();
        Volatile.Write(ref done, true);
        sampler.Join();

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        self.Refresh();
        var hwmAfter = self.PeakWorkingSet64;
        var gcs = new[] { GC.CollectionCount(0) - collections[0], GC.CollectionCount(1) - collections[1], GC.CollectionCount(2) - collections[2] };
        FullCollection();
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        var info = GC.GetGCMemoryInfo();

        Console.WriteLine(Child.Format([
            ("heap_before", heapBefore), ("heap_peak_sampled", heapPeak), ("heap_after_live", heapAfter),
            ("ws_before", wsBefore), ("ws_peak_sampled", wsPeak), ("hwm_before", hwmBefore), ("hwm_after", hwmAfter),
            ("allocated", allocated), ("gen0", gcs[0]), ("gen1", gcs[1]), ("gen2", gcs[2]),
            ("committed_after", info.TotalCommittedBytes), ("seconds", stopwatch.Elapsed.TotalSeconds), ("samples", samples),
        ]));
        return 0;
    }

    private static void FullCollection()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    }
}

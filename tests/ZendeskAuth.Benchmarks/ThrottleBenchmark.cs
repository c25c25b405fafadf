using System.Diagnostics;
using ZendeskAuth.Emulator;

namespace ZendeskAuth.Benchmarks;

/// <summary>
/// 5. 1,000 GETs of tickets/{1..250}.json with 50 ms added by the emulator to each, piped into
/// Invoke-ZendeskRequest with -ThrottleLimit 8, against the same pipeline without -ThrottleLimit (sequential).
/// </summary>
internal static class ThrottleBenchmark
{
    public const int Requests = 1_000;
    public static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(50);
    private const string Prefix = "/api/v2/tickets/";

    private const string Sequential = """1..$args[0] | ForEach-Object { "tickets/$(($_ % 250) + 1).json" } | Invoke-ZendeskRequest | Out-Null""";
    private const string Throttled = """1..$args[0] | ForEach-Object { "tickets/$(($_ % 250) + 1).json" } | Invoke-ZendeskRequest -ThrottleLimit 8 | Out-Null""";

    public sealed record Result(IReadOnlyList<double> SequentialSeconds, IReadOnlyList<double> ThrottledSeconds)
    {
        public double Sequential => Stats.Median(SequentialSeconds);
        public double Throttled => Stats.Median(ThrottledSeconds);
        public double Speedup => Sequential / Throttled;
    }

    public static Result Run(ModuleSnapshot module, ZendeskEmulator emulator, int sequentialRounds, int throttledRounds)
    {
        emulator.Faults.Add(Prefix, Fault.Latency(Latency), int.MaxValue);
        using var shell = Shells.Connected(module.Manifest, Shells.Url(emulator));

        // Warm-up: both shapes, a few requests each.
        Measure(shell, emulator, Sequential, 16);
        Measure(shell, emulator, Throttled, 32);

        var throttled = new List<double>();
        var sequential = new List<double>();
        for (var round = 1; round <= Math.Max(sequentialRounds, throttledRounds); round++)
        {
            if (round <= throttledRounds)
            {
                throttled.Add(Measure(shell, emulator, Throttled, Requests));
                Progress.Say($"throttle, -ThrottleLimit 8 round {round}/{throttledRounds}: {Stats.F(throttled[^1], "F2")} s");
            }
            if (round <= sequentialRounds)
            {
                sequential.Add(Measure(shell, emulator, Sequential, Requests));
                Progress.Say($"throttle, sequential round {round}/{sequentialRounds}: {Stats.F(sequential[^1], "F2")} s");
            }
        }
        emulator.Faults.Clear();
        return new Result(sequential, throttled);
    }

    private static double Measure(Hosting.HostedPowerShell shell, ZendeskEmulator emulator, string script, int requests)
    {
        emulator.ClearRequests();
        var stopwatch = Stopwatch.StartNew();
        shell.Run(script, requests).ThrowIfFailed();
        stopwatch.Stop();
        var received = Shells.Received(emulator, Prefix);
        if (received != requests)
        {
            throw new InvalidOperationException($"Expected {requests} requests under {Prefix}, the emulator received {received}.");
        }
        return stopwatch.Elapsed.TotalSeconds;
    }
}

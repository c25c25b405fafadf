using System.Diagnostics;
using System.Net.Http.Headers;
using ZendeskAuth.Emulator;
using ZendeskAuth.Hosting;

namespace ZendeskAuth.Benchmarks;

/// <summary>
/// 2. Per-request cost of `Invoke-ZendeskRequest users/me.json`, looped inside one script invocation, against a
/// bare HttpClient loop doing the same GET with the same Bearer header, in the same process, against the same
/// emulator. Rounds alternate between the two so drift hits both alike; the figure is the median round.
/// A breakdown (same loop shape, round-robin) shows where the difference goes.
/// </summary>
internal static class RequestBenchmark
{
    public sealed record Result(int Iterations, IReadOnlyList<double> ModuleUs, IReadOnlyList<double> HttpClientUs, IReadOnlyList<(string Name, IReadOnlyList<double> Us)> Breakdown)
    {
        public double Module => Stats.Median(ModuleUs);
        public double HttpClient => Stats.Median(HttpClientUs);
        public double Ratio => Module / HttpClient;
    }

    private const string Path = "/api/v2/users/me.json";
    private const string ModuleLoop = "foreach ($i in 1..$args[0]) { $null = Invoke-ZendeskRequest users/me.json }";

    public static Result Run(ModuleSnapshot module, ZendeskEmulator emulator, int iterations, int rounds, int breakdownRounds)
    {
        var url = Shells.Url(emulator);
        using var shell = Shells.Connected(module.Manifest, url);
        using var client = BareClient();
        var uri = new Uri(emulator.BaseUrl, Path);
        var probe = new PipelineProbe(shell, uri, client);
        shell.Run("Import-Module -Name $args[0] -ErrorAction Stop", typeof(PipelineProbe).Assembly.Location).ThrowIfFailed();
        var body = probe.Get(moduleClient: false);

        double Module() => Script(shell, emulator, ModuleLoop, iterations, expectRequests: true);
        double Bare() => Loop(emulator, iterations, () => probe.Get(moduleClient: false));

        // The breakdown, from the bare loop up to the cmdlet: each line adds one layer.
        var breakdown = new (string Name, Func<double> Measure)[]
        {
            ("C#: bare HttpClient GET + ReadAsString (the baseline)", Bare),
            ("C#: the same GET on the module's own HttpClient (HttpClientProvider.Get)", () => Loop(emulator, iterations, () => probe.Get(moduleClient: true))),
            ("C#: RequestPipeline.SendAsync (NullRequestLog, blocking wait), body text", () => Loop(emulator, iterations, () => probe.SendRaw())),
            ("C#: RequestPipeline.SendAsync + JsonDocument.Parse + JsonToPSObject.Convert", () => Loop(emulator, iterations, () => probe.Send())),
            ("C#, no HTTP: JsonDocument.Parse + JsonToPSObject.Convert of the users/me.json body (10× the iterations)", () => Convert(probe, body, iterations * 10)),
            ("PS, one call: a minimal cmdlet looping the bare GET on the pipeline thread (Invoke-ProbeRequest Bare -Count n)", () => Script(shell, emulator, "$null = Invoke-ProbeRequest Bare -Count $args[0]", iterations, expectRequests: true)),
            ("PS loop: a minimal cmdlet doing the bare GET, called once per request", () => Script(shell, emulator, "foreach ($i in 1..$args[0]) { $null = Invoke-ProbeRequest Bare }", iterations, expectRequests: true)),
            ("PS loop: a minimal cmdlet doing RequestPipeline.SendAsync + Convert, waited as ZendeskCmdlet.Wait does (QueuedLog)", () => Script(shell, emulator, "foreach ($i in 1..$args[0]) { $null = Invoke-ProbeRequest Queued }", iterations, expectRequests: true)),
            ("PS loop: Invoke-ZendeskRequest users/me.json -Raw (no JSON to PSObject)", () => Script(shell, emulator, "foreach ($i in 1..$args[0]) { $null = Invoke-ZendeskRequest users/me.json -Raw }", iterations, expectRequests: true)),
            ("PS loop: Invoke-ZendeskRequest users/me.json (the figure)", Module),
            ("PS, one invocation: $paths | Invoke-ZendeskRequest (n paths piped in)", () => Script(shell, emulator, "$paths = ,'users/me.json' * $args[0]; $null = $paths | Invoke-ZendeskRequest", iterations, expectRequests: true)),
            ("PS loop: Get-ZendeskConnection (a module cmdlet, no HTTP)", () => Script(shell, emulator, "foreach ($i in 1..$args[0]) { $null = Get-ZendeskConnection }", iterations, expectRequests: false)),
        };

        // Warm-up: JIT, connection pool, tiered compilation (two passes of each loop, discarded).
        foreach (var (_, measure) in breakdown)
        {
            measure();
            measure();
        }

        var moduleUs = new List<double>();
        var bareUs = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            moduleUs.Add(Module());
            bareUs.Add(Bare());
            Progress.Say($"per request, round {round}/{rounds}: Invoke-ZendeskRequest {Stats.F(moduleUs[^1])} µs, HttpClient {Stats.F(bareUs[^1])} µs");
        }

        var measured = breakdown.Select(b => (b.Name, Us: new List<double>())).ToList();
        for (var round = 1; round <= breakdownRounds; round++)
        {
            for (var i = 0; i < breakdown.Length; i++)
            {
                measured[i].Us.Add(breakdown[i].Measure());
            }
        }
        foreach (var (name, us) in measured)
        {
            Progress.Say($"per request, breakdown: {name}: median {Stats.F(Stats.Median(us))} µs");
        }
        return new Result(iterations, moduleUs, bareUs, measured.Select(m => (m.Name, (IReadOnlyList<double>)m.Us)).ToList());
    }

    /// <summary>µs per iteration of a script loop run as one invocation; checks the requests reached the emulator.</summary>
    private static double Script(HostedPowerShell shell, ZendeskEmulator emulator, string script, int iterations, bool expectRequests)
    {
        emulator.ClearRequests();
        var stopwatch = Stopwatch.StartNew();
        var result = shell.Run(script, iterations);
        stopwatch.Stop();
        result.ThrowIfFailed();
        Check(emulator, expectRequests ? iterations : 0);
        return stopwatch.Elapsed.TotalMicroseconds / iterations;
    }

    private static double Convert(PipelineProbe probe, string body, int iterations)
    {
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            probe.Convert(body);
        }
        return stopwatch.Elapsed.TotalMicroseconds / iterations;
    }

    private static double Loop(ZendeskEmulator emulator, int iterations, Action once)
    {
        emulator.ClearRequests();
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            once();
        }
        stopwatch.Stop();
        Check(emulator, iterations);
        return stopwatch.Elapsed.TotalMicroseconds / iterations;
    }

    private static void Check(ZendeskEmulator emulator, int expected)
    {
        var received = Shells.Received(emulator, Path);
        if (received != expected)
        {
            throw new InvalidOperationException($"Expected {expected} requests, the emulator received {received}.");
        }
    }

    public const string LoopMode = "--request-loop";

    /// <summary>
    /// For a profiler (dotnet-trace collect -- dotnet ZendeskAuth.Benchmarks.dll --request-loop manifest url n rounds):
    /// only the Invoke-ZendeskRequest loop, against an emulator running elsewhere.
    /// </summary>
    public static int RunLoop(string manifest, string url, int iterations, int rounds)
    {
        using var shell = Shells.Connected(manifest, url);
        for (var round = 0; round < rounds; round++)
        {
            var stopwatch = Stopwatch.StartNew();
            shell.Run(ModuleLoop, iterations).ThrowIfFailed();
            Console.WriteLine($"{stopwatch.Elapsed.TotalMicroseconds / iterations:F1} µs/request");
        }
        return 0;
    }

    /// <summary>A plain HttpClient accepting the emulator's self-signed certificate.</summary>
    internal static HttpClient BareClient() =>
        new(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true });
}

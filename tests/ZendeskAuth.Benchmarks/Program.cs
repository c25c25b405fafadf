using System.Globalization;
using System.Text;
using ZendeskAuth.Benchmarks;
using ZendeskAuth.Emulator;
using static ZendeskAuth.Benchmarks.Stats;

// ZendeskAuth benchmarks in the real pwsh (the repository's local PowerShell tool, `dotnet tool restore`), driven as
// child processes; a Stopwatch harness (warm-up, round-robin rounds, medians), not BenchmarkDotNet; see docs/benchmarks.md.
//   dotnet run -c Release --project tests/ZendeskAuth.Benchmarks                         import, request (with paging), governor
//   … -- --only import,request,governor [--rounds N] [--pwsh path/to/pwsh.dll | --il-only]  a subset; by default in a
//                                                                                         ReadyToRun copy of the local pwsh
//   … -- --only hosted-import,hosted-request,hosted-paging,memory,throttle                 the earlier in-process (hosted engine) measures
// Child modes of the hosted measures (this program re-invoked by itself): --import-once, --page-memory, --request-loop.

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

if (args.Length > 0 && args[0] == ImportBenchmark.ChildMode)
{
    return ImportBenchmark.RunChild(args[1], args[2..]);
}
if (args.Length > 0 && args[0] == MemoryBenchmark.ChildMode)
{
    return MemoryBenchmark.RunChild(args[1], args[2]);
}
if (args.Length > 0 && args[0] == RequestBenchmark.LoopMode)
{
    return RequestBenchmark.RunLoop(args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture), int.Parse(args[4], CultureInfo.InvariantCulture));
}

string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
var real = new[] { "import", "request", "governor" };
var only = Option("--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? real;
if (only.Except(real).Except(HostedBenchmarks.Names).FirstOrDefault() is { } unknown)
{
    Console.Error.WriteLine($"Unknown benchmark '{unknown}'; choose from {string.Join(", ", real.Concat(HostedBenchmarks.Names))}.");
    return 2;
}
var rounds = int.Parse(Option("--rounds") ?? "9", CultureInfo.InvariantCulture);

using var module = ModuleSnapshot.Take();
if (only.Intersect(HostedBenchmarks.Names).Any())
{
    Console.Out.Write(await HostedBenchmarks.RunAsync(module, only));
    if (!only.Intersect(real).Any())
    {
        return 0;
    }
}

// The measures run in a ReadyToRun copy of the local tool, as users run pwsh (the tool's own dlls are IL only); the
// import also runs in the IL-only tool, for context. --pwsh runs everything in the pwsh given; --il-only in the tool.
var tool = Pwsh.Find(Option("--pwsh"));
var pwsh = Option("--pwsh") is null && !args.Contains("--il-only") ? ReadyToRunPwsh.Make(tool) : tool;
var engines = pwsh == tool ? new[] { pwsh } : new[] { pwsh, tool };
foreach (var engine in engines)
{
    Progress.Say($"pwsh: {engine.Describe()}");
}
Progress.Say($"module: {module.Manifest} ({module.Configuration} build)");
if (module.Configuration != "Release")
{
    Progress.Say($"WARNING: out/ZendeskAuth holds a {module.Configuration} build; figures are for that build.");
}
var loadBefore = Machine.LoadAverage();
var started = System.Diagnostics.Stopwatch.StartNew();
var rows = new List<(string Measure, string Figure, string Target, string Met)>();
var details = new List<string>();
static string Yes(bool met) => met ? "yes" : "**no**";

if (only.Contains("import"))
{
    Progress.Say($"1. Import-Module, first command of a fresh pwsh, {rounds} rounds …");
    var import = PwshImportBenchmark.Run(engines, module, rounds);
    foreach (var engine in engines)
    {
        // The targets are judged in the pwsh users run (the first engine); the IL-only tool's rows are context.
        var judged = engine == pwsh;
        var label = engine.ReadyToRun ? "ReadyToRun pwsh" : "IL-only pwsh";
        var moduleMs = Median(import.Of(engine, PwshImportBenchmark.Module));
        var emptyMs = Median(import.Of(engine, PwshImportBenchmark.Empty));
        // The module's share per round (same round, side by side), then its median.
        var share = Median(import.Of(engine, PwshImportBenchmark.Module).Zip(import.Of(engine, PwshImportBenchmark.Empty), (m, e) => m - e).ToList());
        rows.Add(($"Import-Module ZendeskAuth, first command in a fresh {label} (median of {rounds})", $"{F(moduleMs)} ms (empty manifest {F(emptyMs)} ms)", judged ? "≤ 100 ms" : "(context)", judged ? Yes(moduleMs <= 100) : "–"));
        rows.Add(($"… the module's own share over an empty manifest, {label} (median of per-round differences)", $"{F(share)} ms", judged ? "≤ 30 ms" : "(context)", judged ? Yes(share <= 30) : "–"));
        foreach (var (_, name, ms) in import.Variants.Where(v => v.Engine == engine))
        {
            details.Add($"- Import in the {label}, {name}: median {F(Median(ms))} ms, runs {Range(ms, "F1")} ms; over the empty manifest {F(Median(ms) - emptyMs)} ms");
        }
        var shareAfterCompare = Median(import.Of(engine, PwshImportBenchmark.ModuleAfterCompare).Zip(import.Of(engine, PwshImportBenchmark.EmptyAfterCompare), (m, e) => m - e).ToList());
        details.Add($"- The module's share in the {label} when the process has already made a culture-aware string comparison (as any script's first string -eq does): {F(shareAfterCompare)} ms (median of per-round differences)");
    }
}

if (only.Contains("request"))
{
    Progress.Say($"2-3. Per request and paging in one pwsh, {rounds} rounds …");
    await using var emulator = await ZendeskEmulator.StartAsync(new EmulatorOptions { RateLimitPerMinute = 0, TicketCount = PwshRequestBenchmark.Records });
    var request = PwshRequestBenchmark.Run(pwsh, module, emulator, perRound: 400, rounds: rounds);
    var loop = request.Median("module-loop");
    var client = request.Median("httpclient-loop");
    var piped = request.Median("module-piped");
    var irm = request.Median("irm-loop");
    rows.Add(("Per request: Invoke-ZendeskRequest users/me.json in a loop vs HttpClient.GetStringAsync in the same loop", $"{F(loop)} µs vs {F(client)} µs = {F(loop / client, "F2")}×", "≤ 1.25×", Yes(loop / client <= 1.25)));
    rows.Add(("Per request: the same paths piped into one Invoke-ZendeskRequest vs the loop", $"{F(piped)} µs vs {F(loop)} µs = {F(piped / loop, "F2")}×", "≤ 1.00×", Yes(piped <= loop)));
    rows.Add(("Per request: Invoke-RestMethod with a hand-made header vs Invoke-ZendeskRequest (loop)", $"{F(irm)} µs = {F(irm / loop, "F1")}× slower", "≥ 10×", Yes(irm / loop >= 10)));
    if (request.Values.ContainsKey("curl-loop"))
    {
        var curl = request.Median("curl-loop");
        rows.Add(("Per request: /usr/bin/curl started once per request vs Invoke-ZendeskRequest (loop)", $"{F(curl)} µs = {F(curl / loop, "F1")}× slower", "(context)", "–"));
    }
    var paging = request.Median("paging-module");
    var bare = request.Median("paging-httpclient");
    var irmPaging = request.Median("paging-irm");
    rows.Add(($"Paging {PwshRequestBenchmark.Records:N0} tickets through the pipeline: -Paginate | Measure-Object vs a bare HttpClient + JsonDocument loop (records/s)", $"{F(paging, "N0")} vs {F(bare, "N0")} = {F(paging / bare * 100, "F0")}%", "≥ 60%", Yes(paging / bare >= 0.6)));
    rows.Add(("Paging: -Paginate vs an Invoke-RestMethod cursor loop (records/s)", $"{F(paging, "N0")} vs {F(irmPaging, "N0")} = {F(paging / irmPaging, "F1")}×", "≥ 3×", Yes(paging / irmPaging >= 3)));
    var collected = request.Median("paging-module-collected");
    var irmCollected = request.Median("paging-irm-collected");
    rows.Add(("Paging, every record kept in an array: @(-Paginate) vs the Invoke-RestMethod loop keeping its records (records/s)", $"{F(collected, "N0")} vs {F(irmCollected, "N0")} = {F(collected / irmCollected, "F1")}× ({F(collected / bare * 100, "F0")}% of the bare loop)", "(context)", "–"));
    foreach (var (name, values) in request.Values)
    {
        details.Add($"- {name}: median {F(Median(values), name.StartsWith("paging", StringComparison.Ordinal) ? "N0" : "F1")} {(name.StartsWith("paging", StringComparison.Ordinal) ? "records/s" : "µs/request")}, rounds {Range(values, "F1")}");
    }
    details.Add($"- split of the loop's cost over HttpClient: JSON to objects (loop − loop -Raw) {F(loop - request.Median("module-loop-raw"))} µs; "
        + $"a module cmdlet's call without HTTP (Get-ZendeskConnection) {F(request.Median("cmdlet-loop-no-http"))} µs; loop -Raw − HttpClient {F(request.Median("module-loop-raw") - client)} µs");
    var ratios = request.Values["module-loop"].Zip(request.Values["httpclient-loop"], (m, c) => m / c).ToList();
    details.Add($"- module loop / HttpClient loop, per round: {Range(ratios, "F2")}; piped / loop per round: {Range(request.Values["module-piped"].Zip(request.Values["module-loop"], (p, l) => p / l).ToList(), "F2")}");
    details.Add($"- requests the emulator received: {request.Requests:N0} (expected {request.Expected:N0}{(request.Requests == request.Expected ? "" : ": MISMATCH")})");
}

if (only.Contains("governor"))
{
    Progress.Say($"4. Rate-limit governor (windows shortened to {GovernorBenchmark.WindowSeconds} s), about 2 minutes …");
    foreach (var run in await GovernorBenchmark.RunAsync(pwsh, module))
    {
        rows.Add(($"Governor: {run.Name}, -ThrottleLimit {run.ThrottleLimit}", $"{F(run.Seconds, "F2")} s vs ideal {F(run.Ideal, "F2")} s = {F(run.Over * 100, "+0.0;-0.0")}%; {run.TooMany} × 429; {run.Received} requests",
            "within 5%, no 429", Yes(run.Over <= 0.05 && run.TooMany == 0 && run.Received == run.Requests)));
        details.Add($"- Governor, {run.Name}, -ThrottleLimit {run.ThrottleLimit}: the same job unthrottled (unlimited emulator) {F(run.UnthrottledSeconds, "F2")} s");
    }
}

var text = new StringBuilder();
text.AppendLine($"ZendeskAuth benchmarks in the real pwsh, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
text.AppendLine($"Machine: {Machine.Describe()}; load average {loadBefore} at the start, {Machine.LoadAverage()} at the end");
foreach (var engine in engines)
{
    text.AppendLine($"{(engine == pwsh ? "Measured in" : "Context (import only)")}: {engine.Describe()}, child processes");
}
text.AppendLine($"Module: {module.Configuration} build of out/ZendeskAuth");
text.AppendLine($"Harness: Stopwatch, warm-up, {rounds} round-robin rounds, medians; whole run {F(started.Elapsed.TotalSeconds, "F0")} s.");
text.AppendLine();
text.AppendLine("| measure | figure | target | met? |");
text.AppendLine("| --- | --- | --- | --- |");
foreach (var (measure, figure, target, met) in rows)
{
    text.AppendLine($"| {measure} | {figure} | {target} | {met} |");
}
text.AppendLine();
foreach (var detail in details)
{
    text.AppendLine(detail);
}
Console.Out.Write(text.ToString());
Progress.Say("done");
return 0;

using System.Globalization;
using ZendeskAuth.Emulator;

namespace ZendeskAuth.Benchmarks;

/// <summary>
/// 4. The rate-limit governor, in the real pwsh: 1,500 GETs piped into Invoke-ZendeskRequest against an account limit
/// of 700 per window, sequentially and with -ThrottleLimit 8; and 30 incremental-export requests against the exports'
/// own limit of 10 per window (also with and without -ThrottleLimit 8). The emulator shortens Zendesk's one-minute
/// windows to <see cref="WindowSeconds"/> seconds (EmulatorOptions.RateLimitWindow and EndpointLimitWindow, documented
/// options), so a run takes seconds, not minutes; its headers keep Zendesk's shape (ratelimit-limit, -remaining,
/// -reset in whole seconds; zendesk-ratelimit-incremental-exports: total=10; remaining=…; resets=…), and the module
/// reads nothing else. The account's windows are fixed (aligned to multiples of the window since the Unix epoch), so
/// each run starts at a window's start; the exports' windows start at their first request.
/// Ideal time: (⌈n/limit⌉ − 1) windows less how far into its window the job started, plus the last window's share of the requests at the unthrottled pace (measured
/// on a second, unlimited emulator in the same process just before), and never less than the whole job unthrottled.
/// No 429 may be answered (the emulator counts them) and the emulator must receive exactly the job's requests.
/// </summary>
internal static class GovernorBenchmark
{
    public const int WindowSeconds = 10;
    public const int AccountLimit = 700;
    public const int AccountRequests = 1_500;
    public const int ExportLimit = 10;
    public const int ExportRequests = 30;

    public sealed record Run(string Name, int ThrottleLimit, int Requests, int Limit, double Seconds, double UnthrottledSeconds, double Offset, int TooMany, int Received)
    {
        public double Ideal => Math.Max(UnthrottledSeconds,
            (Math.Ceiling((double)Requests / Limit) - 1) * WindowSeconds - Offset + UnthrottledSeconds * (Requests - (Math.Ceiling((double)Requests / Limit) - 1) * Limit) / Requests);

        public double Over => Seconds / Ideal - 1;
    }

    private const string Script = """
        param([string] $Url, [string] $FreeUrl, [string] $Manifest, [string] $Token, [string] $Kind, [int] $Count, [int] $ThrottleLimit, [int] $Window)
        $ErrorActionPreference = 'Stop'
        Import-Module -Name $Manifest
        $free = Connect-Zendesk -Url $FreeUrl -OAuthToken $Token -SkipCertificateCheck -WarningAction SilentlyContinue -PassThru
        $limited = Connect-Zendesk -Url $Url -OAuthToken $Token -SkipCertificateCheck -WarningAction SilentlyContinue -PassThru
        $paths = if ($Kind -eq 'account') { foreach ($i in 1..$Count) { "tickets/$(($i % 250) + 1).json" } } else { ,'incremental/tickets/cursor.json?start_time=1' * $Count }

        # The unthrottled pace, same job shape, on the unlimited emulator (after a warm-up).
        $null = $paths[0..9] | Invoke-ZendeskRequest -Connection $free -ThrottleLimit $ThrottleLimit
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $null = $paths | Invoke-ZendeskRequest -Connection $free -ThrottleLimit $ThrottleLimit
        $free_s = $clock.Elapsed.TotalSeconds

        if ($Kind -eq 'account') {
            # Start at the start of an account window (fixed windows, multiples of $Window since the Unix epoch).
            $ms = [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds() % ($Window * 1000)
            Start-Sleep -Milliseconds ($Window * 1000 - $ms + 20)
        }
        # How far into the account's window the job starts (Start-Sleep may overshoot): the ideal is that much shorter.
        $offset = if ($Kind -eq 'account') { ([DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds() % ($Window * 1000)) / 1000.0 } else { 0.0 }
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $out = @($paths | Invoke-ZendeskRequest -Connection $limited -ThrottleLimit $ThrottleLimit)
        $seconds = $clock.Elapsed.TotalSeconds
        if ($out.Count -ne $Count) { throw "$($out.Count) answers for $Count requests." }
        $culture = [cultureinfo]::InvariantCulture
        [Console]::Out.WriteLine("seconds`t" + $seconds.ToString('R', $culture))
        [Console]::Out.WriteLine("unthrottled`t" + $free_s.ToString('R', $culture))
        [Console]::Out.WriteLine("offset`t" + $offset.ToString('R', $culture))
        """;

    public static async Task<IReadOnlyList<Run>> RunAsync(Pwsh pwsh, ModuleSnapshot module)
    {
        var script = Pwsh.Script(module, "governor.ps1", Script);
        await using var free = await ZendeskEmulator.StartAsync(new EmulatorOptions { RateLimitPerMinute = 0, IncrementalExportLimit = 0 });
        var runs = new List<Run>();
        foreach (var (kind, count, limit) in new[] { ("account", AccountRequests, AccountLimit), ("export", ExportRequests, ExportLimit) })
        {
            foreach (var throttle in new[] { 1, 8 })
            {
                // A fresh limited emulator per run, so no run inherits another's window.
                await using var limited = await ZendeskEmulator.StartAsync(new EmulatorOptions
                {
                    RateLimitPerMinute = AccountLimit,
                    RateLimitWindow = TimeSpan.FromSeconds(WindowSeconds),
                    IncrementalExportLimit = ExportLimit,
                    EndpointLimitWindow = TimeSpan.FromSeconds(WindowSeconds),
                });
                var output = pwsh.RunFile(script, Shells.Url(limited), Shells.Url(free), module.Manifest, DemoCredentials.OAuthAccessToken, kind,
                    count.ToString(CultureInfo.InvariantCulture), throttle.ToString(CultureInfo.InvariantCulture), WindowSeconds.ToString(CultureInfo.InvariantCulture));
                var values = Pwsh.Values(output);
                var prefix = kind == "account" ? "/api/v2/tickets/" : "/api/v2/incremental/";
                var name = kind == "account"
                    ? $"{count:N0} GETs, account limit {limit} per {WindowSeconds} s window"
                    : $"{count} incremental exports, export limit {limit} per {WindowSeconds} s window";
                runs.Add(new Run(name, throttle, count, limit, values["seconds"].Single(), values["unthrottled"].Single(), values["offset"].Single(), limited.RateLimitedCount, Shells.Received(limited, prefix)));
                var r = runs[^1];
                Progress.Say($"governor, {name}, -ThrottleLimit {throttle}: {Stats.F(r.Seconds, "F2")} s (ideal {Stats.F(r.Ideal, "F2")} s, {Stats.F(r.Over * 100, "+0.0;-0.0")}%), 429s {r.TooMany}, requests {r.Received}");
            }
        }
        return runs;
    }
}

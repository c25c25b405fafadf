using System.Globalization;
using ZendeskAuth.Emulator;

namespace ZendeskAuth.Benchmarks;

/// <summary>
/// 2, 3 and 5. What a script pays per request and per paged record, in one real pwsh (one child process), against
/// the emulator over HTTPS, each way side by side: Invoke-ZendeskRequest in a loop; the same paths piped into one
/// Invoke-ZendeskRequest; HttpClient.GetStringAsync from the same PowerShell loop; Invoke-RestMethod with a hand-made
/// Authorization header; /usr/bin/curl once per request (if it exists). To split the module's cost: the loop and the
/// pipe with -Raw (no JSON to objects), and a loop of Get-ZendeskConnection (a module cmdlet's call cost, no HTTP). Paging 10,000 tickets (100 cursor pages):
/// -Paginate streamed through the pipeline (`| Measure-Object`), a bare HttpClient + JsonDocument loop, an
/// Invoke-RestMethod cursor loop (none of the three keeps a record); for context, -Paginate and the Invoke-RestMethod
/// loop each keeping every record. Every way is warmed up once,
/// then the rounds run round-robin (one of each per round, the order rotated each round); the figures are medians.
/// Each way checks its answers (a user object, 10,000 records); the emulator's request count is checked afterwards.
/// </summary>
internal static class PwshRequestBenchmark
{
    public const int Records = 10_000;

    public sealed record Result(Dictionary<string, List<double>> Values, int Requests, int Expected)
    {
        public double Median(string name) => Stats.Median(Values[name]);
    }

    // Per-request measures print µs per request; paging measures print records per second.
    private const string Script = """
        param([string] $Url, [string] $Manifest, [string] $Token, [string] $Curl, [int] $N, [int] $Rounds, [int] $Records)
        $ErrorActionPreference = 'Stop'
        Import-Module -Name $Manifest
        $null = Connect-Zendesk -Url $Url -OAuthToken $Token -SkipCertificateCheck -WarningAction SilentlyContinue

        $uri = "$Url/api/v2/users/me.json"
        $firstPage = "$Url/api/v2/tickets.json?page%5Bsize%5D=100"
        $handler = [System.Net.Http.HttpClientHandler]::new()
        $handler.ServerCertificateCustomValidationCallback = [System.Net.Http.HttpClientHandler]::DangerousAcceptAnyServerCertificateValidator
        $client = [System.Net.Http.HttpClient]::new($handler)
        $client.DefaultRequestHeaders.Authorization = [System.Net.Http.Headers.AuthenticationHeaderValue]::new('Bearer', $Token)
        $headers = @{ Authorization = "Bearer $Token" }
        $paths = ,'users/me.json' * $N
        $nIrm = [Math]::Max(10, [int]($N / 8))
        $nCurl = [Math]::Max(5, [int]($N / 40))

        # Each way: name, units per run, script block. Units are requests (µs per request) or records (records/s).
        $ways = [System.Collections.Generic.List[object]]::new()
        $ways.Add(@('module-loop', $N, { foreach ($i in 1..$N) { $null = Invoke-ZendeskRequest users/me.json } }))
        $ways.Add(@('module-piped', $N, { $null = $paths | Invoke-ZendeskRequest }))
        $ways.Add(@('module-loop-raw', $N, { foreach ($i in 1..$N) { $null = Invoke-ZendeskRequest users/me.json -Raw } }))
        $ways.Add(@('module-piped-raw', $N, { $null = $paths | Invoke-ZendeskRequest -Raw }))
        $ways.Add(@('cmdlet-loop-no-http', $N, { foreach ($i in 1..$N) { $null = Get-ZendeskConnection } }))
        $ways.Add(@('httpclient-loop', $N, { foreach ($i in 1..$N) { $null = $client.GetStringAsync($uri).GetAwaiter().GetResult() } }))
        $ways.Add(@('irm-loop', $nIrm, { foreach ($i in 1..$nIrm) { $null = Invoke-RestMethod -Uri $uri -Headers $headers -SkipCertificateCheck } }))
        if ($Curl) {
            $ways.Add(@('curl-loop', $nCurl, { foreach ($i in 1..$nCurl) { $null = & $Curl -s -k -H "Authorization: Bearer $Token" $uri } }))
        }
        # Through the pipeline: each record streams to the next command and is gone, as in the two loops below,
        # which keep no record either.
        $ways.Add(@('paging-module', $Records, {
            $n = (Invoke-ZendeskRequest tickets.json -Paginate | Measure-Object).Count
            if ($n -ne $Records) { throw "-Paginate output $n records." }
        }))
        # Context: every record kept in one array (10,000 live PSCustomObjects for the GC to walk), and the
        # Invoke-RestMethod loop keeping its records the same way.
        $ways.Add(@('paging-module-collected', $Records, {
            $n = @(Invoke-ZendeskRequest tickets.json -Paginate).Count
            if ($n -ne $Records) { throw "-Paginate output $n records." }
        }))
        $ways.Add(@('paging-httpclient', $Records, {
            $n = 0; $next = $firstPage
            while ($next) {
                $page = [System.Text.Json.JsonDocument]::Parse($client.GetStringAsync($next).GetAwaiter().GetResult())
                $root = $page.RootElement
                $n += $root.GetProperty('tickets').GetArrayLength()
                $next = if ($root.GetProperty('meta').GetProperty('has_more').GetBoolean()) { $root.GetProperty('links').GetProperty('next').GetString() } else { $null }
                $page.Dispose()
            }
            if ($n -ne $Records) { throw "The HttpClient loop saw $n records." }
        }))
        $ways.Add(@('paging-irm', $Records, {
            $n = 0; $next = $firstPage
            while ($next) {
                $page = Invoke-RestMethod -Uri $next -Headers $headers -SkipCertificateCheck
                $n += $page.tickets.Count
                $next = if ($page.meta.has_more) { $page.links.next } else { $null }
            }
            if ($n -ne $Records) { throw "The Invoke-RestMethod loop saw $n records." }
        }))
        $ways.Add(@('paging-irm-collected', $Records, {
            $all = [System.Collections.Generic.List[object]]::new(); $next = $firstPage
            while ($next) {
                $page = Invoke-RestMethod -Uri $next -Headers $headers -SkipCertificateCheck
                $all.AddRange([object[]]$page.tickets)
                $next = if ($page.meta.has_more) { $page.links.next } else { $null }
            }
            if ($all.Count -ne $Records) { throw "The collecting Invoke-RestMethod loop kept $($all.Count) records." }
        }))

        # The answers are what they should be.
        if (-not (Invoke-ZendeskRequest users/me.json).user.id) { throw 'Invoke-ZendeskRequest returned no user.' }
        if (@(@($paths[0..1] | Invoke-ZendeskRequest) | Where-Object { $_.user.id }).Count -ne 2) { throw 'Piped input returned no users.' }
        if ($client.GetStringAsync($uri).GetAwaiter().GetResult() -notmatch '"user"') { throw 'HttpClient got no user.' }
        if (-not (Invoke-RestMethod -Uri $uri -Headers $headers -SkipCertificateCheck).user.id) { throw 'Invoke-RestMethod got no user.' }
        if ($Curl -and ((& $Curl -s -k -H "Authorization: Bearer $Token" $uri) -join '') -notmatch '"user"') { throw 'curl got no user.' }
        [Console]::Out.WriteLine("checks`t5")

        foreach ($way in $ways) { & $way[2] }   # warm-up
        $culture = [cultureinfo]::InvariantCulture
        for ($round = 0; $round -lt $Rounds; $round++) {
            for ($k = 0; $k -lt $ways.Count; $k++) {
                $name, $units, $block = $ways[($k + $round) % $ways.Count]
                $clock = [System.Diagnostics.Stopwatch]::StartNew()
                & $block
                $seconds = $clock.Elapsed.TotalSeconds
                $value = if ($name -like 'paging-*') { $units / $seconds } else { $seconds * 1e6 / $units }
                [Console]::Out.WriteLine($name + "`t" + $value.ToString('R', $culture))
            }
        }
        """;

    public static Result Run(Pwsh pwsh, ModuleSnapshot module, ZendeskEmulator emulator, int perRound, int rounds)
    {
        var curl = File.Exists("/usr/bin/curl") ? "/usr/bin/curl" : "";
        var script = Pwsh.Script(module, "request.ps1", Script);
        emulator.ClearRequests();
        var output = pwsh.RunFile(script, Shells.Url(emulator), module.Manifest, DemoCredentials.OAuthAccessToken, curl,
            perRound.ToString(CultureInfo.InvariantCulture), rounds.ToString(CultureInfo.InvariantCulture), Records.ToString(CultureInfo.InvariantCulture));
        var values = Pwsh.Values(output);
        values.Remove("checks");

        // Every request reached the emulator: connect (users/me), the checks, a warm-up and the rounds.
        int irm = Math.Max(10, perRound / 8), curlN = Math.Max(5, perRound / 40), pages = Records / 100;
        var perPass = perRound * 5 + irm + (curl.Length > 0 ? curlN : 0) + pages * 5;
        var checks = 1 + 2 + 1 + 1 + (curl.Length > 0 ? 1 : 0);
        var expected = 1 + checks + perPass * (rounds + 1);
        return new Result(values, emulator.Requests.Count, expected);
    }
}

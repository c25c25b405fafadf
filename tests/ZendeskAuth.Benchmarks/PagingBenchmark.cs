using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using ZendeskAuth.Emulator;

namespace ZendeskAuth.Benchmarks;

/// <summary>
/// 3. `Invoke-ZendeskRequest tickets.json -Paginate | Out-Null` over 100,000 tickets (1,000 cursor pages of 100).
/// A counting run checks first that every record comes out once, in order; each timed run checks the emulator
/// got exactly 1,000 page requests. A bare HttpClient run over the same pages gives the transport and server floor.
/// </summary>
internal static class PagingBenchmark
{
    public const int Records = 100_000;
    public const int Pages = 1_000;
    private const string ListPath = "/api/v2/tickets.json";

    public sealed record Result(double CountingRunSeconds, IReadOnlyList<double> Seconds, IReadOnlyList<double> FloorSeconds)
    {
        public double RecordsPerSecond => Records / Stats.Median(Seconds);
        public double FloorRecordsPerSecond => Records / Stats.Median(FloorSeconds);
    }

    public static Result Run(ModuleSnapshot module, ZendeskEmulator emulator, int rounds)
    {
        using var shell = Shells.Connected(module.Manifest, Shells.Url(emulator));

        // The counting run (also the warm-up): every record, once, in id order.
        emulator.ClearRequests();
        var counting = Stopwatch.StartNew();
        var count = shell.Run("""
            $n = 0; $first = $null; $last = 0; $ordered = $true
            Invoke-ZendeskRequest tickets.json -Paginate | ForEach-Object {
                if ($null -eq $first) { $first = $_.id }
                if ($_.id -le $last) { $ordered = $false }
                $last = $_.id; $n++
            }
            $n, $first, $last, $ordered
            """).ThrowIfFailed();
        counting.Stop();
        var (n, first, last, ordered) = (Convert.ToInt64(count.Output[0].BaseObject), Convert.ToInt64(count.Output[1].BaseObject), Convert.ToInt64(count.Output[2].BaseObject), (bool)count.Output[3].BaseObject);
        var pages = Shells.Received(emulator, ListPath);
        if (n != Records || first != 1 || last != Records || !ordered || pages != Pages)
        {
            throw new InvalidOperationException($"The counting run saw {n} records (ids {first}..{last}, ordered: {ordered}) in {pages} requests; expected {Records} in {Pages}.");
        }
        var pageSize = emulator.Requests.First().PathAndQuery;
        Progress.Say($"paging, counting run: {n} records, ids {first}..{last} in order, {pages} requests (first: {pageSize}), {Stats.F(counting.Elapsed.TotalSeconds, "F2")} s");

        var seconds = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            emulator.ClearRequests();
            var stopwatch = Stopwatch.StartNew();
            shell.Run("Invoke-ZendeskRequest tickets.json -Paginate | Out-Null").ThrowIfFailed();
            stopwatch.Stop();
            if (Shells.Received(emulator, ListPath) != Pages)
            {
                throw new InvalidOperationException($"Round {round} made {Shells.Received(emulator, ListPath)} requests, not {Pages}.");
            }
            seconds.Add(stopwatch.Elapsed.TotalSeconds);
            Progress.Say($"paging, round {round}/{rounds}: {Stats.F(seconds[^1], "F3")} s, {Stats.F(Records / seconds[^1], "F0")} records/s");
        }

        using var client = RequestBenchmark.BareClient();
        Floor(client, emulator); // warm-up
        var floor = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            floor.Add(Floor(client, emulator));
        }
        Progress.Say($"paging, bare HttpClient + JsonDocument over the same pages: median {Stats.F(Records / Stats.Median(floor), "F0")} records/s");
        return new Result(counting.Elapsed.TotalSeconds, seconds, floor);
    }

    /// <summary>Seconds for a bare HttpClient to fetch the same 1,000 pages, parse each and follow links.next.</summary>
    private static double Floor(HttpClient client, ZendeskEmulator emulator)
    {
        var stopwatch = Stopwatch.StartNew();
        long records = 0;
        for (Uri? next = new(emulator.BaseUrl, ListPath + "?page%5Bsize%5D=100"); next is not null;)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, next);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DemoCredentials.OAuthAccessToken);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).GetAwaiter().GetResult();
            response.EnsureSuccessStatusCode();
            using var page = JsonDocument.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
            records += page.RootElement.GetProperty("tickets").GetArrayLength();
            next = page.RootElement.GetProperty("meta").GetProperty("has_more").GetBoolean()
                ? new Uri(page.RootElement.GetProperty("links").GetProperty("next").GetString()!)
                : null;
        }
        stopwatch.Stop();
        if (records != Records)
        {
            throw new InvalidOperationException($"The bare HttpClient run saw {records} records.");
        }
        return stopwatch.Elapsed.TotalSeconds;
    }
}

using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ZendeskAuth.Connections;
using ZendeskAuth.Http;
using ZendeskAuth.Json;
using ZendeskAuth.OAuth;

namespace ZendeskAuth.UnitTests;

/// <summary>
/// Issue 8: property tests over what a server or a user may hand the module. Nothing escapes but the documented
/// exceptions; no wait outlasts its budget; paging over any graph of links ends.
/// </summary>
public class HostileInputProperties
{
    private static readonly Uri Url = new("https://acme.zendesk.com/api/v2/tickets.json");

    // ---- Retry-After -------------------------------------------------------------------------------------------

    private static readonly Gen<string> RetryAfterText = Gen.OneOf(
        ArbMap.Default.GeneratorFor<string>().Select(s => s ?? ""),
        ArbMap.Default.GeneratorFor<double>().Select(d => d.ToString("R", CultureInfo.InvariantCulture)),
        ArbMap.Default.GeneratorFor<long>().Select(l => l.ToString(CultureInfo.InvariantCulture)),
        Gen.Choose(0, 400).Select(i => i.ToString(CultureInfo.InvariantCulture)),
        Gen.Elements("NaN", "Infinity", "-Infinity", "∞", "1e12", "1e308", "1e309", "-0", "+5", " 7 ", "0x10", "", "5,5",
            "99999999999999999999999999", "Wed, 21 Oct 9999 07:28:00 GMT", "Mon, 01 Jan 0001 00:00:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT"));

    [Property(MaxTest = 500)]
    public Property Any_Retry_After_is_read_without_throwing_and_no_wait_outlasts_the_request_budget() =>
        Prop.ForAll(Arb.From(Gen.Zip(RetryAfterText, Gen.Zip(Gen.Choose(0, 5), Gen.Zip(Gen.Choose(0, 400), Gen.Choose(1, 40))))), input =>
        {
            var (text, (retries, (timeoutSec, attempt))) = input;
            var headers = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase) { ["Retry-After"] = [text] };
            var parsed = ZendeskApiException.ParseRetryAfter(headers, DateTimeOffset.UtcNow);
            Assert.True(parsed is null || (parsed >= TimeSpan.Zero && parsed <= ZendeskApiException.MaxRetryAfter), $"{text} -> {parsed}");

            var budget = RetryPolicy.Budget(timeoutSec == 0 ? null : TimeSpan.FromSeconds(timeoutSec), retries);
            Assert.True(budget <= RetryPolicy.MaxWait);
            Assert.True(retries > 0 || budget == TimeSpan.Zero);
            foreach (var status in new[] { 429, 503, 502 })
            {
                var answer = new ZendeskApiException("GET", Url, new ZendeskResponse(status, "Reason", headers, "application/json", "{}", TimeSpan.Zero));
                var delay = RetryPolicy.Delay(answer, HttpMethod.Get, attempt, budget);
                Assert.True(delay is null || (delay >= TimeSpan.Zero && delay <= budget), $"{status} {text}: {delay} > {budget}");
                _ = answer.Message + answer.RecommendedAction;
            }
        });

    // ---- Paging ------------------------------------------------------------------------------------------------

    /// <summary>A random graph of pages: each names at most one next page, spelled one of several equivalent ways.</summary>
    private static readonly Gen<(int[] Next, bool[] EndOfStream, int[] Spelling)> PageGraph =
        Gen.Choose(1, 40).SelectMany(n =>
            Gen.Choose(-1, n - 1).ArrayOf(n).SelectMany(next =>
                ArbMap.Default.GeneratorFor<bool>().ArrayOf(n).SelectMany(eos =>
                    Gen.Choose(0, 2).ArrayOf(n).Select(spelling => (next, eos, spelling)))));

    private static Uri PageUri(int page, int spelling) => spelling switch
    {
        0 => new Uri($"https://acme.zendesk.com/api/v2/tickets.json?page={page}"),
        1 => new Uri($"https://ACME.zendesk.com:443/api/v2/tickets.json?page={page}"),
        _ => new Uri($"HTTPS://acme.zendesk.com/api/v2/%74ickets.json?page={page}"),
    };

    [Property(MaxTest = 1000)]
    public Property Paging_over_any_graph_of_links_ends_and_reads_each_page_once() =>
        Prop.ForAll(Arb.From(PageGraph), graph =>
        {
            var (next, endOfStream, spelling) = graph;
            var trail = new PageTrail(PageUri(0, 0));
            var read = new List<int>();
            var current = 0;
            while (true)
            {
                read.Add(current);
                Assert.True(read.Count <= next.Length, "paging did not end");
                if (next[current] < 0)
                {
                    break;
                }
                var step = trail.Step(PageUri(current, 0), PageUri(next[current], spelling[current]), endOfStream[current]);
                if (step != PageStep.Follow)
                {
                    // It stops only on a page already read; a self-link is told apart from a longer cycle.
                    Assert.Contains(next[current], read);
                    Assert.Equal(endOfStream[current] ? PageStep.End : next[current] == current ? PageStep.SelfLink : PageStep.Cycle, step);
                    break;
                }
                current = next[current];
            }
            Assert.Equal(read.Count, read.Distinct().Count());
        });

    // ---- JSON from a server ------------------------------------------------------------------------------------

    /// <summary>Strings a hostile server may put in JSON: any chars, lone surrogate escapes, control escapes.</summary>
    private static readonly Gen<string> JsonStringLiteral = Gen.OneOf(
        ArbMap.Default.GeneratorFor<string>().Select(s => JsonSerializer.Serialize(s ?? "")),
        Gen.Elements("\"\\ud800\"", "\"a\\udc00b\"", "\"\\udbff\\udbff\"", "\"\\ud83d\\ude00\"", "\"\\u0000\"", "\"\"", "\"\\/\"", "\"\\ud800\\u0041\""));

    private static Gen<string> JsonValue(int size) => size <= 0
        ? Gen.OneOf(JsonStringLiteral, Gen.Elements("1", "1.5", "-0", "1e400", "12345678901234567890123", "true", "false", "null", "[]", "{}"))
        : Gen.OneOf(
            JsonValue(0),
            JsonValue(size / 2).ListOf().Select(items => "[" + string.Join(",", items) + "]"),
            Gen.Zip(Gen.OneOf(JsonStringLiteral, Gen.Elements("\"user\"", "\"id\"", "\"access_token\"", "\"\"", "\"Id\"", "\"id\"")), JsonValue(size / 2))
                .ListOf().Select(pairs => "{" + string.Join(",", pairs.Select(p => p.Item1 + ":" + p.Item2)) + "}"));

    private static readonly Gen<string> ServerBody = Gen.OneOf(
        Gen.Sized(size => JsonValue(Math.Min(size, 12))),
        ArbMap.Default.GeneratorFor<string>().Select(s => s ?? ""),
        Gen.Elements("<html><body>502</body></html>", "[", "{\"user\":", "\uFEFF{}", "{\"user\":{\"id\":1}}garbage"));

    [Property(MaxTest = 500)]
    public Property Any_server_JSON_converts_to_objects_or_is_refused_as_not_JSON() =>
        Prop.ForAll(Arb.From(ServerBody), body =>
        {
            try
            {
                _ = JsonToPSObject.Parse(body);
            }
            catch (JsonException)
            {
                // Documented: the cmdlets turn it into InvalidResponse.
            }
        });

    [Property(MaxTest = 500)]
    public Property Any_error_body_builds_an_error_message_without_throwing() =>
        Prop.ForAll(Arb.From(Gen.OneOf(ServerBody, Gen.Elements(
            """{"error":"\ud800","description":"\udc00"}""", """{"details":{"\ud800":[{"description":"x"}]}}""", """{"\ud800":1,"error":"RecordInvalid"}"""))), body =>
        {
            var answer = new ZendeskApiException("POST", Url, new ZendeskResponse(422, "Unprocessable Entity", new Dictionary<string, string[]>(), "application/json", body, TimeSpan.Zero));
            Assert.StartsWith("POST ", answer.Message);
            _ = ZendeskAuth.Errors.ErrorMapper.ToErrorRecord(answer, null);
        });

    [Property(MaxTest = 500)]
    public Property Any_users_me_or_token_answer_is_a_user_a_token_or_an_InvalidResponse() =>
        Prop.ForAll(Arb.From(ServerBody), body =>
        {
            try
            {
                var user = ConnectionCheck.Read(body, Url);
                Assert.True(user is null || user.Id > 0);
            }
            catch (ZendeskInvalidResponseException)
            {
            }
            try
            {
                var grant = OAuthGrants.Parse(body, Url);
                Assert.False(string.IsNullOrEmpty(grant.AccessToken));
            }
            catch (ZendeskInvalidResponseException e)
            {
                // The answer may hold a secret: its text is never repeated.
                Assert.True(body.Length <= 8 || !e.Message.Contains(body, StringComparison.Ordinal), $"[{body}] in [{e.Message}]");
            }
        });

    // ---- -Body from a user ---------------------------------------------------------------------------------------

    private static Gen<object?> BodyValue(int size) => size <= 0
        ? Gen.OneOf(
            Gen.Constant<object?>(null),
            ArbMap.Default.GeneratorFor<string>().Select(s => (object?)s),
            Gen.Elements<object?>("\ud800", "a\udc00", 1, 2L, 1.5, double.NaN, double.PositiveInfinity, decimal.MaxValue, true, DateTime.UnixEpoch, Guid.Empty, ulong.MaxValue, 'x'))
        : Gen.OneOf(
            BodyValue(0),
            BodyValue(size / 2).ListOf().Select(items => (object?)items.ToArray()),
            Gen.Zip(ArbMap.Default.GeneratorFor<string>(), BodyValue(size / 2)).ListOf().Select(pairs =>
            {
                var table = new Hashtable();
                foreach (var (key, value) in pairs)
                {
                    table[key ?? "k"] = value;
                }
                return (object?)table;
            }),
            BodyValue(size / 2).Select(value =>
            {
                var custom = new PSObject();
                custom.Properties.Add(new PSNoteProperty("value", value));
                return (object?)custom;
            }));

    [Property(MaxTest = 300)]
    public Property Any_body_serializes_to_JSON_or_is_refused_as_InvalidBody() =>
        Prop.ForAll(Arb.From(Gen.Sized(size => BodyValue(Math.Min(size, 10)))), ArbMap.Default.ArbFor<bool>(), (body, cyclic) =>
        {
            if (cyclic && body is Hashtable table)
            {
                table["self"] = new object[] { table };
            }
            try
            {
                var bytes = JsonBody.Serialize(body);
                using var _ = JsonDocument.Parse(bytes);
            }
            catch (ArgumentException e)
            {
                Assert.True(e.Message.StartsWith("-Body", StringComparison.Ordinal), e.ToString());
            }
        });

    [Fact]
    public void A_local_file_error_or_an_unusable_answer_is_never_retried()
    {
        var local = new ZendeskLocalFileException("/tmp/x", new IOException("disk full"));
        var invalid = new ZendeskInvalidResponseException("not JSON", Url);
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Put, HttpMethod.Post })
        {
            Assert.Null(RetryPolicy.Delay(local, method, 1));
            Assert.Null(RetryPolicy.Delay(invalid, method, 1));
        }
        Assert.Equal(ZendeskAuth.ErrorIds.OutFileWriteFailed, ZendeskAuth.Errors.ErrorMapper.ToErrorRecord(local, null).FullyQualifiedErrorId);
        Assert.Contains("local error", local.Message);
    }

    [Fact]
    public void An_OutFile_in_a_missing_folder_or_on_a_read_only_file_is_found_before_sending()
    {
        Assert.NotNull(ResponseBody.WhyNotWritable(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "x.json")));
        Assert.NotNull(ResponseBody.WhyNotWritable(Path.GetTempPath()));
        var file = Path.GetTempFileName();
        try
        {
            Assert.Null(ResponseBody.WhyNotWritable(file));
            File.SetAttributes(file, FileAttributes.ReadOnly);
            Assert.NotNull(ResponseBody.WhyNotWritable(file));
        }
        finally
        {
            File.SetAttributes(file, FileAttributes.Normal);
            File.Delete(file);
        }
        Assert.Empty(Directory.GetFiles(Path.GetTempPath(), "*.zendesk-partial"));
    }

    [Fact]
    public void A_process_object_as_body_is_refused_quickly_as_InvalidBody()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => JsonBody.Serialize(System.Diagnostics.Process.GetCurrentProcess()));
        Assert.StartsWith("-Body", error.Message);
        Assert.ThrowsAny<ArgumentException>(() => JsonBody.Serialize(new DirectoryInfo(Path.GetTempPath())));
    }

    [Fact]
    public void A_lone_surrogate_in_a_record_or_a_name_becomes_the_replacement_character()
    {
        var record = (PSObject)JsonToPSObject.Parse("""{"a":"x\ud800y","\udc00":1,"ok":"\ud83d\ude00","":2}""")!;
        Assert.Equal("x\uFFFDy", record.Properties["a"].Value);
        Assert.Equal(1L, record.Properties["\uFFFD"].Value);
        Assert.Equal("\U0001F600", record.Properties["ok"].Value);
        Assert.Equal(2L, record.Properties[JsonToPSObject.EmptyName].Value);
        Assert.Equal("x\uFFFDy", ZendeskJson.String(JsonDocument.Parse("""{"a":"x\ud800y"}""").RootElement, "a"));
    }

    [Fact]
    public void Retry_After_values_that_are_not_a_delay_are_ignored_and_huge_ones_capped()
    {
        foreach (var text in new[] { "NaN", "Infinity", "-Infinity", "-5", "soon" })
        {
            Assert.Null(ZendeskApiException.ParseRetryAfter(new Dictionary<string, string[]> { ["Retry-After"] = [text] }, DateTimeOffset.UtcNow));
        }
        Assert.Equal(ZendeskApiException.MaxRetryAfter, ZendeskApiException.ParseRetryAfter(new Dictionary<string, string[]> { ["Retry-After"] = ["1e12"] }, DateTimeOffset.UtcNow));
        Assert.Equal(TimeSpan.Zero, RetryPolicy.Budget(TimeSpan.FromSeconds(5), 0));
        Assert.Equal(TimeSpan.FromSeconds(5), RetryPolicy.Budget(TimeSpan.FromSeconds(5), 3));
        Assert.Equal(RetryPolicy.MaxWait, RetryPolicy.Budget(null, 3));
    }
}

/// <summary>The pipeline side of the wait budget: a paused connection never holds a request past what it allows.</summary>
public class RateLimitPauseBudgetTests
{
    // Nothing listens on port 9 of loopback: a request that was sent would fail as ConnectionFailed instead.
    private static readonly Uri Closed = new("http://127.0.0.1:9/api/v2/tickets.json");

    [Theory]
    [InlineData(3600, 5, 3)]
    [InlineData(10, 5, 3)]
    [InlineData(2, 1, 0)]
    public async Task A_pause_longer_than_the_request_budget_fails_at_once_unsent(int pauseSeconds, int timeoutSec, int maxRetries)
    {
        var state = new RateLimitState();
        state.PauseFor(TimeSpan.FromSeconds(pauseSeconds));
        var request = new ZendeskRequest(HttpMethod.Get, Closed) { Timeout = TimeSpan.FromSeconds(timeoutSec), MaxRetries = maxRetries };
        var error = await Assert.ThrowsAsync<ZendeskRateLimitPauseException>(() =>
            RequestPipeline.SendAsync(HttpTransport.Checked, state, request, null, NullRequestLog.Instance, CancellationToken.None));
        Assert.Contains("was not sent", error.Message);
        Assert.Equal(ZendeskAuth.ErrorIds.ZendeskRateLimited, ZendeskAuth.Errors.ErrorMapper.ToErrorRecord(error, null).FullyQualifiedErrorId);
    }
}

using System.Text.Json;
using ZendeskAuth.Connections;
using ZendeskAuth.Errors;
using ZendeskAuth.Http;

namespace ZendeskAuth.UnitTests;

/// <summary>Issue 9: paging shapes, hostile rate-limit figures and error texts, below the cmdlets.</summary>
public class FidelityUnitTests
{
    private static readonly Uri Page = new("https://acme.zendesk.com/api/v2/incremental/tickets.json?start_time=100");

    private static string? Next(string json, Uri? current = null)
    {
        using var document = JsonDocument.Parse(json);
        return Pagination.NextPage(document.RootElement, current ?? Page);
    }

    [Theory]
    // Time-based export: next_page is followed until end_of_stream; the last page's next_page is not.
    [InlineData("""{"tickets":[],"next_page":"https://acme.zendesk.com/api/v2/incremental/tickets.json?start_time=200","end_time":200,"end_of_stream":false}""", "https://acme.zendesk.com/api/v2/incremental/tickets.json?start_time=200")]
    [InlineData("""{"tickets":[],"next_page":"https://acme.zendesk.com/api/v2/incremental/tickets.json?start_time=300","end_time":300,"end_of_stream":true}""", null)]
    // Cursor export: after_url until end_of_stream, whatever link is left.
    [InlineData("""{"tickets":[],"after_url":"https://acme.zendesk.com/x?cursor=a","end_of_stream":false}""", "https://acme.zendesk.com/x?cursor=a")]
    [InlineData("""{"tickets":[],"after_url":"https://acme.zendesk.com/x?cursor=a","next_page":"https://acme.zendesk.com/y","end_of_stream":true}""", null)]
    // Cursor lists and the search export: has_more decides.
    [InlineData("""{"results":[],"meta":{"has_more":true},"links":{"next":"https://acme.zendesk.com/api/v2/search/export.json?page%5Bafter%5D=eyJ%3D%3D"}}""", "https://acme.zendesk.com/api/v2/search/export.json?page%5Bafter%5D=eyJ%3D%3D")]
    [InlineData("""{"tickets":[],"meta":{"has_more":false},"links":{"next":"https://acme.zendesk.com/next"}}""", null)]
    // Offset lists and search.json.
    [InlineData("""{"results":[],"next_page":"https://acme.zendesk.com/api/v2/search.json?page=2","count":5000}""", "https://acme.zendesk.com/api/v2/search.json?page=2")]
    [InlineData("""{"results":[],"next_page":null,"count":5}""", null)]
    // Talk: the last page names itself and carries no end_of_stream.
    [InlineData("""{"calls":[],"next_page":"https://acme.zendesk.com/api/v2/incremental/tickets.json?start_time=100","count":0,"end_time":100}""", null)]
    [InlineData("""{"calls":[],"next_page":"/api/v2/incremental/tickets.json?start_time=100"}""", null)]
    // An export page with nothing in it, and no end_of_stream (older answers), is the end.
    [InlineData("""{"tickets":[],"next_page":"https://acme.zendesk.com/api/v2/incremental/tickets.json?start_time=999","count":0,"end_time":999}""", null)]
    // Cursor links without meta.
    [InlineData("""{"items":[],"links":{"next":"https://acme.zendesk.com/next"}}""", "https://acme.zendesk.com/next")]
    public void Every_documented_paging_shape_is_followed_to_its_end(string json, string? expected) =>
        Assert.Equal(expected, Next(json));

    [Theory]
    [InlineData("https://acme.zendesk.com/api/v2/tickets.json?include=users", """{"users":[],"tickets":[],"meta":{}}""", "tickets")]
    [InlineData("https://acme.zendesk.com/api/v2/incremental/tickets/cursor.json?cursor=x", """{"groups":[],"users":[],"tickets":[]}""", "tickets")]
    [InlineData("https://acme.zendesk.com/api/v2/search.json?query=a", """{"facets":null,"results":[]}""", "results")]
    [InlineData("https://acme.zendesk.com/api/v2/channels/voice/stats/incremental/calls.json", """{"calls":[]}""", "calls")]
    [InlineData("https://acme.zendesk.com/api/v2/emulator/echo", """{"records":[1]}""", "records")]
    public void The_collection_is_the_one_named_after_the_endpoint_not_a_side_load(string url, string json, string expected)
    {
        using var document = JsonDocument.Parse(json);
        Assert.Equal(expected, Pagination.CollectionName(document.RootElement, new Uri(url)));
    }

    private static RateLimitState StateAfter(params (string Name, string Value)[] headers)
    {
        var state = new RateLimitState();
        state.Update(headers.Select(h => new KeyValuePair<string, IEnumerable<string>>(h.Name, [h.Value])), new Uri("https://acme.zendesk.com/api/v2/tickets.json"));
        return state;
    }

    [Theory]
    [InlineData("ratelimit-reset")]
    [InlineData("rate-limit-reset")]
    public void Both_reset_headers_are_read(string name)
    {
        var state = StateAfter(("x-rate-limit", "700"), ("x-rate-limit-remaining", "0"), (name, "17"));
        Assert.Equal(17, state.ResetSeconds);
        var pause = state.PauseBeforeRequest();
        Assert.NotNull(pause);
        Assert.InRange(pause!.Value.Delay.TotalSeconds, 16, 17.1);
    }

    [Fact]
    public void The_2023_family_alone_gives_the_limit()
    {
        var state = StateAfter(("rate-limit", "400"), ("rate-limit-remaining", "398"), ("rate-limit-reset", "30"));
        Assert.Equal((400, 398, 30), (state.Limit!.Value, state.Remaining!.Value, state.ResetSeconds!.Value));
    }

    [Theory]
    [InlineData("2147483647")]
    [InlineData("NaN")]
    [InlineData("-1")]
    [InlineData("1e9")]
    [InlineData("")]
    [InlineData("9999999999999999999999")]
    [InlineData("17 s")]
    public void An_absurd_or_malformed_reset_is_ignored_and_never_throws(string value)
    {
        var state = StateAfter(("x-rate-limit", "700"), ("x-rate-limit-remaining", "0"), ("ratelimit-reset", value));
        Assert.Null(state.ResetSeconds);
        // No reset to wait for: the low budget only spaces requests (60/700 s), it never parks the connection.
        Assert.True(state.PauseBeforeRequest() is not { } pause || pause.Delay < TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void A_long_but_plausible_reset_is_capped_at_the_one_minute_window()
    {
        var state = StateAfter(("x-rate-limit", "700"), ("x-rate-limit-remaining", "0"), ("ratelimit-reset", "3600"));
        Assert.InRange(state.PauseBeforeRequest()!.Value.Delay, RateLimitState.MaxPause - TimeSpan.FromSeconds(1), RateLimitState.MaxPause);
    }

    [Fact]
    public void A_reset_given_as_a_Unix_time_is_read_as_the_seconds_left()
    {
        var at = DateTimeOffset.UtcNow.AddSeconds(20).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var state = StateAfter(("x-rate-limit", "700"), ("x-rate-limit-remaining", "0"), ("ratelimit-reset", at));
        Assert.InRange(state.ResetSeconds!.Value, 18, 21);
    }

    [Theory]
    [InlineData("total=100; remaining=99; resets=43", 100, 99, 43)]
    [InlineData("total=10,remaining=0,resets=52", 10, 0, 52)]
    [InlineData("remaining=3", null, 3, null)]
    public void Per_endpoint_headers_are_read(string value, int? total, int? remaining, int? resets)
    {
        var state = StateAfter(("zendesk-ratelimit-tickets-index", value));
        var endpoint = Assert.Single(state.Endpoints);
        Assert.Equal(("tickets-index", total, remaining, resets), (endpoint.Name, endpoint.Total, endpoint.Remaining, endpoint.ResetSeconds));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("total=abc; remaining=-1")]
    [InlineData(";;;==")]
    public void Malformed_per_endpoint_headers_are_ignored(string value) =>
        Assert.Empty(StateAfter(("zendesk-ratelimit-x", value)).Endpoints);

    [Fact]
    public void An_endpoint_with_nothing_left_waits_for_its_window_and_only_its_own_requests_do()
    {
        var state = StateAfter(("zendesk-ratelimit-incremental-exports", "total=10; remaining=0; resets=30"));
        Assert.NotNull(state.PauseBeforeRequest(new Uri("https://acme.zendesk.com/api/v2/tickets.json?page=2")));
        Assert.Null(state.PauseBeforeRequest(new Uri("https://acme.zendesk.com/api/v2/users/me.json")));
    }

    private static ZendeskApiException Answer(int status, string body, string? contentType, string method = "GET", string url = "https://acme.zendesk.com/api/v2/tickets/1.json", params (string, string)[] headers)
    {
        var all = headers.ToDictionary(h => h.Item1, h => new[] { h.Item2 }, StringComparer.OrdinalIgnoreCase);
        return new ZendeskApiException(method, new Uri(url), new ZendeskResponse(status, "Reason", all, contentType, body, TimeSpan.Zero));
    }

    [Fact]
    public void A_text_html_sentence_is_quoted_and_the_page_is_not_dumped()
    {
        var error = Answer(400, "Required parameter missing: phone_number", "text/html; charset=utf-8", "POST");
        Assert.Contains("answered 400 Reason: Required parameter missing: phone_number", error.Message);
        var record = ErrorMapper.ToErrorRecord(error, null);
        Assert.Equal(error.Summary, record.ErrorDetails.Message);
    }

    [Fact]
    public void A_web_page_is_named_by_its_title()
    {
        var error = Answer(502, "<html><head><title>502 Bad Gateway</title></head><body><h1>502</h1><hr>cloudflare</body></html>", "text/html");
        Assert.Contains(": 502 Bad Gateway", error.Message);
        Assert.DoesNotContain("<", ErrorMapper.ToErrorRecord(error, null).ErrorDetails.Message);
    }

    [Theory]
    [InlineData("{\"error\":\"RecordInvalid\",\"description\":\"Record validation errors.\"}")]
    [InlineData("Something failed.")]
    public void No_message_ends_a_sentence_twice(string body)
    {
        var error = Answer(422, body, body.StartsWith('{') ? "application/json" : "text/plain", "POST");
        Assert.DoesNotContain("..", error.Message);
    }

    [Fact]
    public void A_search_422_on_GET_points_to_the_export_not_to_a_body()
    {
        var error = Answer(422, """{"error":"invalid","description":"limit"}""", "application/json", "GET", "https://acme.zendesk.com/api/v2/search.json?query=a&page=11");
        Assert.Contains("search/export.json", error.RecommendedAction);
        Assert.DoesNotContain("body", error.RecommendedAction);
    }

    [Theory]
    [InlineData("Number of allowed API requests per minute exceeded", "text/plain", "https://acme.zendesk.com/api/v2/tickets.json", "account's rate limit", true)]
    [InlineData("""{"error":"APIRateLimitExceeded","description":"Number of allowed incremental export API requests per minute exceeded"}""", "application/json", "https://acme.zendesk.com/api/v2/incremental/tickets.json", "incremental export limit", false)]
    [InlineData("Too many updates to this ticket", "text/html", "https://acme.zendesk.com/api/v2/tickets/1.json", "not the account's limit", false)]
    public void A_429_is_named_for_the_limit_it_is(string body, string contentType, string url, string expected, bool accountWide)
    {
        var error = Answer(429, body, contentType, "GET", url, ("Retry-After", "93"));
        Assert.Contains(expected, error.RecommendedAction);
        Assert.Contains("93 s", error.RecommendedAction);
        Assert.Equal(accountWide, error.IsAccountRateLimit);
    }

    [Theory]
    [InlineData(" ", "text/html")]
    [InlineData("", null)]
    public void A_blank_404_is_Zendesks_own_and_points_nowhere_empty(string body, string? contentType)
    {
        // Zendesk's 404 body can be empty or a single space (recorded): still Zendesk, so the record or path is wrong.
        var error = Answer(404, body, contentType);
        Assert.DoesNotContain("see ErrorDetails", error.Message);
        Assert.Contains("Check the path and the id", error.RecommendedAction);
    }

    [Fact]
    public void A_404_web_page_says_no_Zendesk_account_answered()
    {
        var error = Answer(404, "<html><head><title>Not Found</title></head><body>nothing here</body></html>", "text/html", url: "https://example.com/api/v2/users/me.json");
        Assert.Contains("No Zendesk account answered at https://example.com", error.RecommendedAction);
    }

    [Fact]
    public void The_advice_is_said_once()
    {
        var record = ErrorMapper.ToErrorRecord(Answer(404, """{"error":"RecordNotFound","description":"Not found"}""", "application/json"), null);
        Assert.False(string.IsNullOrEmpty(record.ErrorDetails.RecommendedAction));
        Assert.DoesNotContain(record.ErrorDetails.RecommendedAction, record.ErrorDetails.Message);
    }
}

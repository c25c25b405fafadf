using System.Management.Automation;
using ZendeskAuth.Errors;
using ZendeskAuth.Http;

namespace ZendeskAuth.UnitTests;

public class ErrorMappingTests
{
    private static readonly Uri Url = new("https://acme.zendesk.com/api/v2/tickets/1.json");

    [Theory]
    [InlineData(400, ErrorIds.ZendeskBadRequest, ErrorCategory.InvalidArgument)]
    [InlineData(401, ErrorIds.ZendeskUnauthorized, ErrorCategory.AuthenticationError)]
    [InlineData(403, ErrorIds.ZendeskForbidden, ErrorCategory.PermissionDenied)]
    [InlineData(404, ErrorIds.ZendeskNotFound, ErrorCategory.ObjectNotFound)]
    [InlineData(422, ErrorIds.ZendeskInvalidData, ErrorCategory.InvalidData)]
    [InlineData(429, ErrorIds.ZendeskRateLimited, ErrorCategory.LimitsExceeded)]
    [InlineData(500, ErrorIds.ZendeskServerError, ErrorCategory.ResourceUnavailable)]
    [InlineData(503, ErrorIds.ZendeskServerError, ErrorCategory.ResourceUnavailable)]
    public void Status_maps_to_a_stable_id_and_category(int status, string id, ErrorCategory category)
    {
        var record = ErrorMapper.ToErrorRecord(Exception(status, "{}"), null);
        Assert.Equal(id, record.FullyQualifiedErrorId);
        Assert.Equal(category, record.CategoryInfo.Category);
    }

    [Theory]
    [InlineData("""{"error":"RecordNotFound","description":"Not found"}""", "RecordNotFound: Not found")]
    [InlineData("""{"error":"Forbidden","description":"You are missing the following required scopes: read"}""", "Forbidden: You are missing the following required scopes: read")]
    [InlineData("""{"error":{"title":"Forbidden","message":"You do not have access to this page."}}""", "Forbidden: You do not have access to this page.")]
    [InlineData("""{"error":"invalid_token","error_description":"The access token provided is expired"}""", "invalid_token: The access token provided is expired")]
    [InlineData("""{"errors":[{"code":"InvalidPaginationDepth","title":"Too deep","detail":"Offset pagination is limited"}]}""", "InvalidPaginationDepth: Offset pagination is limited")]
    [InlineData("""{"error":"RecordInvalid","description":"Record validation errors","details":{"base":[{"description":"Comment: cannot be blank","error":"BlankValue"}]}}""", "RecordInvalid: Record validation errors (base: Comment: cannot be blank)")]
    [InlineData("""{"error":"Couldn't authenticate you"}""", "Couldn't authenticate you")]
    public void Message_carries_Zendesks_error_text_in_every_shape(string body, string expected)
    {
        var error = Exception(403, body);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void ErrorDetails_carries_the_body_and_the_advice()
    {
        var body = """{"error":"Couldn't authenticate you"}""";
        var record = ErrorMapper.ToErrorRecord(Exception(401, body), null);
        Assert.Contains(body, record.ErrorDetails.Message);
        Assert.Contains("Admin Center", record.ErrorDetails.RecommendedAction);
        Assert.Contains("Admin Center", record.Exception.Message);
    }

    [Fact]
    public void Retry_after_is_read_as_seconds_or_http_date()
    {
        var now = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(TimeSpan.FromSeconds(7), ZendeskApiException.ParseRetryAfter(Headers("7"), now));
        Assert.Equal(TimeSpan.FromSeconds(30), ZendeskApiException.ParseRetryAfter(Headers("Tue, 24 Nov 2026 12:00:30 GMT"), now));
        Assert.Equal(TimeSpan.Zero, ZendeskApiException.ParseRetryAfter(Headers("Tue, 24 Nov 2026 11:00:00 GMT"), now));
        Assert.Null(ZendeskApiException.ParseRetryAfter(new Dictionary<string, string[]>(), now));
    }

    [Fact]
    public void Html_body_is_not_dumped_into_the_message()
    {
        var error = new ZendeskApiException("GET", Url, new ZendeskResponse(502, "Bad Gateway", new Dictionary<string, string[]>(), "text/html", "<html><body>Bad gateway</body></html>", TimeSpan.Zero));
        Assert.DoesNotContain("<html>", error.Message);
        Assert.Contains("502", error.Message);
    }

    private static Dictionary<string, string[]> Headers(string retryAfter) =>
        new(StringComparer.OrdinalIgnoreCase) { ["Retry-After"] = [retryAfter] };

    private static ZendeskApiException Exception(int status, string body) =>
        new("GET", Url, new ZendeskResponse(status, "Reason", new Dictionary<string, string[]>(), "application/json; charset=utf-8", body, TimeSpan.Zero));
}

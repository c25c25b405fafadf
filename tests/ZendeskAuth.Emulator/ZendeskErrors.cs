namespace ZendeskAuth.Emulator;

/// <summary>
/// The exact response bodies Zendesk sends, in one place so tests can compare byte for byte.
/// Sources are cited per body; "[guess]" marks bodies for which no source was found.
/// </summary>
public static class ZendeskErrors
{
    /// <summary>401 for a missing or bad Basic credential, sent with <see cref="WwwAuthenticateBasic"/>.
    /// Seen: https://github.com/Speedygeek/ZendeskApi_v2/issues/505 (body and header).</summary>
    public const string CouldNotAuthenticate = """{"error":"Couldn't authenticate you"}""";

    public const string WwwAuthenticateBasic = "Basic realm=\"Web Password\"";

    /// <summary>401 for an unknown, expired or revoked Bearer token (facts file, [seen]).</summary>
    public const string InvalidToken =
        """{"error":"invalid_token","error_description":"The access token provided is expired, revoked, malformed or invalid for other reasons."}""";

    /// <summary>403 when a Bearer token lacks the scope; <paramref name="scope"/> is "read" or "write" (facts file, [seen]).</summary>
    public static string MissingScope(string scope) =>
        $$"""{"error":"Forbidden","description":"You are missing the following required scopes: {{scope}}"}""";

    /// <summary>403 when the user's role forbids the endpoint — the object-shaped error (facts file, [seen]).</summary>
    public const string Forbidden =
        """{"error":{"title":"Forbidden","message":"You do not have access to this page. Please contact the account owner of this help desk for further help."}}""";

    /// <summary>404 for a record id that doesn't exist. Seen: https://github.com/fprimex/zdesk/issues/38.</summary>
    public const string RecordNotFound = """{"error":"RecordNotFound","description":"Not found"}""";

    /// <summary>404 for a path the API doesn't have. Seen: https://github.com/facetoe/zenpy/issues/484.</summary>
    public const string InvalidEndpoint = """{"error":"InvalidEndpoint","description":"Not found"}""";

    /// <summary>422 for a ticket created without a comment. Seen (field id differs per account):
    /// https://github.com/Speedygeek/ZendeskApi_v2/issues/309, https://github.com/zendesk/zendesk_api_client_rb/issues/492.
    /// <c>details</c> is a map from field name to a list of problems; <c>base</c> is the whole-record key.</summary>
    public const string DescriptionBlank =
        """{"error":"RecordInvalid","description":"Record validation errors","details":{"base":[{"description":"Description: cannot be blank","error":"BlankValue","ticket_field_id":36000000900,"ticket_field_type":"FieldDescription"}]}}""";

    /// <summary>
    /// 400 for offset paging past 10,000 records (page * per_page &gt; 10,000),
    /// https://support.zendesk.com/hc/en-us/articles/5591904358938. Code and the errors-array shape seen;
    /// the detail text is the message quoted in https://github.com/zendesk/zaf-toolbox/pull/295;
    /// [guess] the title text.
    /// </summary>
    public const string InvalidPaginationDepth =
        """{"errors":[{"code":"InvalidPaginationDepth","title":"Too deep offset pagination","detail":"Pagination requests using Offset Pagination are limited to page 100 or up to 10000 records (page * per_page)"}]}""";

    /// <summary>400 for a cursor the emulator cannot decode. [guess] Only the code <c>InvalidPaginationParameter</c> is seen.</summary>
    public const string InvalidCursor =
        """{"errors":[{"code":"InvalidPaginationParameter","title":"Invalid Pagination Parameter","detail":"page[after]/page[before]/cursor is not a valid cursor"}]}""";

    /// <summary>400 for a body that is not JSON. [guess]</summary>
    public const string InvalidJson = """{"error":"InvalidJSON","description":"The request body is not valid JSON"}""";

    /// <summary>400 for an incremental export without start_time or cursor. [guess]</summary>
    public const string StartTimeMissing = """{"error":"InvalidValue","description":"start_time or cursor is required"}""";

    /// <summary>
    /// Account-wide 429 body. NOT JSON: Zendesk answers <c>Content-Type: text/plain</c>, Content-Length 50, with this text.
    /// Seen: https://support.zendesk.com/hc/en-us/community/posts/4600766234138 (headers) and
    /// https://github.com/airbytehq/airbyte/issues/11035 (a JSON parser failing on this text).
    /// </summary>
    public const string RateLimitExceededText = "Number of allowed API requests per minute exceeded";

    public const string RateLimitExceededContentType = "text/plain";

    /// <summary>
    /// JSON-shaped 429, as endpoint-specific limits (e.g. incremental exports) answer; used by <c>Fault.Status(429)</c>.
    /// Seen shape: https://github.com/airbytehq/airbyte/issues/11899.
    /// </summary>
    public const string ApiRateLimitExceeded =
        """{"error":"APIRateLimitExceeded","description":"Number of allowed API requests per minute exceeded"}""";

    /// <summary>429 of the incremental exports' own limit (10 a minute): JSON APIRateLimitExceeded (facts file).
    /// [guess] at the description's wording.</summary>
    public const string IncrementalExportRateLimitExceeded =
        """{"error":"APIRateLimitExceeded","description":"Number of allowed incremental export API requests per minute exceeded"}""";

    public const string HtmlContentType = "text/html; charset=utf-8";

    /// <summary>429 of the per-ticket update limit: one sentence as text/html, sent with Retry-After (recorded).
    /// [guess] at the sentence.</summary>
    public const string TicketUpdateRateLimitExceeded = "Number of allowed requests to update this ticket per 10 minutes exceeded";

    /// <summary>400 seen as text/html on real accounts (recorded), e.g. a Talk endpoint without its parameter.</summary>
    public const string RequiredParameterMissingPhoneNumber = "Required parameter missing: phone_number";

    /// <summary>422 of search.json past its 1,000 results (ListSearchResults: "a 422 Insufficient Resource Error";
    /// the error/description shape is the one the operation documents). [guess] at the texts.</summary>
    public const string SearchResultLimit =
        """{"error":"invalid","description":"Search results are limited to 1000; use the Export Search Results endpoint (search/export.json) for more"}""";

    /// <summary>400 of search.json and search/export.json without a query, and of search/export.json without filter[type]. [guess]</summary>
    public const string SearchQueryMissing = """{"error":"invalid","description":"query parameter is required"}""";

    public const string SearchFilterTypeMissing = """{"error":"invalid","description":"filter[type] parameter is required"}""";

    /// <summary>400 of uploads.json without ?filename=. [guess]</summary>
    public const string UploadFilenameMissing = """{"error":"InvalidValue","description":"filename parameter is required"}""";

    // ---- OAuth: POST /oauth/tokens -------------------------------------------------------------------------------------------
    // Zendesk's OAuth endpoints answer with the default texts of the rack-oauth2 gem (nov/rack-oauth2,
    // lib/rack/oauth2/server/token/error.rb): the invalid_client text below is quoted by a Zendesk user
    // (https://support.zendesk.com/hc/en-us/articles/203663836 comments: a numeric client_id got it) and the
    // invalid_token 401 above is rack-oauth2's resource-server text. Statuses are rack-oauth2's: invalid_client is 401 with
    // WWW-Authenticate: Basic realm="OAuth2 Token Endpoint", every other token error 400 [seen: 400 invalid_grant,
    // https://nango.dev/blog/zendesk-oauth-refresh-token-invalid-grant]. Body: {"error","error_description"}, no error_uri.

    /// <summary>401, with <see cref="WwwAuthenticateOAuthTokenEndpoint"/>: unknown client, numeric id as client_id, wrong or missing secret.</summary>
    public const string OAuthInvalidClient =
        """{"error":"invalid_client","error_description":"The client identifier provided is invalid, the client failed to authenticate, the client did not include its credentials, provided multiple client credentials, or used unsupported credentials type."}""";

    public const string WwwAuthenticateOAuthTokenEndpoint = "Basic realm=\"OAuth2 Token Endpoint\"";

    /// <summary>400: unknown, expired or used code; redirect_uri or code_verifier mismatch; unknown, rotated or expired refresh token.</summary>
    public const string OAuthInvalidGrant =
        """{"error":"invalid_grant","error_description":"The provided access grant is invalid, expired, or revoked (e.g. invalid assertion, expired authorization token, bad end-user password credentials, or mismatching authorization code and redirection URI)."}""";

    /// <summary>400: a missing parameter (grant_type, code, redirect_uri, code_verifier, refresh_token) or a bad expires_in.</summary>
    public const string OAuthInvalidRequest =
        """{"error":"invalid_request","error_description":"The request is missing a required parameter, includes an unsupported parameter or parameter value, repeats a parameter, includes multiple credentials, utilizes more than one mechanism for authenticating the client, or is otherwise malformed."}""";

    /// <summary>400: a scope outside Zendesk's list, a missing scope (RFC 6749 §3.3), or more than the refresh token had.</summary>
    public const string OAuthInvalidScope =
        """{"error":"invalid_scope","error_description":"The requested scope is invalid, unknown, malformed, or exceeds the previously granted scope."}""";

    /// <summary>400: password and implicit grants (removed 2025-02-17, https://support.zendesk.com/hc/en-us/articles/8302546989466) and anything unknown.</summary>
    public const string OAuthUnsupportedGrantType =
        """{"error":"unsupported_grant_type","error_description":"The access grant included - its type or another attribute - is not supported by the authorization server."}""";

    /// <summary>400: client_credentials with a public client. [guess] at the error code (client credentials are "only for confidential clients").</summary>
    public const string OAuthUnauthorizedClient =
        """{"error":"unauthorized_client","error_description":"The authenticated client is not authorized to use the access grant type provided."}""";

    // ---- OAuth: GET /oauth/authorizations/new (error redirects; rack-oauth2 lib/rack/oauth2/server/authorize/error.rb) ------

    /// <summary>error_description of <c>error=access_denied</c> when the user clicks Deny.</summary>
    public const string OAuthAccessDeniedDescription = "The end-user or authorization server denied the request.";

    public const string OAuthAuthorizeInvalidRequestDescription =
        "The request is missing a required parameter, includes an unsupported parameter or parameter value, or is otherwise malformed.";

    public const string OAuthUnsupportedResponseTypeDescription = "The requested response type is not supported by the authorization server.";

    public const string OAuthAuthorizeInvalidScopeDescription = "The requested scope is invalid, unknown, or malformed.";

    /// <summary>
    /// The page shown (no redirect) for an unknown client_id or a redirect_uri that is not registered: RFC 6749 §4.1.2.1 forbids
    /// redirecting then, and rack-oauth2 raises instead of redirecting. [guess] at status and page.
    /// </summary>
    public static string OAuthAuthorizationErrorPage(string message) =>
        $"<!DOCTYPE html>\n<html>\n<head><title>Invalid authorization request</title></head>\n<body>\n<h1>Invalid authorization request</h1>\n<p>{System.Net.WebUtility.HtmlEncode(message)}</p>\n</body>\n</html>\n";

    /// <summary>Body of a 302, as Rails' redirect_to writes it.</summary>
    public static string RedirectBody(string location) =>
        $"<html><body>You are being <a href=\"{System.Net.WebUtility.HtmlEncode(location)}\">redirected</a>.</body></html>";

    // ---- OAuth clients and tokens API -----------------------------------------------------------------------------------------

    /// <summary>422 with one field problem, in the shape of <see cref="DescriptionBlank"/>. [guess] at the texts and codes
    /// ("BlankValue", "DuplicateValue", "InvalidValue" follow the codes Zendesk uses elsewhere).</summary>
    public static string RecordInvalid(string field, string description, string error) =>
        System.Text.Encoding.UTF8.GetString(JsonText.Build(w =>
        {
            w.WriteStartObject();
            w.WriteString("error", "RecordInvalid");
            w.WriteString("description", "Record validation errors");
            w.WriteStartObject("details");
            w.WriteStartArray(field);
            w.WriteStartObject();
            w.WriteString("description", description);
            w.WriteString("error", error);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }));

    /// <summary>200 body cut off mid-way (<c>Fault.MalformedJson()</c>).</summary>
    public const string TruncatedJson = """{"tickets":[{"id":1,"subject":"Truncated respon""";

    /// <summary>JSON body for an injected 5xx/4xx status. [guess] for every code but 429.</summary>
    public static string ForStatus(int statusCode) => statusCode switch
    {
        429 => ApiRateLimitExceeded,
        500 => """{"error":"InternalServerError","description":"Something went wrong. Please try again later."}""",
        502 => """{"error":"BadGateway","description":"Bad Gateway"}""",
        503 => """{"error":"ServiceUnavailable","description":"Zendesk is temporarily unavailable. Please try again later."}""",
        504 => """{"error":"GatewayTimeout","description":"Gateway Timeout"}""",
        _ => $$"""{"error":"{{ReasonPhrase(statusCode).Replace(" ", "", StringComparison.Ordinal)}}","description":"{{ReasonPhrase(statusCode)}}"}""",
    };

    /// <summary>HTML error page of a proxy in front of the API (Zendesk sits behind Cloudflare). [guess] at the exact page.</summary>
    public static string HtmlErrorPage(int statusCode)
    {
        var title = $"{statusCode} {ReasonPhrase(statusCode)}";
        return $"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n";
    }

    public static string ReasonPhrase(int statusCode)
    {
        var phrase = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(statusCode);
        return string.IsNullOrEmpty(phrase) ? "Error" : phrase;
    }
}

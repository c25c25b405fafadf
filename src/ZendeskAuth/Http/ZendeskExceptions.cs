using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ZendeskAuth.Http;

/// <summary>A request the module made did not succeed. Only these, not PowerShell's own failures, become request errors.</summary>
public abstract class ZendeskException : Exception
{
    private protected ZendeskException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}

/// <summary>Zendesk answered with a status outside 2xx. The message carries Zendesk's own error text and what to check.</summary>
public sealed class ZendeskApiException : ZendeskException
{
    internal ZendeskApiException(string method, Uri uri, ZendeskResponse response, string? suffix = null)
        : this(method, uri, response, Describe(method, uri, response), suffix)
    {
    }

    private ZendeskApiException(string method, Uri uri, ZendeskResponse response, (string Summary, string? Code, string? Advice) said, string? suffix)
        : base(Join(said.Summary + suffix, said.Advice))
    {
        Response = response;
        Method = method;
        Uri = uri;
        StatusCode = response.StatusCode;
        ReasonPhrase = response.ReasonPhrase;
        ZendeskError = said.Code;
        Body = response.Body;
        ContentType = response.ContentType;
        RetryAfter = ParseRetryAfter(response.Headers, DateTimeOffset.UtcNow);
        Headers = response.Headers;
        Summary = said.Summary + suffix;
        RecommendedAction = said.Advice;
    }

    public string Method { get; }

    public Uri Uri { get; }

    internal ZendeskResponse Response { get; }

    /// <summary>The same answer, its message saying the retries ran out.</summary>
    internal ZendeskApiException AfterRetries(int retries) =>
        new(Method, Uri, Response, $" (still refused after {retries} retr{(retries == 1 ? "y" : "ies")}; -MaxRetries sets how many)");

    public int StatusCode { get; }

    public string ReasonPhrase { get; }

    /// <summary>Zendesk's error code, such as RecordNotFound or invalid_token, when the body names one.</summary>
    public string? ZendeskError { get; }

    /// <summary>The response body as Zendesk sent it.</summary>
    public string Body { get; }

    public string? ContentType { get; }

    /// <summary>How long Zendesk asked to wait (<c>Retry-After</c>, as seconds or an HTTP date), if it did.</summary>
    public TimeSpan? RetryAfter { get; }

    public IReadOnlyDictionary<string, string[]> Headers { get; }

    /// <summary>What happened, with Zendesk's own text, and without the advice (which <see cref="RecommendedAction"/> holds).</summary>
    public string Summary { get; }

    /// <summary>What to check next, by status and by what Zendesk said.</summary>
    public string? RecommendedAction { get; }

    /// <summary>The body is a web page (text/html): quoted in the message when short, never dumped.</summary>
    internal bool IsHtml => IsHtmlBody(Response);

    /// <summary>
    /// Whether a 429 is the account's own per-minute limit, which every request on the connection shares. Zendesk's
    /// other 429s (an incremental export's 10 a minute, the per-ticket update limit, an endpoint's own limit)
    /// hold back only requests of the same kind (ZENDESK_API_FACTS.md, "Rate limits").
    /// </summary>
    internal bool IsAccountRateLimit => StatusCode == 429 && Scope(Uri, Response, ZendeskErrorBody.Parse(Response.Body).Text) == RateLimitScope.Account;

    internal static TimeSpan? ParseRetryAfter(IReadOnlyDictionary<string, string[]> headers, DateTimeOffset now)
    {
        if (!headers.TryGetValue("Retry-After", out var values) || values.Length == 0)
        {
            return null;
        }
        var value = values[0].Trim();
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            // NaN, infinities and absurd figures are no instruction: treat them as absent.
            return double.IsNaN(seconds) || double.IsInfinity(seconds) || seconds > MaxRetryAfterSeconds ? null : TimeSpan.FromSeconds(Math.Max(0, seconds));
        }
        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait.TotalSeconds > MaxRetryAfterSeconds ? null : wait;
        }
        return null;
    }

    /// <summary>A day: longer waits are not a rate-limit window.</summary>
    private const double MaxRetryAfterSeconds = 86_400;

    private enum RateLimitScope
    {
        Account,
        Export,
        Other,
    }

    /// <summary>Zendesk's account-wide 429 text (text/plain, or JSON APIRateLimitExceeded on some endpoints).</summary>
    private const string AccountLimitText = "Number of allowed API requests per minute exceeded";

    private static RateLimitScope Scope(Uri uri, ZendeskResponse response, string? text)
    {
        var said = (text ?? response.Body).Trim();
        if (uri.AbsolutePath.IndexOf("/incremental/", StringComparison.OrdinalIgnoreCase) >= 0 || said.IndexOf("incremental export", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return RateLimitScope.Export;
        }
        if (said.StartsWith(AccountLimitText, StringComparison.OrdinalIgnoreCase) || AccountRemaining(response.Headers) == 0)
        {
            return RateLimitScope.Account;
        }
        return RateLimitScope.Other;
    }

    private static int? AccountRemaining(IReadOnlyDictionary<string, string[]> headers) =>
        headers.TryGetValue("X-Rate-Limit-Remaining", out var values) && values.Length > 0
        && int.TryParse(values[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var remaining) ? remaining : null;

    private static bool IsHtmlBody(ZendeskResponse response) =>
        response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true
        || response.Body.TrimStart().StartsWith("<", StringComparison.Ordinal) && !response.IsJson;

    /// <summary>The summary without a doubled full stop, then the advice.</summary>
    private static string Join(string summary, string? advice) =>
        advice is null ? summary : $"{summary.TrimEnd().TrimEnd('.')}. {advice}";

    private static (string Summary, string? Code, string? Advice) Describe(string method, Uri uri, ZendeskResponse response)
    {
        var (code, text) = ZendeskErrorBody.Parse(response.Body);
        if (code is null && text is null && !response.IsJson)
        {
            // Not JSON: a text/plain line (the account's 429) or a text/html sentence (a 400's "Required parameter
            // missing: phone_number", the per-ticket 429), or a web page whose title says what it is.
            text = IsHtmlBody(response) ? ZendeskErrorBody.HtmlText(response.Body) : ZendeskErrorBody.PlainText(response.Body);
        }
        var said = (code, text) switch
        {
            (null, null) when string.IsNullOrWhiteSpace(response.Body) || response.IsJson => "",
            (null, null) => IsHtmlBody(response) ? " (a web page, not Zendesk's JSON)" : " (the body is not JSON; see ErrorDetails)",
            (null, _) => $": {text}",
            (_, null) => $": {code}",
            _ => $": {code}: {text}",
        };
        var summary = $"{method} {uri.GetLeftPart(UriPartial.Path)} answered {response.StatusCode} {response.ReasonPhrase}{said}".TrimEnd();
        var retryAfter = ParseRetryAfter(response.Headers, DateTimeOffset.UtcNow);
        var advice = code switch
        {
            "invalid_client" => "Check the OAuth client's identifier (the string, not the numeric id) and its secret: Get-ZendeskOAuthClient lists the clients.",
            "invalid_grant" => "The code, refresh token or verifier was refused: an authorization code lives 120 s and works once, a refresh token works once (Zendesk rotates it), and the redirect URI and PKCE verifier must match. Get a new token.",
            "invalid_scope" => "Ask only for scopes the client may have.",
            "unsupported_grant_type" => "Zendesk removed the password and implicit grants in 2025: use authorization_code, refresh_token or client_credentials.",
            _ => AdviceForStatus(method, uri, response, code, text, retryAfter),
        };
        return (summary, code, advice);
    }

    private static string? AdviceForStatus(string method, Uri uri, ZendeskResponse response, string? code, string? text, TimeSpan? retryAfter)
    {
        var wait = retryAfter is { } w ? $"Zendesk asks to wait {Math.Ceiling(w.TotalSeconds).ToString(CultureInfo.InvariantCulture)} s before trying again." : "Wait a minute before trying again.";
        var isGet = string.Equals(method, "GET", StringComparison.OrdinalIgnoreCase);
        switch (response.StatusCode)
        {
            case 401 when string.Equals(code, "invalid_token", StringComparison.Ordinal):
                return "The OAuth access token is expired, revoked or malformed: get a new one (New-ZendeskOAuthToken) and run Connect-Zendesk again.";
            case 401:
                return "Zendesk did not accept the credential: check the email, the API token or password, that API token or password access is turned on in Admin Center (Apps and integrations > APIs > Zendesk API), and that the user is verified; then run Connect-Zendesk again.";
            case 403:
                return "The user's role or the OAuth token's scopes do not allow this request: check the role (Get-ZendeskConnection) and, for OAuth, the token's scopes (Zendesk names a missing scope above).";
            case 404 when code is null && !response.IsJson && !string.IsNullOrWhiteSpace(response.Body) && IsHtmlBody(response)
                && !uri.AbsolutePath.StartsWith("/api/", StringComparison.OrdinalIgnoreCase):
                return "The server has no such file or page (an attachment's link may have expired): check the URL.";
            case 404 when code is null && !response.IsJson && !string.IsNullOrWhiteSpace(response.Body) && IsHtmlBody(response):
                // Zendesk's own 404s are JSON (RecordNotFound, InvalidEndpoint), or blank (recorded: empty or a single
                // space); a web page means something else answered: a wrong subdomain, URL or proxy.
                return $"No Zendesk account answered at {uri.GetLeftPart(UriPartial.Authority)}: the server's 404 is not Zendesk's. Check -Subdomain or -Url (a Zendesk account is https://SUBDOMAIN.zendesk.com), and the path.";
            case 404:
                return "Check the path and the id: Zendesk has no such record or endpoint.";
            case 422 when isGet && IsSearch(uri):
                return "Zendesk's search returns at most 1,000 results (page 11 at 100 a page is refused). For more, use the search export, which has no cap: Invoke-ZendeskRequest search/export.json -Query @{ query = '…'; 'filter[type]' = 'ticket' } -Paginate; or narrow the query.";
            case 422 when isGet:
                return "Zendesk refused the request's parameters: see its text above.";
            case 422:
                return "Zendesk refused the request body: see its text above.";
            case 429:
                return Scope(uri, response, text) switch
                {
                    RateLimitScope.Account => $"The account's rate limit (requests a minute across all API clients) was reached. {wait}",
                    RateLimitScope.Export => $"The incremental export limit was reached (10 requests a minute, 30 with the High Volume add-on), not the account's limit. {wait}",
                    _ => $"A limit of this endpoint or record was reached (such as the per-ticket update limit), not the account's limit. {wait}",
                };
            case 301 or 302 or 303 or 307 or 308:
                return response.Headers.TryGetValue("Location", out var location) && location.Length > 0 && Uri.TryCreate(uri, location[0].Trim(), out var target)
                    ? $"The request was redirected to {target.GetLeftPart(UriPartial.Path)}, which is not followed for an API call to another host. Check -Subdomain or -Url (a Zendesk account answers at https://SUBDOMAIN.zendesk.com)."
                    : "The request was redirected without a Location to follow. Check -Subdomain or -Url.";
            case >= 500:
                return "Zendesk could not answer now: try again later, and check https://status.zendesk.com.";
            default:
                return null;
        }
    }

    private static bool IsSearch(Uri uri)
    {
        var path = uri.AbsolutePath.TrimEnd('/');
        return path.EndsWith("/search.json", StringComparison.OrdinalIgnoreCase) || path.EndsWith("/search", StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>
/// A request was not sent because Zendesk's rate limit holds the connection for longer than the request may wait
/// (-TimeoutSec). Waiting would only end in a timeout; the error says when to try again.
/// </summary>
public sealed class ZendeskRateLimitedException : ZendeskException
{
    internal ZendeskRateLimitedException(string method, Uri uri, TimeSpan pause, string reason, TimeSpan timeout)
        : base($"{method} {uri.GetLeftPart(UriPartial.Path)} was not sent: {reason.TrimEnd('.')} ({Math.Ceiling(pause.TotalSeconds).ToString(CultureInfo.InvariantCulture)} s), longer than -TimeoutSec ({timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s). Try again after the pause, or give a larger -TimeoutSec.")
    {
        Uri = uri;
        Pause = pause;
    }

    public Uri Uri { get; }

    /// <summary>How long the connection is held back.</summary>
    public TimeSpan Pause { get; }
}

/// <summary>A request ran past its -TimeoutSec. Ctrl+C is not this: it stops the pipeline instead.</summary>
public sealed class ZendeskTimeoutException : ZendeskException
{
    internal ZendeskTimeoutException(string method, Uri uri, TimeSpan timeout)
        : base($"{method} {uri.GetLeftPart(UriPartial.Path)} got no answer within {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s (-TimeoutSec). Try a larger -TimeoutSec, or check the network.")
    {
        Uri = uri;
        Timeout = timeout;
    }

    public Uri Uri { get; }

    public TimeSpan Timeout { get; }
}

/// <summary>The server could not be reached or the connection broke before an answer came.</summary>
public sealed class ZendeskConnectionException : ZendeskException
{
    internal ZendeskConnectionException(string method, Uri uri, Exception inner)
        : base($"{method} {uri.GetLeftPart(UriPartial.Path)} failed before Zendesk answered: {Innermost(inner)}. {Advice(inner)}", inner)
    {
        Uri = uri;
    }

    public Uri Uri { get; }

    private static string Innermost(Exception exception)
    {
        var messages = new List<string>();
        for (var e = exception; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message.TrimEnd('.'));
        }
        return string.Join(": ", messages.Distinct());
    }

    private static string Advice(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is System.Security.Authentication.AuthenticationException)
            {
                return "The server's TLS certificate was not accepted: check the URL. Only for a local emulator with a self-signed certificate, add -SkipCertificateCheck to Connect-Zendesk.";
            }
        }
        return "Check the URL, the network and any proxy.";
    }
}

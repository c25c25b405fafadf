using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ZendeskAuth.Json;

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
    /// <param name="secrets">The exact secrets the request carried (<see cref="SecretRedactor.SecretsOf"/>), masked wherever the answer echoes them.</param>
    internal ZendeskApiException(string method, Uri uri, ZendeskResponse response, string? suffix = null, IReadOnlyCollection<string>? secrets = null)
        : this(method, uri, response, Describe(method, uri, response, secrets), suffix, secrets)
    {
    }

    private ZendeskApiException(string method, Uri uri, ZendeskResponse response, (string Summary, string? Code, string? Advice) said, string? suffix, IReadOnlyCollection<string>? secrets)
        : base(Join(said.Summary + suffix, said.Advice))
    {
        // Everything shown from the answer goes through SecretRedactor: a server may echo the request's token,
        // Basic header or client_secret back in its body or reason phrase.
        _secrets = secrets;
        Response = response;
        Method = method;
        Uri = SecretRedactor.ShownUri(uri);
        if (SecretRedactor.Text(Uri.AbsoluteUri, secrets) is var masked && masked != Uri.AbsoluteUri && Uri.TryCreate(masked, UriKind.Absolute, out var maskedUri))
        {
            // A redirect's Location that repeats the token in its path.
            Uri = maskedUri;
        }
        StatusCode = response.StatusCode;
        ReasonPhrase = SecretRedactor.Text(response.ReasonPhrase, secrets);
        ZendeskError = said.Code;
        Body = SecretRedactor.Body(response.Body, response.ContentType, secrets);
        ContentType = response.ContentType;
        RetryAfter = ParseRetryAfter(response.Headers, DateTimeOffset.UtcNow);
        // Shown as the server sent them, but with any echoed secret masked (a Location or WWW-Authenticate may
        // repeat the token); the module itself reads the answer's own headers (Location, Retry-After) from Response.
        Headers = response.Headers.ToDictionary(
            h => h.Key,
            h => h.Value.Select(v => SecretRedactor.IsSecretHeader(h.Key) ? SecretRedactor.Mask : SecretRedactor.Text(v, secrets)).ToArray(),
            StringComparer.OrdinalIgnoreCase);
        Summary = said.Summary + suffix;
        RecommendedAction = said.Advice;
    }

    public string Method { get; }

    public Uri Uri { get; }

    internal ZendeskResponse Response { get; }

    /// <summary>The same answer, its message saying the retries ran out.</summary>
    internal ZendeskApiException AfterRetries(int retries) =>
        new(Method, Uri, Response, $" (still refused after {retries} retr{(retries == 1 ? "y" : "ies")}; -MaxRetries sets how many)", _secrets);

    private readonly IReadOnlyCollection<string>? _secrets;

    /// <summary>The exact secrets the request carried, to mask wherever a part of this answer (a Location) is shown.</summary>
    internal IReadOnlyCollection<string>? Secrets => _secrets;

    public int StatusCode { get; }

    public string ReasonPhrase { get; }

    /// <summary>Zendesk's error code, such as RecordNotFound or invalid_token, when the body names one.</summary>
    public string? ZendeskError { get; }

    /// <summary>The response body as Zendesk sent it, with any secret it echoes masked (see <see cref="SecretRedactor"/>).</summary>
    public string Body { get; }

    public string? ContentType { get; }

    /// <summary>How long Zendesk asked to wait (<c>Retry-After</c>, as seconds or an HTTP date), if it did.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The answer's headers, with credential headers and any secret of the request they echo masked.</summary>
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

    /// <summary>The largest Retry-After kept (one day); a larger figure is read as this. Never waited for: see <see cref="RetryPolicy.MaxWait"/>.</summary>
    internal static readonly TimeSpan MaxRetryAfter = TimeSpan.FromDays(1);

    internal static TimeSpan? ParseRetryAfter(IReadOnlyDictionary<string, string[]> headers, DateTimeOffset now)
    {
        if (!headers.TryGetValue("Retry-After", out var values) || values.Length == 0)
        {
            return null;
        }
        var value = values[0].Trim();
        // RFC 9110 allows only a non-negative whole number of seconds or an HTTP date. Anything else (NaN,
        // Infinity, a negative number, garbage) is ignored, as if the header were absent; a huge figure is
        // capped, so no server answer can make TimeSpan throw.
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            if (double.IsNaN(seconds) || double.IsInfinity(seconds) || seconds < 0)
            {
                return null;
            }
            return seconds >= MaxRetryAfter.TotalSeconds ? MaxRetryAfter : TimeSpan.FromSeconds(seconds);
        }
        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxRetryAfter ? MaxRetryAfter : wait;
        }
        return null;
    }

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

    private static (string Summary, string? Code, string? Advice) Describe(string method, Uri uri, ZendeskResponse response, IReadOnlyCollection<string>? secrets)
    {
        var (code, text) = ZendeskErrorBody.Parse(response.Body);
        if (code is null && text is null && !response.IsJson)
        {
            // Not JSON: a text/plain line (the account's 429) or a text/html sentence (a 400's "Required parameter
            // missing: phone_number", the per-ticket 429), or a web page whose title says what it is.
            text = IsHtmlBody(response) ? ZendeskErrorBody.HtmlText(response.Body) : ZendeskErrorBody.PlainText(response.Body);
        }
        code = code is null ? null : SecretRedactor.Text(code, secrets);
        var said = (code, text) switch
        {
            (null, null) when string.IsNullOrWhiteSpace(response.Body) || response.IsJson => "",
            (null, null) => IsHtmlBody(response) ? " (a web page, not Zendesk's JSON)" : " (the body is not JSON; see ErrorDetails)",
            (null, _) => $": {text}",
            (_, null) => $": {code}",
            _ => $": {code}: {text}",
        };
        var summary = $"{method} {SecretRedactor.Text(SecretRedactor.ShownUri(uri).GetLeftPart(UriPartial.Path), secrets)} answered {response.StatusCode} {SecretRedactor.Text(response.ReasonPhrase + said, secrets)}".TrimEnd();
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

/// <summary>A request ran past its -TimeoutSec. Ctrl+C is not this: it stops the pipeline instead.</summary>
public sealed class ZendeskTimeoutException : ZendeskException
{
    internal ZendeskTimeoutException(string method, Uri uri, TimeSpan timeout)
        : base($"{method} {uri.GetLeftPart(UriPartial.Path)} got no answer within {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s (-TimeoutSec). Try a larger -TimeoutSec, or check the network.")
    {
        Uri = uri is null ? null! : SecretRedactor.ShownUri(uri);
        Timeout = timeout;
    }

    public Uri Uri { get; }

    public TimeSpan Timeout { get; }
}

/// <summary>The server could not be reached or the connection broke before an answer came.</summary>
public sealed class ZendeskConnectionException : ZendeskException
{
    internal ZendeskConnectionException(string method, Uri uri, Exception inner, bool whileReadingAnswer = false)
        : base($"{method} {uri.GetLeftPart(UriPartial.Path)} {(whileReadingAnswer ? "broke off while the answer was being read" : "failed before Zendesk answered")}: {Innermost(inner)}. {Advice(inner)}", inner)
    {
        Uri = uri is null ? null! : SecretRedactor.ShownUri(uri);
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

/// <summary>
/// Zendesk (or something in front of it) answered, but not with what the module needs: HTML instead of JSON, a
/// users/me or token answer without its object, a next-page link that is not a URL, a body over the memory cap.
/// </summary>
public sealed class ZendeskInvalidResponseException : ZendeskException
{
    internal ZendeskInvalidResponseException(string message, Uri? uri, Exception? inner = null)
        : base(message, inner)
    {
        Uri = uri is null ? null! : SecretRedactor.ShownUri(uri);
    }

    /// <summary>The URL whose answer was not usable, when known.</summary>
    public Uri? Uri { get; }
}

/// <summary>
/// A local file could not be written (-OutFile): a missing or read-only folder, a full disk. Nothing to do with
/// Zendesk, so it is never retried; the partial file is deleted.
/// </summary>
public sealed class ZendeskLocalFileException : ZendeskException
{
    internal ZendeskLocalFileException(string path, Exception inner)
        : base($"Could not write '{path}' (a local error on this computer, not Zendesk's answer): {inner.Message} Nothing was left at that path.", inner)
    {
        Path = path;
    }

    public string Path { get; }
}

/// <summary>
/// The connection is waiting out a rate limit longer than this request may wait (its -TimeoutSec, at most
/// <see cref="RetryPolicy.MaxWait"/>): it fails at once instead of waiting, and nothing was sent.
/// </summary>
public sealed class ZendeskRateLimitPauseException : ZendeskException
{
    internal ZendeskRateLimitPauseException(string method, Uri uri, TimeSpan pause, string reason, TimeSpan budget)
        : base($"{method} {uri.GetLeftPart(UriPartial.Path)} was not sent: the connection waits {Math.Ceiling(pause.TotalSeconds).ToString(CultureInfo.InvariantCulture)} s more for the rate limit ({reason}), longer than this request may wait ({Math.Ceiling(budget.TotalSeconds).ToString(CultureInfo.InvariantCulture)} s). Try again later, or give a larger -TimeoutSec.")
    {
        Uri = uri is null ? null! : SecretRedactor.ShownUri(uri);
        Pause = pause;
    }

    public Uri Uri { get; }

    public TimeSpan Pause { get; }
}

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
        : base(BuildMessage(method, uri, response, out var code) + suffix)
    {
        Response = response;
        Method = method;
        Uri = uri;
        StatusCode = response.StatusCode;
        ReasonPhrase = response.ReasonPhrase;
        ZendeskError = code;
        Body = response.Body;
        ContentType = response.ContentType;
        RetryAfter = ParseRetryAfter(response.Headers, DateTimeOffset.UtcNow);
        Headers = response.Headers;
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

    /// <summary>What to check next, by status.</summary>
    public string? RecommendedAction => Advice(StatusCode, ZendeskError, RetryAfter);

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

    private static bool IsShortText(ZendeskResponse response) =>
        response.ContentType?.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase) == true && response.Body.Trim().Length is > 0 and <= 200;

    private static string BuildMessage(string method, Uri uri, ZendeskResponse response, out string? code)
    {
        (code, var text) = ZendeskErrorBody.Parse(response.Body);
        var said = (code, text) switch
        {
            // Zendesk's rate-limit 429 is plain text: "Number of allowed API requests per minute exceeded".
            (null, null) when IsShortText(response) => $": {response.Body.Trim()}",
            (null, null) => response.IsJson || response.Body.Length == 0 ? "" : " (the body is not JSON; see ErrorDetails)",
            (null, _) => $": {text}",
            (_, null) => $": {code}",
            _ => $": {code}: {text}",
        };
        var message = $"{method} {uri.GetLeftPart(UriPartial.Path)} answered {response.StatusCode} {response.ReasonPhrase}{said}";
        var advice = Advice(response.StatusCode, code, ParseRetryAfter(response.Headers, DateTimeOffset.UtcNow));
        return advice is null ? message : $"{message}. {advice}";
    }

    private static string? Advice(int status, string? code, TimeSpan? retryAfter) => code switch
    {
        "invalid_client" => "Check the OAuth client's identifier (the string, not the numeric id) and its secret: Get-ZendeskOAuthClient lists the clients.",
        "invalid_grant" => "The code, refresh token or verifier was refused: an authorization code lives 120 s and works once, a refresh token works once (Zendesk rotates it), and the redirect URI and PKCE verifier must match. Get a new token.",
        "invalid_scope" => "Ask only for scopes the client may have.",
        "unsupported_grant_type" => "Zendesk removed the password and implicit grants in 2025: use authorization_code, refresh_token or client_credentials.",
        _ => AdviceForStatus(status, code, retryAfter),
    };

    private static string? AdviceForStatus(int status, string? code, TimeSpan? retryAfter) => status switch
    {
        401 when string.Equals(code, "invalid_token", StringComparison.Ordinal) =>
            "The OAuth access token is expired, revoked or malformed: get a new one (New-ZendeskOAuthToken) and run Connect-Zendesk again.",
        401 => "Zendesk did not accept the credential: check the email, the API token or password, that API token or password access is turned on in Admin Center (Apps and integrations > APIs > Zendesk API), and that the user is verified; then run Connect-Zendesk again.",
        403 => "The user's role or the OAuth token's scopes do not allow this request: check the role (Get-ZendeskConnection) and, for OAuth, the token's scopes (Zendesk names a missing scope above).",
        404 => "Check the path and the id: Zendesk has no such record or endpoint.",
        422 => "Zendesk refused the request body: see the details above and in ErrorDetails.",
        429 => retryAfter is { } wait
            ? $"The account's rate limit was reached; Zendesk asks to wait {Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture)} s before trying again."
            : "The account's rate limit was reached; wait a minute before trying again.",
        >= 500 => "Zendesk could not answer now: try again later, and check https://status.zendesk.com.",
        _ => null,
    };
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
    internal ZendeskConnectionException(string method, Uri uri, Exception inner, bool whileReadingAnswer = false)
        : base($"{method} {uri.GetLeftPart(UriPartial.Path)} {(whileReadingAnswer ? "broke off while the answer was being read" : "failed before Zendesk answered")}: {Innermost(inner)}. {Advice(inner)}", inner)
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

/// <summary>
/// Zendesk (or something in front of it) answered, but not with what the module needs: HTML instead of JSON, a
/// users/me or token answer without its object, a next-page link that is not a URL, a body over the memory cap.
/// </summary>
public sealed class ZendeskInvalidResponseException : ZendeskException
{
    internal ZendeskInvalidResponseException(string message, Uri? uri, Exception? inner = null)
        : base(message, inner)
    {
        Uri = uri;
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
/// The connection is waiting out a rate limit longer than this request may wait (its -TimeoutSec, or no wait
/// at all with -MaxRetries 0): it fails at once instead of waiting, and nothing was sent.
/// </summary>
public sealed class ZendeskRateLimitPauseException : ZendeskException
{
    internal ZendeskRateLimitPauseException(string method, Uri uri, TimeSpan pause, string reason, TimeSpan budget)
        : base($"{method} {uri.GetLeftPart(UriPartial.Path)} was not sent: the connection waits {Math.Ceiling(pause.TotalSeconds).ToString(CultureInfo.InvariantCulture)} s more for the rate limit ({reason}), longer than this request may wait ({(budget <= TimeSpan.Zero ? "-MaxRetries 0 never waits" : Math.Ceiling(budget.TotalSeconds).ToString(CultureInfo.InvariantCulture) + " s")}). Try again later, or give a larger -TimeoutSec.")
    {
        Uri = uri;
        Pause = pause;
    }

    public Uri Uri { get; }

    public TimeSpan Pause { get; }
}

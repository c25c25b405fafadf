using System;
using System.Threading;
using System.Threading.Tasks;
using ZendeskAuth.Connections;

namespace ZendeskAuth.Http;

/// <summary>
/// Follows the redirects of a GET, at most <see cref="MaxRedirects"/>. Zendesk answers an attachment's
/// <c>content_url</c> with 302 to its file host (ShowAttachment's <c>content_url</c>; ZENDESK_API_FACTS.md, "Files"),
/// which serves the file without the API credential. Another host is followed only for file downloads (-OutFile, or a
/// URL outside /api/); an API call redirected elsewhere stays an error naming where. A redirect back to the connected host goes through the normal
/// pipeline, credential included; to any other host the request carries no Authorization header and none of the
/// caller's headers, does not count against the connection's rate limit, and may not step down from https to http.
/// The HTTP client itself never follows redirects (HttpClientProvider: AllowAutoRedirect = false).
/// </summary>
internal static class Redirects
{
    public const int MaxRedirects = 5;

    /// <summary>A GET answered 301, 302, 303, 307 or 308 with a Location.</summary>
    public static bool CanFollow(ZendeskRequest request, ZendeskApiException answer) =>
        request.Method.Method == "GET" && answer.StatusCode is 301 or 302 or 303 or 307 or 308 && Location(answer) is not null;

    public static async Task<ZendeskResponse> FollowAsync(
        ZendeskConnection connection,
        ZendeskRequest request,
        ZendeskApiException redirect,
        Func<ZendeskConnection, ZendeskRequest, IRequestLog, CancellationToken, Task<ZendeskResponse>> sendWithCredential,
        IRequestLog log,
        CancellationToken cancellationToken)
    {
        var current = request;
        for (var hop = 1; ; hop++)
        {
            if (hop > MaxRedirects || Location(redirect) is not { } location || !Uri.TryCreate(current.Uri, location, out var target)
                || (target.Scheme != Uri.UriSchemeHttps && target.Scheme != Uri.UriSchemeHttp))
            {
                throw redirect;
            }
            // The Location is the server's text: it may repeat the request's token (in its path too).
            var shown = Json.SecretRedactor.Text(Json.SecretRedactor.ShownUri(new Uri(target.GetLeftPart(UriPartial.Path))).AbsoluteUri, redirect.Secrets);
            if (current.Uri.Scheme == Uri.UriSchemeHttps && target.Scheme == Uri.UriSchemeHttp && !ZendeskUrl.IsLoopback(target))
            {
                throw new InsecureUrlException($"{current.Uri.GetLeftPart(UriPartial.Path)} redirected to {shown}, which is plain HTTP: the module does not step down from HTTPS.");
            }

            var sameHost = IsSameOrigin(connection.Url, target);
            if (!sameHost && !IsFileDownload(request))
            {
                // An API call sent elsewhere (a sign-in page, another account) is an answer to report, not to follow.
                throw redirect;
            }
            var next = current.ForRedirect(target, sameHost, redirect.Secrets);
            log.Verbose(sameHost
                ? $"Following the redirect ({redirect.StatusCode}) to {shown}"
                : $"Following the redirect ({redirect.StatusCode}) to {shown} on another host, without the Authorization header");
            try
            {
                return sameHost
                    ? await sendWithCredential(connection, next, log, cancellationToken).ConfigureAwait(false)
                    : await RequestPipeline.SendAsync(connection.Transport, null, next, null, log, cancellationToken).ConfigureAwait(false);
            }
            catch (ZendeskApiException again) when (CanFollow(next, again))
            {
                redirect = again;
                current = next;
            }
        }
    }

    /// <summary>
    /// Another host is followed only for files: a download to -OutFile, or a URL outside the API (an attachment's
    /// content_url, /attachments/token/…; Help Center's /hc/…attachments/…).
    /// </summary>
    private static bool IsFileDownload(ZendeskRequest request) =>
        request.OutFile is not null || !request.Uri.AbsolutePath.StartsWith("/api/", StringComparison.OrdinalIgnoreCase);

    private static string? Location(ZendeskApiException answer) =>
        answer.Response.Headers.TryGetValue("Location", out var values) && values.Length > 0 && !string.IsNullOrWhiteSpace(values[0]) ? values[0].Trim() : null;

    private static bool IsSameOrigin(Uri connected, Uri target) =>
        string.Equals(connected.Scheme, target.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(connected.Host, target.Host, StringComparison.OrdinalIgnoreCase)
        && connected.Port == target.Port;
}

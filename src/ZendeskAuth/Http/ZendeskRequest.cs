using System;
using System.Collections.Generic;
using System.Net.Http;

namespace ZendeskAuth.Http;

/// <summary>One request to send: already resolved to an absolute URL on the connected host.</summary>
internal sealed class ZendeskRequest
{
    public ZendeskRequest(HttpMethod method, Uri uri)
    {
        Method = method;
        Uri = uri;
    }

    public HttpMethod Method { get; }

    public Uri Uri { get; }

    /// <summary>UTF-8 bytes of the body, or null for none.</summary>
    public byte[]? Body { get; set; }

    public string ContentType { get; set; } = "application/json";

    public IList<KeyValuePair<string, string>> Headers { get; } = new List<KeyValuePair<string, string>>();

    /// <summary>A file whose content is the body (uploads); sent as a stream.</summary>
    public string? InFile { get; set; }

    /// <summary>A file the successful response body is streamed to instead of being returned.</summary>
    public string? OutFile { get; set; }

    /// <summary>How many times a failure worth retrying is retried (see <see cref="RetryPolicy"/>).</summary>
    public int MaxRetries { get; set; } = DefaultMaxRetries;

    public const int DefaultMaxRetries = 3;

    /// <summary>
    /// Null: no time limit. A limit longer than <see cref="MaxTimeout"/> (-TimeoutSec 2147483647) is held at it:
    /// a timer cannot count further (CancelAfter and Task.Delay throw), and no request waits 24 days anyway.
    /// </summary>
    public TimeSpan? Timeout
    {
        get => _timeout;
        set => _timeout = value > MaxTimeout ? MaxTimeout : value;
    }

    private TimeSpan? _timeout;

    /// <summary>
    /// For a redirect's GET: the secrets the first request carried. The Location is the server's text and may
    /// repeat them, so they are masked wherever this request's URL or answer is shown.
    /// </summary>
    internal IReadOnlyCollection<string>? EarlierSecrets { get; set; }

    /// <summary>
    /// A page read ahead (-Paginate), which nobody may end up reading: it never renews the token, which would rotate
    /// the refresh token without the command reporting it. Where it would have to, it ends in a
    /// <see cref="RenewalDeferredException"/> unsent, and the page is requested again the ordinary way.
    /// </summary>
    internal bool ReadAhead { get; set; }

    /// <summary>The longest time a timer can count on .NET Framework and netstandard2.0: int.MaxValue ms, about 24.8 days.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMilliseconds(int.MaxValue);

    /// <summary>
    /// The GET for a redirect's Location: the same file, timeout and retries. The caller's headers go along only
    /// when the target is the connected host (<paramref name="sameHost"/>): to another host nothing that could carry
    /// a credential (X-On-Behalf-Of, cookies, custom headers) is sent.
    /// </summary>
    public ZendeskRequest ForRedirect(Uri target, bool sameHost, IReadOnlyCollection<string>? secrets = null)
    {
        var request = new ZendeskRequest(HttpMethod.Get, target) { Timeout = Timeout, MaxRetries = MaxRetries, OutFile = OutFile, EarlierSecrets = secrets };
        if (sameHost)
        {
            foreach (var header in Headers)
            {
                request.Headers.Add(header);
            }
        }
        return request;
    }

    /// <summary>The GET for a next-page link: the same headers, timeout and retries; no body.</summary>
    public ZendeskRequest ForNextPage(Uri next)
    {
        var request = new ZendeskRequest(HttpMethod.Get, next) { Timeout = Timeout, MaxRetries = MaxRetries };
        foreach (var header in Headers)
        {
            request.Headers.Add(header);
        }
        return request;
    }
}

/// <summary>A request read ahead (<see cref="ZendeskRequest.ReadAhead"/>) that would have had to renew the token first.</summary>
internal sealed class RenewalDeferredException : Exception
{
    public RenewalDeferredException() : base("The page read ahead needs the token renewed; it is requested again when it is read.")
    {
    }
}

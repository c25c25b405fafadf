using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http.Headers;

namespace ZendeskAuth.Http;

/// <summary>A received answer: status, headers (response and content, names case-insensitive) and body text.</summary>
internal sealed class ZendeskResponse
{
    private readonly Lazy<IReadOnlyDictionary<string, string[]>> _headers;

    public ZendeskResponse(int statusCode, string reasonPhrase, IReadOnlyDictionary<string, string[]> headers, string? contentType, string body, TimeSpan elapsed)
        : this(statusCode, reasonPhrase, contentType, body, elapsed, () => headers)
    {
    }

    /// <summary>From an HTTP answer: its headers are copied only when someone reads them (errors, -ResponseHeadersVariable).</summary>
    public ZendeskResponse(int statusCode, string reasonPhrase, HttpResponseHeaders headers, HttpContentHeaders contentHeaders, string? contentType, string body, TimeSpan elapsed)
        : this(statusCode, reasonPhrase, contentType, body, elapsed, () => Copy(headers, contentHeaders))
    {
    }

    private ZendeskResponse(int statusCode, string reasonPhrase, string? contentType, string body, TimeSpan elapsed, Func<IReadOnlyDictionary<string, string[]>> headers)
    {
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
        ContentType = contentType;
        Body = body;
        Elapsed = elapsed;
        _headers = new Lazy<IReadOnlyDictionary<string, string[]>>(headers);
    }

    public int StatusCode { get; }

    public string ReasonPhrase { get; }

    public IReadOnlyDictionary<string, string[]> Headers => _headers.Value;

    public string? ContentType { get; }

    public string Body { get; }

    public TimeSpan Elapsed { get; }

    private static IReadOnlyDictionary<string, string[]> Copy(HttpResponseHeaders headers, HttpContentHeaders contentHeaders)
    {
        var copy = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in headers.Concat(contentHeaders))
        {
            copy[header.Key] = header.Value.ToArray();
        }
        return copy;
    }

    public bool IsJson => ContentType is not null && ContentType.IndexOf("json", StringComparison.OrdinalIgnoreCase) >= 0;
}

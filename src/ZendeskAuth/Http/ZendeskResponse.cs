using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http.Headers;
using System.Text.Json;

namespace ZendeskAuth.Http;

/// <summary>A received answer: status, headers (response and content, names case-insensitive) and body text.</summary>
internal sealed class ZendeskResponse
{
    private readonly Lazy<IReadOnlyDictionary<string, string[]>> _headers;
    private readonly byte[]? _bytes;
    private readonly int _count;
    private readonly string? _charset;
    private string? _body;

    public ZendeskResponse(int statusCode, string reasonPhrase, IReadOnlyDictionary<string, string[]> headers, string? contentType, string body, TimeSpan elapsed)
        : this(statusCode, reasonPhrase, contentType, elapsed, () => headers)
    {
        _body = body;
    }

    /// <summary>
    /// From an HTTP answer: its headers are copied only when someone reads them (errors, -ResponseHeadersVariable),
    /// its body is decoded to text only when someone reads <see cref="Body"/>: JSON is parsed from the bytes.
    /// </summary>
    /// <param name="bytes">The body's bytes (the first <paramref name="count"/>); never changed afterwards.</param>
    /// <param name="charset">The Content-Type's charset, if any.</param>
    public ZendeskResponse(int statusCode, string reasonPhrase, HttpResponseHeaders headers, HttpContentHeaders contentHeaders, string? contentType, byte[] bytes, int count, string? charset, TimeSpan elapsed)
        : this(statusCode, reasonPhrase, contentType, elapsed, () => Copy(headers, contentHeaders))
    {
        _bytes = bytes;
        _count = count;
        _charset = charset;
    }

    private ZendeskResponse(int statusCode, string reasonPhrase, string? contentType, TimeSpan elapsed, Func<IReadOnlyDictionary<string, string[]>> headers)
    {
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
        ContentType = contentType;
        Elapsed = elapsed;
        _headers = new Lazy<IReadOnlyDictionary<string, string[]>>(headers);
    }

    public int StatusCode { get; }

    public string ReasonPhrase { get; }

    public IReadOnlyDictionary<string, string[]> Headers => _headers.Value;

    public string? ContentType { get; }

    /// <summary>The body as text, decoded by the answer's charset (UTF-8 when none or unknown).</summary>
    public string Body => _body ??= _bytes is null ? "" : ResponseBody.Decode(_bytes, _count, _charset);

    /// <summary>Whether the answer has no body at all (204, or an empty 200).</summary>
    public bool IsEmpty => _bytes is null ? _body!.Length == 0 : _count == 0;

    /// <summary>
    /// The body parsed as JSON: from its UTF-8 bytes when it has them (no text made, no copy), else from the text.
    /// A body the bytes cannot be parsed from (bytes that are not UTF-8) is parsed from its decoded text, which
    /// reads them as the text did before: U+FFFD for a bad byte. Throws <see cref="JsonException"/> when it is not JSON.
    /// </summary>
    public JsonDocument ParseJson()
    {
        if (_body is null && _bytes is not null && ResponseBody.Utf8Start(_bytes, _count, _charset) is >= 0 and var start)
        {
            try
            {
                return JsonDocument.Parse(new ReadOnlyMemory<byte>(_bytes, start, _count - start));
            }
            catch (JsonException)
            {
                // Parsed once more below, from the text.
            }
        }
        return JsonDocument.Parse(Body);
    }

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

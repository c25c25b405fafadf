using System;
using System.Collections.Generic;

namespace ZendeskAuth.Http;

/// <summary>A received answer: status, headers (response and content, names case-insensitive) and body text.</summary>
internal sealed class ZendeskResponse
{
    public ZendeskResponse(int statusCode, string reasonPhrase, IReadOnlyDictionary<string, string[]> headers, string? contentType, string body, TimeSpan elapsed)
    {
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
        Headers = headers;
        ContentType = contentType;
        Body = body;
        Elapsed = elapsed;
    }

    public int StatusCode { get; }

    public string ReasonPhrase { get; }

    public IReadOnlyDictionary<string, string[]> Headers { get; }

    public string? ContentType { get; }

    public string Body { get; }

    public TimeSpan Elapsed { get; }

    public bool IsJson => ContentType is not null && ContentType.IndexOf("json", StringComparison.OrdinalIgnoreCase) >= 0;
}

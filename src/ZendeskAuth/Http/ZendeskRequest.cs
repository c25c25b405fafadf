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

    /// <summary>Null: no time limit.</summary>
    public TimeSpan? Timeout { get; set; }
}

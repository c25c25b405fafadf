namespace ZendeskAuth.Emulator;

public enum FaultKind
{
    /// <summary>Wait, then answer normally.</summary>
    Latency,
    /// <summary>Answer with a status code and a Zendesk-looking JSON body, optionally with Retry-After.</summary>
    Status,
    /// <summary>Abort the connection without an answer (<c>HttpContext.Abort()</c>).</summary>
    ConnectionReset,
    /// <summary>200 with a truncated JSON body.</summary>
    MalformedJson,
    /// <summary>An HTML error page (text/html), as a proxy in front of the API sends.</summary>
    HtmlErrorPage,
    /// <summary>Never answer, until the client gives up or the emulator stops.</summary>
    Stall,
    /// <summary>A status with a body of a given type (text/html sentence, text/plain line, a single space…) and any headers.</summary>
    Text,
}

/// <summary>A failure to inject; make one with the factory methods.</summary>
public sealed record Fault
{
    private Fault(FaultKind kind) => Kind = kind;

    public FaultKind Kind { get; }
    public TimeSpan Delay { get; private init; }
    public int StatusCode { get; private init; }
    public TimeSpan? RetryAfter { get; private init; }
    public string? RetryAfterHttpDate { get; private init; }
    public string? ContentType { get; private init; }
    public string Body { get; private init; } = "";
    public IReadOnlyDictionary<string, string> Headers { get; private init; } = new Dictionary<string, string>();

    public static Fault Latency(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return new Fault(FaultKind.Latency) { Delay = delay };
    }

    /// <summary>
    /// E.g. 500, 502, 503, 504, 429. <paramref name="retryAfter"/> is sent as whole seconds (rounded up),
    /// <paramref name="retryAfterHttpDate"/> verbatim (e.g. <c>"Wed, 21 Oct 2015 07:28:00 GMT"</c>); the date wins if both are given.
    /// </summary>
    public static Fault Status(int code, TimeSpan? retryAfter = null, string? retryAfterHttpDate = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(code, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(code, 599);
        return new Fault(FaultKind.Status) { StatusCode = code, RetryAfter = retryAfter, RetryAfterHttpDate = retryAfterHttpDate };
    }

    public static Fault ConnectionReset() => new(FaultKind.ConnectionReset);

    public static Fault MalformedJson() => new(FaultKind.MalformedJson) { StatusCode = 200 };

    public static Fault HtmlErrorPage(int code = 502)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(code, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(code, 599);
        return new Fault(FaultKind.HtmlErrorPage) { StatusCode = code };
    }

    public static Fault Stall() => new(FaultKind.Stall);

    /// <summary>
    /// Answers <paramref name="code"/> with <paramref name="body"/> as <paramref name="contentType"/> (null: no
    /// Content-Type) and the given headers verbatim, e.g. Zendesk's text/html 400 "Required parameter missing:
    /// phone_number", or hostile rate-limit headers. Use <paramref name="code"/> 200 for a normal-looking answer.
    /// </summary>
    public static Fault Text(int code, string? contentType, string body, IReadOnlyDictionary<string, string>? headers = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(code, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(code, 599);
        return new Fault(FaultKind.Text) { StatusCode = code, ContentType = contentType, Body = body, Headers = headers ?? new Dictionary<string, string>() };
    }
}

/// <summary>
/// Faults keyed by path prefix (e.g. "/api/v2/tickets", compared case-insensitively with the request path, query excluded).
/// The first matching fault added wins; each applies to <c>times</c> requests and then expires.
/// Faulted requests are still recorded in <see cref="ZendeskEmulator.Requests"/> but consume no rate limit.
/// </summary>
public sealed class FaultInjector
{
    private readonly object _gate = new();
    private readonly List<Entry> _entries = [];

    public void Add(string pathPrefix, Fault fault, int times = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(pathPrefix);
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        lock (_gate) _entries.Add(new Entry(pathPrefix, fault, times));
    }

    public void Clear()
    {
        lock (_gate) _entries.Clear();
    }

    /// <summary>Faults still armed.</summary>
    public int Count
    {
        get { lock (_gate) return _entries.Count; }
    }

    /// <summary>Takes one use of the first fault whose prefix matches <paramref name="path"/>.</summary>
    internal Fault? TryTake(string path)
    {
        lock (_gate)
        {
            for (var i = 0; i < _entries.Count; i++)
            {
                var entry = _entries[i];
                if (!path.StartsWith(entry.PathPrefix, StringComparison.OrdinalIgnoreCase))
                    continue;
                if (entry.Remaining != int.MaxValue && --entry.Remaining == 0)
                    _entries.RemoveAt(i);
                return entry.Fault;
            }
            return null;
        }
    }

    private sealed class Entry(string pathPrefix, Fault fault, int remaining)
    {
        public string PathPrefix { get; } = pathPrefix;
        public Fault Fault { get; } = fault;
        public int Remaining { get; set; } = remaining;
    }
}

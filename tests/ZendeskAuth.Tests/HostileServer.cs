using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ZendeskAuth.Tests;

/// <summary>One request as it arrived on the socket: the raw bytes, and the request line, headers and body read from them.</summary>
public sealed record HostileRequest(string Method, string Target, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body, byte[] Raw)
{
    public string? Header(string name) => Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    public string Path => Target.Split('?')[0];
}

/// <summary>
/// A raw TCP server on loopback (plain http://127.0.0.1, which the module allows for loopback) that answers
/// exactly what a test scripts, byte for byte: broken headers, stalls, resets, cycles of next links. Every byte
/// it received is kept, so a test can check what reached the socket (no smuggled request, no credential).
/// </summary>
public sealed class HostileServer : IAsyncDisposable
{
    /// <summary>Writes the answer to one request. Return false to close the connection afterwards.</summary>
    public delegate Task<bool> Responder(HostileRequest request, Stream connection, CancellationToken cancellationToken);

    private readonly TcpListener _listener;
    private readonly Responder _respond;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<HostileRequest> _requests = new();
    private readonly ConcurrentQueue<byte[]> _received = new();
    private readonly Task _accepting;

    private HostileServer(Responder respond)
    {
        _respond = respond;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>Starts a server whose answers come from <paramref name="respond"/>.</summary>
    public static HostileServer Start(Responder respond) => new(respond);

    /// <summary>Starts a server that answers each request with the bytes <paramref name="answer"/> gives for it.</summary>
    public static HostileServer Start(Func<HostileRequest, byte[]> answer) => new(async (request, stream, token) =>
    {
        await stream.WriteAsync(answer(request), token);
        return true;
    });

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string Url => $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public IReadOnlyList<HostileRequest> Requests => _requests.ToArray();

    /// <summary>Every byte received, on every connection, in the order connections closed or were read.</summary>
    public string ReceivedText => string.Concat(_received.Select(b => Encoding.Latin1.GetString(b)));

    /// <summary>An HTTP/1.1 answer with a JSON (or other) body and the given extra header lines.</summary>
    public static byte[] Answer(int status, string body, string contentType = "application/json; charset=utf-8", params string[] headers)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var text = new StringBuilder($"HTTP/1.1 {status.ToString(CultureInfo.InvariantCulture)} {Reason(status)}\r\n");
        if (contentType.Length > 0)
        {
            text.Append("Content-Type: ").Append(contentType).Append("\r\n");
        }
        text.Append("Content-Length: ").Append(bytes.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        foreach (var header in headers)
        {
            text.Append(header).Append("\r\n");
        }
        text.Append("\r\n");
        return Encoding.UTF8.GetBytes(text.ToString()).Concat(bytes).ToArray();
    }

    /// <summary>The answer users/me gives the demo admin, so Connect-Zendesk succeeds against this server.</summary>
    public static byte[] Me() => Answer(200, """{"user":{"id":1,"name":"Admin","email":"admin@example.com","role":"admin","verified":true}}""");

    private static string Reason(int status) => status switch
    {
        200 => "OK", 201 => "Created", 204 => "No Content", 302 => "Found", 400 => "Bad Request", 401 => "Unauthorized",
        403 => "Forbidden", 404 => "Not Found", 407 => "Proxy Authentication Required", 422 => "Unprocessable Entity",
        429 => "Too Many Requests", 500 => "Internal Server Error", 502 => "Bad Gateway", 503 => "Service Unavailable",
        _ => "Status",
    };

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                return;
            }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var buffer = new List<byte>();
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var request = await ReadRequestAsync(stream, buffer);
                    if (request is null)
                    {
                        return;
                    }
                    _requests.Enqueue(request);
                    if (!await _respond(request, stream, _stop.Token))
                    {
                        return;
                    }
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away, or a test's responder reset the connection.
            }
            finally
            {
                if (buffer.Count > 0)
                {
                    _received.Enqueue(buffer.ToArray());
                }
            }
        }
    }

    /// <summary>Reads one request; keeps every byte read in <paramref name="seen"/>. Null when the connection ends first.</summary>
    private async Task<HostileRequest?> ReadRequestAsync(NetworkStream stream, List<byte> seen)
    {
        var start = seen.Count;
        var chunk = new byte[8192];
        int headerEnd;
        while ((headerEnd = IndexOf(seen, start, "\r\n\r\n"u8)) < 0)
        {
            var read = await stream.ReadAsync(chunk, _stop.Token);
            if (read == 0)
            {
                return null;
            }
            seen.AddRange(chunk.AsSpan(0, read).ToArray());
        }

        var head = Encoding.Latin1.GetString(seen.GetRange(start, headerEnd - start).ToArray());
        var lines = head.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .Select(p => new KeyValuePair<string, string>(p[0].Trim(), p[1].Trim())).ToList();
        var bodyStart = headerEnd + 4;
        var length = headers.Where(h => h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(h => int.Parse(h.Value, CultureInfo.InvariantCulture)).FirstOrDefault();
        var chunked = headers.Any(h => h.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && h.Value.Contains("chunked", StringComparison.OrdinalIgnoreCase));

        byte[] body;
        if (chunked)
        {
            var decoded = new List<byte>();
            var position = bodyStart;
            while (true)
            {
                int lineEnd;
                while ((lineEnd = IndexOf(seen, position, "\r\n"u8)) < 0)
                {
                    if (!await ReadMoreAsync(stream, seen, chunk)) return null;
                }
                var size = int.Parse(Encoding.Latin1.GetString(seen.GetRange(position, lineEnd - position).ToArray()).Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                position = lineEnd + 2;
                while (seen.Count < position + size + 2)
                {
                    if (!await ReadMoreAsync(stream, seen, chunk)) return null;
                }
                decoded.AddRange(seen.GetRange(position, size));
                position += size + 2;
                if (size == 0)
                {
                    break;
                }
            }
            body = decoded.ToArray();
            length = position - bodyStart;
        }
        else
        {
            while (seen.Count < bodyStart + length)
            {
                if (!await ReadMoreAsync(stream, seen, chunk)) return null;
            }
            body = seen.GetRange(bodyStart, length).ToArray();
        }

        var raw = seen.GetRange(start, bodyStart + length - start).ToArray();
        // Bytes past this request (a pipelined or smuggled one) stay in the buffer for the next read.
        return new HostileRequest(requestLine[0], requestLine.Length > 1 ? requestLine[1] : "", headers, body, raw);
    }

    private async Task<bool> ReadMoreAsync(NetworkStream stream, List<byte> seen, byte[] chunk)
    {
        var read = await stream.ReadAsync(chunk, _stop.Token);
        if (read == 0)
        {
            return false;
        }
        seen.AddRange(chunk.AsSpan(0, read).ToArray());
        return true;
    }

    private static int IndexOf(List<byte> bytes, int from, ReadOnlySpan<byte> pattern)
    {
        for (var i = from; i + pattern.Length <= bytes.Count; i++)
        {
            var match = true;
            for (var j = 0; j < pattern.Length && match; j++)
            {
                match = bytes[i + j] == pattern[j];
            }
            if (match)
            {
                return i;
            }
        }
        return -1;
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception)
        {
            // Stopping.
        }
        _stop.Dispose();
    }
}

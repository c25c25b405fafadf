using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace ZendeskAuth.OAuth;

/// <summary>
/// Waits on the loopback redirect URI for the browser to bring back the authorization code (RFC 8252
/// section 7.3). A plain TCP listener, not HttpListener, which needs a URL reservation on Windows.
/// </summary>
internal sealed class LoopbackRedirectListener : IDisposable
{
    private readonly TcpListener _listener;
    private readonly string _path;

    private LoopbackRedirectListener(TcpListener listener, Uri redirectUri)
    {
        _listener = listener;
        _path = redirectUri.AbsolutePath;
        RedirectUri = redirectUri;
    }

    /// <summary>The redirect URI as sent to Zendesk, with the port actually listened on.</summary>
    public Uri RedirectUri { get; }

    /// <summary>Listens on the URI's loopback address and port; port 0 (or none) picks a free one.</summary>
    public static LoopbackRedirectListener Start(Uri redirectUri)
    {
        var address = redirectUri.HostNameType == UriHostNameType.IPv6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
        var listener = new TcpListener(address, redirectUri.IsDefaultPort ? 0 : redirectUri.Port);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        return new LoopbackRedirectListener(listener, new UriBuilder(redirectUri) { Port = port }.Uri);
    }

    /// <summary>How long one browser connection may take to send its request; an idle one is closed, the wait goes on.</summary>
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The most of a request's head read (request line and headers); a longer one is refused.</summary>
    public const int MaxRequestHead = 16 * 1024;

    /// <summary>
    /// The query of the first request to the redirect path that <paramref name="respond"/> accepts (Done). A request
    /// it refuses (a stray or forged one, with a wrong state) gets its error page, and the wait goes on until the
    /// real one comes or <paramref name="cancellationToken"/> ends it. Other paths (a favicon) get 404. Connections
    /// are served concurrently, each with <see cref="ReadTimeout"/>: an idle or broken one cannot block or end the wait.
    /// </summary>
    public async Task<IDictionary<string, string>> WaitAsync(Func<IDictionary<string, string>, (int Status, string Html, bool Done)> respond, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var found = new TaskCompletionSource<IDictionary<string, string>>();
        using var stop = new CancellationTokenSource();
        var accepting = AcceptAsync(respond, found, stop.Token);
        try
        {
            using (cancellationToken.Register(() => found.TrySetCanceled()))
            {
                return await found.Task.ConfigureAwait(false);
            }
        }
        finally
        {
            stop.Cancel();
            // AcceptTcpClientAsync takes no token on netstandard2.0: stopping the listener ends the accept.
            _listener.Stop();
            try
            {
                await accepting.ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                // Stopped.
            }
        }
    }

    private async Task AcceptAsync(Func<IDictionary<string, string>, (int Status, string Html, bool Done)> respond, TaskCompletionSource<IDictionary<string, string>> found, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException or InvalidOperationException)
            {
                if (stop.IsCancellationRequested)
                {
                    return;
                }
                // A connection reset before it was accepted: wait for the next.
                continue;
            }
            _ = ServeAsync(client, respond, found, stop);
        }
    }

    /// <summary>Answers one connection; never throws: a broken, idle or garbled one is closed and forgotten.</summary>
    private async Task ServeAsync(TcpClient client, Func<IDictionary<string, string>, (int Status, string Html, bool Done)> respond, TaskCompletionSource<IDictionary<string, string>> found, CancellationToken stop)
    {
        using (client)
        using (var idle = CancellationTokenSource.CreateLinkedTokenSource(stop))
        {
            idle.CancelAfter(ReadTimeout);
            using (idle.Token.Register(client.Close))
            {
                try
                {
                    var stream = client.GetStream();
                    var target = await ReadRequestTargetAsync(stream).ConfigureAwait(false);
                    if (target is null)
                    {
                        await WriteAsync(stream, 400, "<p>Bad request.</p>").ConfigureAwait(false);
                        return;
                    }
                    var question = target.IndexOf('?');
                    var path = question < 0 ? target : target.Substring(0, question);
                    if (!string.Equals(path, _path, StringComparison.Ordinal))
                    {
                        await WriteAsync(stream, 404, "<p>Not found.</p>").ConfigureAwait(false);
                        return;
                    }

                    var query = ParseQuery(question < 0 ? "" : target.Substring(question + 1));
                    var (status, html, done) = respond(query);
                    try
                    {
                        await WriteAsync(stream, status, html).ConfigureAwait(false);
                    }
                    finally
                    {
                        if (done)
                        {
                            found.TrySetResult(query);
                        }
                    }
                }
                catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException or ArgumentException)
                {
                    // The browser (or whatever connected) went away or sent garbage; the wait goes on.
                }
            }
        }
    }

    public void Dispose() => _listener.Stop();

    internal static IDictionary<string, string> ParseQuery(string query)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.Split(new[] { '&' }, StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var name = Decode(equals < 0 ? pair : pair.Substring(0, equals));
            result[name] = equals < 0 ? "" : Decode(pair.Substring(equals + 1));
        }
        return result;
    }

    private static string Decode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));

    /// <summary>
    /// The target of <c>GET /path?query HTTP/1.1</c>, or null for anything else; the rest of the head is read
    /// (up to <see cref="MaxRequestHead"/>) and ignored.
    /// </summary>
    private static async Task<string?> ReadRequestTargetAsync(NetworkStream stream)
    {
        var head = new MemoryStream();
        var chunk = new byte[1024];
        while (true)
        {
            var read = await stream.ReadAsync(chunk, 0, chunk.Length).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }
            head.Write(chunk, 0, read);
            var text = Encoding.ASCII.GetString(head.GetBuffer(), 0, (int)head.Length);
            if (text.IndexOf("\r\n\r\n", StringComparison.Ordinal) >= 0 || text.IndexOf("\n\n", StringComparison.Ordinal) >= 0)
            {
                break;
            }
            if (head.Length > MaxRequestHead)
            {
                return null;
            }
        }
        var all = Encoding.ASCII.GetString(head.GetBuffer(), 0, (int)head.Length);
        var end = all.IndexOf('\n');
        var requestLine = (end < 0 ? all : all.Substring(0, end)).TrimEnd('\r');
        var parts = requestLine.Split(' ');
        return parts.Length >= 2 && parts[0] == "GET" && parts[1].StartsWith("/", StringComparison.Ordinal) ? parts[1] : null;
    }

    private static async Task WriteAsync(NetworkStream stream, int status, string html)
    {
        var body = Encoding.UTF8.GetBytes($"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>ZendeskAuth</title></head><body>{html}</body></html>");
        var head = Encoding.ASCII.GetBytes(
            $"HTTP/1.1 {status} {(status == 200 ? "OK" : status == 400 ? "Bad Request" : status == 404 ? "Not Found" : "Error")}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {body.Length}\r\nConnection: close\r\nCache-Control: no-store\r\n\r\n");
        await stream.WriteAsync(head, 0, head.Length).ConfigureAwait(false);
        await stream.WriteAsync(body, 0, body.Length).ConfigureAwait(false);
    }
}

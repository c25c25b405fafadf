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

    /// <summary>
    /// The query of the first request to the redirect path. Other requests (a browser's favicon) get 404 and
    /// are passed over. <paramref name="respond"/> chooses the page the browser shows.
    /// </summary>
    public async Task<IDictionary<string, string>> WaitAsync(Func<IDictionary<string, string>, (int Status, string Html)> respond, CancellationToken cancellationToken)
    {
        // AcceptTcpClientAsync takes no token on netstandard2.0: stopping the listener ends the wait.
        using (cancellationToken.Register(_listener.Stop))
        {
            while (true)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync().ConfigureAwait(false);
                }
                catch (Exception e) when ((e is ObjectDisposedException or SocketException or InvalidOperationException) && cancellationToken.IsCancellationRequested)
                {
                    throw new OperationCanceledException(cancellationToken);
                }

                using (client)
                using (cancellationToken.Register(client.Close))
                {
                    var stream = client.GetStream();
                    var target = await ReadRequestTargetAsync(stream).ConfigureAwait(false);
                    var question = target?.IndexOf('?') ?? -1;
                    var path = target is null ? null : question < 0 ? target : target.Substring(0, question);
                    if (path is null || !string.Equals(path, _path, StringComparison.Ordinal))
                    {
                        await WriteAsync(stream, 404, "<p>Not found.</p>").ConfigureAwait(false);
                        continue;
                    }

                    var query = ParseQuery(question < 0 ? "" : target!.Substring(question + 1));
                    var (status, html) = respond(query);
                    await WriteAsync(stream, status, html).ConfigureAwait(false);
                    return query;
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

    /// <summary>The target of <c>GET /path?query HTTP/1.1</c>; the rest of the request is read and ignored.</summary>
    private static async Task<string?> ReadRequestTargetAsync(NetworkStream stream)
    {
        var reader = new StreamReader(stream, Encoding.ASCII, false, 1024, leaveOpen: true);
        var requestLine = await reader.ReadLineAsync().ConfigureAwait(false);
        string? line;
        do
        {
            line = await reader.ReadLineAsync().ConfigureAwait(false);
        }
        while (!string.IsNullOrEmpty(line));

        var parts = requestLine?.Split(' ');
        return parts is { Length: >= 2 } && parts[0] == "GET" ? parts[1] : null;
    }

    private static async Task WriteAsync(NetworkStream stream, int status, string html)
    {
        var body = Encoding.UTF8.GetBytes($"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>ZendeskAuth</title></head><body>{html}</body></html>");
        var head = Encoding.ASCII.GetBytes(
            $"HTTP/1.1 {status} {(status == 200 ? "OK" : status == 400 ? "Bad Request" : "Not Found")}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {body.Length}\r\nConnection: close\r\nCache-Control: no-store\r\n\r\n");
        await stream.WriteAsync(head, 0, head.Length).ConfigureAwait(false);
        await stream.WriteAsync(body, 0, body.Length).ConfigureAwait(false);
    }
}

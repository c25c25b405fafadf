using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ZendeskAuth.Tests;

/// <summary>One request as the proxy read it: method, target (authority for CONNECT, absolute URI otherwise) and Proxy-Authorization.</summary>
public sealed record ProxiedRequest(string Method, string Target, string? ProxyAuthorization, string Head);

/// <summary>
/// A forward proxy on loopback that demands Basic credentials (407 with Proxy-Authenticate until they come),
/// then tunnels CONNECT (https) or forwards absolute-URI requests (plain http). Every host name resolves to
/// 127.0.0.1, so a test can name a non-loopback-looking host (zendesk.test) that only this proxy can reach,
/// and no traffic leaves the machine.
/// </summary>
public sealed class LoopbackProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<ProxiedRequest> _requests = new();
    private readonly string? _expectedAuthorization;
    private readonly Task _accepting;

    private LoopbackProxy(string? userName, string? password)
    {
        _expectedAuthorization = userName is null ? null : "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(userName + ":" + password));
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>A proxy that demands these Basic credentials; with none, it lets every request through.</summary>
    public static LoopbackProxy Start(string? userName = null, string? password = null) => new(userName, password);

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture)}";

    public IReadOnlyList<ProxiedRequest> Requests => _requests.ToArray();

    /// <summary>Requests the proxy let through (credentials accepted).</summary>
    public IReadOnlyList<ProxiedRequest> Forwarded => Requests.Where(r => _expectedAuthorization is null || r.ProxyAuthorization == _expectedAuthorization).ToArray();

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
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                while (await ReadHeadAsync(stream) is { } head)
                {
                    var lines = head.Split("\r\n");
                    var parts = lines[0].Split(' ');
                    var headers = lines.Skip(1).Where(l => l.Contains(':')).Select(l => (Name: l[..l.IndexOf(':')].Trim(), Value: l[(l.IndexOf(':') + 1)..].Trim())).ToList();
                    string? Header(string name) => headers.FirstOrDefault(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
                    var authorization = Header("Proxy-Authorization");
                    _requests.Enqueue(new ProxiedRequest(parts[0], parts[1], authorization, head));
                    var length = int.TryParse(Header("Content-Length"), out var n) ? n : 0;
                    var body = await ReadExactlyAsync(stream, length);

                    if (_expectedAuthorization is not null && authorization != _expectedAuthorization)
                    {
                        await WriteAsync(stream, "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"corp\"\r\nContent-Type: text/plain\r\nContent-Length: 14\r\n\r\nsign in first.");
                        continue;
                    }

                    if (parts[0] == "CONNECT")
                    {
                        using var target = new TcpClient();
                        await target.ConnectAsync(IPAddress.Loopback, PortOf(parts[1]));
                        await WriteAsync(stream, "HTTP/1.1 200 Connection established\r\n\r\n");
                        var targetStream = target.GetStream();
                        await Task.WhenAny(stream.CopyToAsync(targetStream, _stop.Token), targetStream.CopyToAsync(stream, _stop.Token));
                        return;
                    }

                    // Plain http: the absolute URI becomes origin-form; the proxy's own headers stay here.
                    var uri = new Uri(parts[1]);
                    using var origin = new TcpClient();
                    await origin.ConnectAsync(IPAddress.Loopback, uri.Port);
                    var originStream = origin.GetStream();
                    var forwarded = new StringBuilder($"{parts[0]} {uri.PathAndQuery} {parts[2]}\r\n");
                    foreach (var (name, value) in headers.Where(h => !h.Name.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase) && !h.Name.Equals("Connection", StringComparison.OrdinalIgnoreCase)))
                    {
                        forwarded.Append(name).Append(": ").Append(value).Append("\r\n");
                    }
                    forwarded.Append("Connection: close\r\n\r\n");
                    await WriteAsync(originStream, forwarded.ToString());
                    await originStream.WriteAsync(body);
                    await originStream.CopyToAsync(stream, _stop.Token);
                    return;
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client or the target hung up.
            }
        }
    }

    private static int PortOf(string authority) => int.Parse(authority[(authority.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);

    private static async Task<string?> ReadHeadAsync(Stream stream)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (bytes.Count < 4 || !(bytes[^4] == '\r' && bytes[^3] == '\n' && bytes[^2] == '\r' && bytes[^1] == '\n'))
        {
            if (await stream.ReadAsync(one) == 0)
            {
                return null;
            }
            bytes.Add(one[0]);
        }
        return Encoding.Latin1.GetString(bytes.ToArray(), 0, bytes.Count - 4);
    }

    private static async Task<byte[]> ReadExactlyAsync(Stream stream, int length)
    {
        var buffer = new byte[length];
        await stream.ReadExactlyAsync(buffer);
        return buffer;
    }

    private static Task WriteAsync(Stream stream, string text) => stream.WriteAsync(Encoding.Latin1.GetBytes(text)).AsTask();

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}

using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Reflection;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;

namespace ZendeskAuth.Http;

/// <summary>
/// The module's long-lived <see cref="HttpClient"/>s, shared by every connection so TCP and TLS sessions are
/// reused: one per <see cref="HttpTransport"/> (certificate check and proxy settings). A checked client always
/// validates the certificate chain itself, whatever process-wide callback Windows PowerShell 5.1 has
/// (<c>[Net.ServicePointManager]::ServerCertificateValidationCallback = { $true }</c>). Loopback hosts are never
/// sent through the environment's or the system's proxy; a proxy given with -Proxy is used for every host.
/// A proxy's 407 becomes a <see cref="ZendeskProxyAuthenticationException"/>.
/// </summary>
internal static class HttpClientProvider
{
    // SslProtocols.Tls13 is missing from netstandard2.0; 12288 is its value. Set on the handler, not on
    // ServicePointManager, so Windows PowerShell 5.1 gets TLS 1.2+ without changing the rest of the process.
    private const SslProtocols Tls12OrLater = SslProtocols.Tls12 | (SslProtocols)12288;

    private static readonly ConcurrentDictionary<string, Lazy<Sender>> s_clients = new(StringComparer.Ordinal);

    public static string UserAgent { get; } = "ZendeskAuth/" + ModuleVersion();

    /// <summary>The shared client for a transport: made on first use, kept for the life of the process.</summary>
    public static HttpClient Get(HttpTransport transport) => SenderFor(transport).Client;

    /// <summary>The shared client without proxy settings of its own.</summary>
    public static HttpClient Get(bool skipCertificateCheck) => Get(HttpTransport.For(skipCertificateCheck));

    /// <summary>
    /// Sends on the transport's shared client and returns once the answer's headers are read: inline where
    /// <see cref="InlineSend.Here"/>, else asynchronously. A proxy's 407 (an answer for plain http, a failed CONNECT
    /// for https) is a <see cref="ZendeskProxyAuthenticationException"/>.
    /// </summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpTransport transport, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var sender = SenderFor(transport);
        HttpResponseMessage response;
        try
        {
            response = InlineSend.Here
                ? InlineSend.Send(sender.Client, request, cancellationToken)
                : await sender.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (Sender.IsProxyAuthenticationFailure(e))
        {
            throw new ZendeskProxyAuthenticationException(request.Method.Method, request.RequestUri!, sender.ProxyOf(request.RequestUri!), null, transport.HasProxySettings, e);
        }
        if (response.StatusCode == HttpStatusCode.ProxyAuthenticationRequired)
        {
            var schemes = string.Join(", ", response.Headers.ProxyAuthenticate.Select(h => h.Scheme).Distinct(StringComparer.OrdinalIgnoreCase));
            response.Dispose();
            throw new ZendeskProxyAuthenticationException(request.Method.Method, request.RequestUri!, sender.ProxyOf(request.RequestUri!), schemes.Length == 0 ? null : schemes, transport.HasProxySettings, null);
        }
        return response;
    }

    private static Sender SenderFor(HttpTransport transport) =>
        s_clients.GetOrAdd(transport.Key, _ => new Lazy<Sender>(() => new Sender(CreateHandler(transport, WebRequest.DefaultWebProxy)), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    /// <summary>The handler for a transport; <paramref name="systemProxy"/> is the environment's or system's proxy (null: none).</summary>
    internal static HttpClientHandler CreateHandler(HttpTransport transport, IWebProxy? systemProxy)
    {
        var handler = new HttpClientHandler
        {
            // Redirects are not followed: credentials must never travel to a host the user did not name.
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            UseCookies = false,
            MaxConnectionsPerServer = 64,
            UseProxy = true,
            Proxy = ProxyFor(transport, systemProxy),
        };
        try
        {
            handler.SslProtocols = Tls12OrLater;
        }
        catch (NotSupportedException)
        {
            // A platform that cannot name TLS 1.3 still gets TLS 1.2.
            handler.SslProtocols = SslProtocols.Tls12;
        }

        // With no callback of its own, .NET Framework's handler defers to ServicePointManager's process-wide
        // callback, which scripts often set to { $true }: the checked client must decide for itself.
        handler.ServerCertificateCustomValidationCallback = transport.SkipCertificateCheck
            ? (_, _, _, _) => true
            : (_, _, _, errors) => errors == SslPolicyErrors.None;
        return handler;
    }

    /// <summary>
    /// -Proxy as given (for every host, as Invoke-RestMethod -Proxy); otherwise the environment's or system's
    /// proxy, bypassed for loopback hosts so a local emulator's traffic and credential never go through it.
    /// </summary>
    internal static IWebProxy ProxyFor(HttpTransport transport, IWebProxy? systemProxy)
    {
        ICredentials? credentials = transport.ProxyUseDefaultCredentials ? CredentialCache.DefaultCredentials : transport.ProxyCredential;
        if (transport.Proxy is { } given)
        {
            return new WebProxy(given) { BypassProxyOnLocal = false, Credentials = credentials };
        }
        return new LoopbackBypassingProxy(systemProxy) { Credentials = credentials };
    }

    private static string ModuleVersion()
    {
        var assembly = typeof(HttpClientProvider).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        return informational?.Split('+')[0] ?? assembly.GetName().Version?.ToString(3) ?? "0.0.0";
    }

    /// <summary>The environment's or system's proxy, except for loopback hosts; its own credentials unless others are given.</summary>
    internal sealed class LoopbackBypassingProxy : IWebProxy
    {
        private readonly IWebProxy? _inner;
        private ICredentials? _credentials;

        public LoopbackBypassingProxy(IWebProxy? inner) => _inner = inner;

        // Set here, never on the process-wide proxy object that other code shares.
        public ICredentials? Credentials
        {
            get => _credentials ?? _inner?.Credentials;
            set => _credentials = value;
        }

        public Uri? GetProxy(Uri destination) => IsBypassed(destination) ? destination : _inner!.GetProxy(destination);

        public bool IsBypassed(Uri host) => _inner is null || ZendeskUrl.IsLoopback(host) || _inner.IsBypassed(host);
    }

    /// <summary>A shared client and the proxy its handler uses (to name it when the proxy refuses).</summary>
    private sealed class Sender
    {
        private readonly IWebProxy? _proxy;

        public Sender(HttpClientHandler handler)
        {
            _proxy = handler.Proxy;
            // Timeouts are per request (-TimeoutSec), told apart from Ctrl+C by their own token.
            Client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        }

        public HttpClient Client { get; }

        public Uri? ProxyOf(Uri destination)
        {
            try
            {
                return _proxy is null || _proxy.IsBypassed(destination) ? null : _proxy.GetProxy(destination);
            }
            catch (Exception e) when (e is InvalidOperationException or NotSupportedException or WebException)
            {
                return null;
            }
        }

        /// <summary>
        /// A CONNECT refused with 407: .NET names the status in the message (and, from .NET 5, in StatusCode);
        /// .NET Framework in an inner WebException's response.
        /// </summary>
        public static bool IsProxyAuthenticationFailure(HttpRequestException exception)
        {
            if (exception.GetType().GetProperty("StatusCode")?.GetValue(exception) is HttpStatusCode.ProxyAuthenticationRequired)
            {
                return true;
            }
            for (Exception? e = exception; e is not null; e = e.InnerException)
            {
                if (e is WebException { Response: HttpWebResponse { StatusCode: HttpStatusCode.ProxyAuthenticationRequired } }
                    || e.Message.Contains("407") && e.Message.IndexOf("proxy", StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return true;
                }
            }
            return false;
        }
    }
}

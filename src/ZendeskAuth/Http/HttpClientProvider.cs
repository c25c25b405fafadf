using System;
using System.Net;
using System.Net.Http;
using System.Reflection;
using System.Security.Authentication;
using System.Threading;

namespace ZendeskAuth.Http;

/// <summary>
/// The module's long-lived <see cref="HttpClient"/>s, shared by every connection so TCP and TLS sessions are
/// reused. One checks certificates; the other, for a local emulator with -SkipCertificateCheck, does not.
/// </summary>
internal static class HttpClientProvider
{
    // SslProtocols.Tls13 is missing from netstandard2.0; 12288 is its value. Set on the handler, not on
    // ServicePointManager, so Windows PowerShell 5.1 gets TLS 1.2+ without changing the rest of the process.
    private const SslProtocols Tls12OrLater = SslProtocols.Tls12 | (SslProtocols)12288;

    private static readonly Lazy<HttpClient> s_checked = new(() => Create(skipCertificateCheck: false), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<HttpClient> s_unchecked = new(() => Create(skipCertificateCheck: true), LazyThreadSafetyMode.ExecutionAndPublication);

    public static string UserAgent { get; } = "ZendeskAuth/" + ModuleVersion();

    public static HttpClient Get(bool skipCertificateCheck) => skipCertificateCheck ? s_unchecked.Value : s_checked.Value;

    private static HttpClient Create(bool skipCertificateCheck)
    {
        var handler = new HttpClientHandler
        {
            // Redirects are not followed: credentials must never travel to a host the user did not name.
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            UseCookies = false,
            MaxConnectionsPerServer = 64,
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

        if (skipCertificateCheck)
        {
            handler.ServerCertificateCustomValidationCallback = (_, _, _, _) => true;
        }

        // Timeouts are per request (-TimeoutSec), told apart from Ctrl+C by their own token.
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    private static string ModuleVersion()
    {
        var assembly = typeof(HttpClientProvider).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        return informational?.Split('+')[0] ?? assembly.GetName().Version?.ToString(3) ?? "0.0.0";
    }
}

using System;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace ZendeskAuth.Http;

/// <summary>
/// How requests reach the server: whether the certificate is checked, and through which proxy. A connection
/// keeps one; <see cref="HttpClientProvider"/> hands out one long-lived client per distinct transport.
/// </summary>
internal sealed class HttpTransport
{
    private static readonly byte[] s_fingerprintKey = NewKey();

    /// <summary>Certificates checked; the environment's or system's proxy (never for loopback hosts).</summary>
    public static readonly HttpTransport Checked = new(false, null, null, false);

    /// <summary>Certificates not checked (a local emulator); the environment's or system's proxy (never for loopback hosts).</summary>
    public static readonly HttpTransport Unchecked = new(true, null, null, false);

    private HttpTransport(bool skipCertificateCheck, Uri? proxy, NetworkCredential? proxyCredential, bool proxyUseDefaultCredentials)
    {
        SkipCertificateCheck = skipCertificateCheck;
        Proxy = proxy;
        ProxyCredential = proxyCredential;
        ProxyUseDefaultCredentials = proxyUseDefaultCredentials;
        // The secret never sits in the key: a keyed hash with a per-process random key tells credentials apart.
        Key = string.Join("|",
            skipCertificateCheck ? "unchecked" : "checked",
            proxy?.AbsoluteUri ?? "environment",
            proxyUseDefaultCredentials ? "default-credentials" : "",
            proxyCredential is null ? "" : Fingerprint(proxyCredential));
    }

    /// <summary>True when the server's certificate is not checked.</summary>
    public bool SkipCertificateCheck { get; }

    /// <summary>
    /// The proxy given with -Proxy, used for every host including loopback (as Invoke-RestMethod -Proxy does);
    /// null for the environment's (HTTPS_PROXY, HTTP_PROXY, NO_PROXY) or the system's proxy, never used for loopback.
    /// </summary>
    public Uri? Proxy { get; }

    /// <summary>Credentials for the proxy (-ProxyCredential): the given proxy's, or else the environment's or system's.</summary>
    public NetworkCredential? ProxyCredential { get; }

    /// <summary>The signed-in user's credentials for the proxy (NTLM or Negotiate on Windows).</summary>
    public bool ProxyUseDefaultCredentials { get; }

    /// <summary>Tells transports apart without holding a secret; equal keys share one HttpClient.</summary>
    public string Key { get; }

    /// <summary>True when any proxy setting was given, so the environment's and system's defaults are not all that applies.</summary>
    public bool HasProxySettings => Proxy is not null || ProxyCredential is not null || ProxyUseDefaultCredentials;

    public static HttpTransport For(bool skipCertificateCheck) => skipCertificateCheck ? Unchecked : Checked;

    /// <summary>
    /// A transport with proxy settings. <paramref name="proxy"/> must be an absolute http:// or https:// URL without
    /// user information (credentials go in <paramref name="proxyCredential"/>, which is never shown).
    /// </summary>
    /// <exception cref="ArgumentException">The proxy URL is not usable, or both kinds of credentials were given.</exception>
    public static HttpTransport Create(bool skipCertificateCheck, Uri? proxy, NetworkCredential? proxyCredential, bool proxyUseDefaultCredentials)
    {
        if (proxy is not null)
        {
            if (!proxy.IsAbsoluteUri || proxy.Scheme != Uri.UriSchemeHttp && proxy.Scheme != Uri.UriSchemeHttps)
            {
                throw new ArgumentException($"-Proxy must be an absolute http:// or https:// URL such as http://proxy.example.com:8080; '{Json.SecretRedactor.Url(proxy.OriginalString)}' is not.");
            }
            if (proxy.UserInfo.Length > 0)
            {
                // A password in the URL would show wherever the connection is shown.
                throw new ArgumentException("-Proxy must not carry a user name or password: give them with -ProxyCredential.");
            }
        }
        if (proxyCredential is not null && proxyUseDefaultCredentials)
        {
            throw new ArgumentException("Give either -ProxyCredential or -ProxyUseDefaultCredentials, not both.");
        }
        return proxy is null && proxyCredential is null && !proxyUseDefaultCredentials
            ? For(skipCertificateCheck)
            : new HttpTransport(skipCertificateCheck, proxy, proxyCredential, proxyUseDefaultCredentials);
    }

    /// <summary>The same proxy settings with another certificate check.</summary>
    public HttpTransport WithSkipCertificateCheck(bool skipCertificateCheck) =>
        skipCertificateCheck == SkipCertificateCheck ? this : new HttpTransport(skipCertificateCheck, Proxy, ProxyCredential, ProxyUseDefaultCredentials);

    public override string ToString() => Proxy is null ? (HasProxySettings ? "the system proxy with credentials" : "direct or the system proxy") : "proxy " + Proxy.GetLeftPart(UriPartial.Authority);

    private static string Fingerprint(NetworkCredential credential)
    {
        using var hmac = new HMACSHA256(s_fingerprintKey);
        var hash = hmac.ComputeHash(Encoding.UTF8.GetBytes(credential.Domain + "\\" + credential.UserName + "\0" + credential.Password));
        return Convert.ToBase64String(hash);
    }

    private static byte[] NewKey()
    {
        var key = new byte[32];
        using var random = RandomNumberGenerator.Create();
        random.GetBytes(key);
        return key;
    }
}

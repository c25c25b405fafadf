using System;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using ZendeskAuth.Authentication;
using ZendeskAuth.Http;

namespace ZendeskAuth.Connections;

/// <summary>
/// A checked connection to one Zendesk account: where, as whom, and how. Its properties, <see cref="ToString"/>
/// and format view never show the secret, which only the module can reach.
/// </summary>
public sealed class ZendeskConnection
{
    internal ZendeskConnection(Uri url, ZendeskCredential credential, bool skipCertificateCheck)
        : this(url, credential, HttpTransport.For(skipCertificateCheck))
    {
    }

    internal ZendeskConnection(Uri url, ZendeskCredential credential, HttpTransport transport)
    {
        Url = url;
        Credential = credential;
        Transport = transport;
    }

    /// <summary>The account's base URL, such as https://acme.zendesk.com/.</summary>
    public Uri Url { get; }

    public AuthenticationType AuthenticationType => Credential.Type;

    /// <summary>The email of the user Zendesk says the credential belongs to.</summary>
    public string? Email { get; private set; }

    /// <summary>Null when an OAuth token's scopes do not let it read the user.</summary>
    public long? UserId { get; private set; }

    public string? Name { get; private set; }

    /// <summary>end-user, agent or admin.</summary>
    public string? Role { get; private set; }

    public DateTimeOffset ConnectedAt { get; private set; }

    /// <summary>True when the server's certificate is not checked (a local emulator with a self-signed certificate).</summary>
    public bool SkipCertificateCheck => Transport.SkipCertificateCheck;

    /// <summary>
    /// The proxy given with -Proxy, used for every request of this connection; null when requests go direct or
    /// through the environment's (HTTPS_PROXY) or system's proxy. Proxy credentials are kept but never shown.
    /// </summary>
    public Uri? Proxy => Transport.Proxy;

    /// <summary>True when the connection signs in to the proxy as the current Windows user (-ProxyUseDefaultCredentials).</summary>
    public bool ProxyUseDefaultCredentials => Transport.ProxyUseDefaultCredentials;

    /// <summary>Certificate check and proxy settings: which shared HttpClient carries this connection's requests.</summary>
    internal HttpTransport Transport { get; }

    /// <summary>The rate-limit headers of the latest response on this connection.</summary>
    public RateLimitState RateLimit { get; } = new();

    /// <summary>When the OAuth access token expires, if known; it is renewed before then when the connection can.</summary>
    public DateTimeOffset? TokenExpiresAt => Credential.ExpiresAt;

    /// <summary>refresh_token or client_credentials when the connection renews its OAuth token itself; otherwise null.</summary>
    public string? RenewsWith => Credential.RenewalGrantType;

    /// <summary>False once Disconnect-Zendesk has forgotten the secret.</summary>
    public bool IsConnected => !Credential.IsDisposed;

    internal ZendeskCredential Credential { get; }

    /// <summary>
    /// The newest token after the connection renewed its OAuth token (access and refresh token as SecureStrings),
    /// or null before any renewal. Zendesk rotates refresh tokens: when -OnTokenRefreshed failed or a renewal
    /// finished after Ctrl+C, store this one's RefreshToken; the one given to Connect-Zendesk no longer works.
    /// </summary>
    public OAuth.ZendeskOAuthToken? RenewedToken { get; internal set; }

    /// <summary>Called with the new token after each renewal, so a script can keep the rotated refresh token.</summary>
    internal ScriptBlock? OnTokenRefreshed { get; set; }

    /// <summary>The runspace that connected, where <see cref="OnTokenRefreshed"/> belongs.</summary>
    internal Runspace? Origin { get; set; }

    /// <summary>Records who Zendesk says the credential belongs to, once the check succeeded.</summary>
    internal void SetUser(ZendeskUser user)
    {
        UserId = user.Id;
        Email = user.Email;
        Name = user.Name;
        Role = user.Role;
        ConnectedAt = DateTimeOffset.Now;
    }

    public override string ToString() => $"{Email ?? "(unknown user)"} @ {Url} ({AuthenticationType})";
}

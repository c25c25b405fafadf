using System;

namespace ZendeskAuth.Http;

/// <summary>
/// A proxy between this computer and Zendesk answered 407 Proxy Authentication Required: it wants credentials,
/// or refused the ones given. The request never reached Zendesk. The message says how to give credentials and
/// never shows them.
/// </summary>
public sealed class ZendeskProxyAuthenticationException : ZendeskException
{
    internal ZendeskProxyAuthenticationException(string method, Uri uri, Uri? proxy, string? schemes, bool credentialsGiven, Exception? inner)
        : base(BuildMessage(method, uri, proxy, schemes, credentialsGiven), inner)
    {
        Uri = Json.SecretRedactor.ShownUri(uri);
        Proxy = proxy;
        Schemes = schemes;
    }

    /// <summary>The URL the request was for.</summary>
    public Uri Uri { get; }

    /// <summary>The proxy that answered 407, when known.</summary>
    public Uri? Proxy { get; }

    /// <summary>The authentication schemes the proxy named (Proxy-Authenticate), such as Basic, NTLM or Negotiate, when known.</summary>
    public string? Schemes { get; }

    /// <summary>What to do: the same advice as the message's last sentence.</summary>
    public string RecommendedAction => Advice(credentialsGiven: false);

    private static string BuildMessage(string method, Uri uri, Uri? proxy, string? schemes, bool credentialsGiven)
    {
        var who = proxy is null ? "The proxy" : $"The proxy {proxy.GetLeftPart(UriPartial.Authority)}";
        var asks = schemes is null ? "" : $" (it asks for {schemes})";
        var what = credentialsGiven ? "refused the proxy credentials given" : "requires credentials";
        return $"{method} {uri.GetLeftPart(UriPartial.Path)} did not reach Zendesk: {who} {what}{asks} and answered 407 Proxy Authentication Required. {Advice(credentialsGiven)}";
    }

    private static string Advice(bool credentialsGiven) =>
        (credentialsGiven ? "Check the proxy user name and password, or use the other kind of credential: " : "Give the proxy credentials on Connect-Zendesk or New-ZendeskOAuthToken: ")
        + "-ProxyCredential (Get-Credential) for Basic, NTLM or Negotiate, or -ProxyUseDefaultCredentials to sign in to the proxy as the current Windows user; add -Proxy http://host:port when the proxy is not the one in HTTPS_PROXY or the system settings.";
}

using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace ZendeskAuth.Emulator;

/// <summary>Zendesk's OAuth scope vocabulary: https://developer.zendesk.com/api-reference/ticketing/oauth/oauth_tokens/#scopes</summary>
public static class OAuthScopes
{
    private static readonly string[] ReadWriteResources =
    [
        "tickets", "users", "organizations", "hc", "apps", "triggers", "automations", "targets", "webhooks", "macros",
        "requests", "satisfaction_ratings", "dynamic_content",
    ];

    private static readonly HashSet<string> Known = BuildKnown();

    /// <summary>read, write, impersonate, RESOURCE[:read|:write], auditlogs[:read] (read only), any_channel[:write] and
    /// web_widget[:write] (write only). [guess] that the bare write-only/read-only resource names are accepted too.</summary>
    public static bool IsKnown(string scope) => Known.Contains(scope);

    /// <summary>The space-separated <c>scope</c> string of the grant-type API, split.</summary>
    public static string[] Split(string? scope) =>
        (scope ?? "").Split([' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);

    private static HashSet<string> BuildKnown()
    {
        var known = new HashSet<string>(StringComparer.Ordinal) { "read", "write", "impersonate", "auditlogs", "auditlogs:read",
            "any_channel", "any_channel:write", "web_widget", "web_widget:write" };
        foreach (var resource in ReadWriteResources)
        {
            known.Add(resource);
            known.Add(resource + ":read");
            known.Add(resource + ":write");
        }
        return known;
    }
}

/// <summary>Redirect URI rules and PKCE.</summary>
internal static class OAuthRules
{
    /// <summary>
    /// A redirect URL a client may register: "The URLs must be absolute and not relative, https (unless localhost or
    /// 127.0.0.1)" — https://support.zendesk.com/hc/en-us/articles/4408845965210. No fragment (RFC 6749 §3.1.2).
    /// </summary>
    public static bool IsValidRegisteredRedirectUri(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Fragment.Length > 0 || string.IsNullOrEmpty(uri.Host))
            return false;
        if (uri.Scheme == Uri.UriSchemeHttps)
            return true;
        return uri.Scheme == Uri.UriSchemeHttp && uri.Host is "localhost" or "127.0.0.1";
    }

    /// <summary>
    /// Whether a requested redirect_uri matches a registered one: exact string match (RFC 6749 §3.1.2.3), except that a
    /// loopback URI (127.0.0.1, localhost, [::1]) registered WITHOUT a port matches any port, as RFC 8252 §7.3 asks for
    /// native apps that listen on a random port. [guess] that Zendesk honours §7.3: no source found either way.
    /// </summary>
    public static bool RedirectUriMatches(string registered, string requested)
    {
        if (string.Equals(registered, requested, StringComparison.Ordinal))
            return true;
        if (!Uri.TryCreate(registered, UriKind.Absolute, out var r) || !Uri.TryCreate(requested, UriKind.Absolute, out var q))
            return false;
        if (!IsLoopback(r) || HasExplicitPort(registered) || r.Scheme != q.Scheme)
            return false;
        return string.Equals(r.Host, q.Host, StringComparison.OrdinalIgnoreCase)
            && string.Equals(r.PathAndQuery, q.PathAndQuery, StringComparison.Ordinal)
            && q.Fragment.Length == 0 && q.UserInfo.Length == 0;
    }

    private static bool IsLoopback(Uri uri) => uri.Host is "127.0.0.1" or "localhost" or "[::1]";

    /// <summary>"http://127.0.0.1:8080/cb" → true; "http://127.0.0.1/cb" and "http://[::1]/cb" → false.</summary>
    private static bool HasExplicitPort(string uri)
    {
        var start = uri.IndexOf("://", StringComparison.Ordinal);
        if (start < 0)
            return false;
        var authority = uri[(start + 3)..];
        var end = authority.IndexOfAny(['/', '?', '#']);
        if (end >= 0)
            authority = authority[..end];
        var host = authority.LastIndexOf(']') is var bracket and >= 0 ? authority[(bracket + 1)..] : authority;
        return host.Contains(':', StringComparison.Ordinal);
    }

    /// <summary>Appends query parameters to a redirect URI (keeping any query it already has).</summary>
    public static string AppendQuery(string uri, IEnumerable<(string Name, string? Value)> parameters)
    {
        var builder = new StringBuilder(uri);
        var separator = uri.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        foreach (var (name, value) in parameters)
        {
            if (value is null)
                continue;
            builder.Append(separator).Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }
        return builder.ToString();
    }

    /// <summary>code_challenge = BASE64URL(SHA256(ASCII(code_verifier))), RFC 7636 §4.2 / §4.6;
    /// https://developer.zendesk.com/documentation/api-basics/authentication/oauth-pkce</summary>
    public static bool VerifierMatches(string verifier, string challenge)
    {
        // RFC 7636 §4.1: 43 to 128 characters of [A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~".
        if (verifier.Length is < 43 or > 128 || !verifier.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~'))
            return false;
        var computed = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(computed), Encoding.ASCII.GetBytes(challenge));
    }

    public static bool SecretMatches(string? given, string expected) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
}

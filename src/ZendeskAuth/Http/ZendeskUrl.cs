using System;
using System.Collections;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace ZendeskAuth.Http;

/// <summary>Builds and checks the URLs the module sends credentials to.</summary>
internal static class ZendeskUrl
{
    // ASCII only and case-sensitive on purpose: with IgnoreCase, .NET matches the Kelvin sign (U+212A) to k and the
    // dotted capital I (U+0130) to i, so a look-alike name would be taken for another account's.
    private static readonly Regex s_subdomain = new("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\z", RegexOptions.CultureInvariant);

    /// <summary>
    /// <c>acme</c> → <c>https://acme.zendesk.com/</c>. Only ASCII letters, digits and inner hyphens, as Zendesk
    /// allows (ASCII capitals are lowered); anything else, look-alikes such as the Kelvin sign included, is refused.
    /// </summary>
    public static Uri FromSubdomain(string subdomain)
    {
        var value = AsciiLower(subdomain.Trim());
        if (!s_subdomain.IsMatch(value))
        {
            throw new ArgumentException(
                $"'{WireText.Show(subdomain)}' is not a Zendesk subdomain. -Subdomain takes only the first part of the account's address, in ASCII letters a-z, digits and hyphens, such as 'acme' for https://acme.zendesk.com; for a full address use -Url.");
        }
        return new Uri($"https://{value}.zendesk.com/");
    }

    /// <summary>Lowers A-Z only; every other character stays as it is (and is then refused).</summary>
    private static string AsciiLower(string value)
    {
        var chars = value.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] is >= 'A' and <= 'Z')
            {
                chars[i] = (char)(chars[i] + ('a' - 'A'));
            }
        }
        return new string(chars);
    }

    /// <summary>A DNS host name as it goes on the wire: ASCII letters, digits, hyphens and dots (an IDN in its xn-- form).</summary>
    private static bool IsAsciiHostName(string host) =>
        host.Length > 0 && host.All(c => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '-' or '.');

    /// <summary>
    /// A full base URL. HTTPS only, except plain HTTP to a loopback host (a local emulator). A trailing
    /// <c>/api/v2</c> is dropped so both the account and the API address are accepted.
    /// </summary>
    public static Uri FromUrl(string url)
    {
        var text = url.Trim();
        if (text.Any(c => c is < '!' or > '~'))
        {
            // A look-alike (the Kelvin sign, a Cyrillic a) would be mapped by IDN to another host than the one shown.
            throw new ArgumentException(
                $"'{WireText.Show(Shown(url))}' holds a space, a control character or a character outside plain ASCII. Give the account's address in ASCII, such as https://acme.zendesk.com (an international domain name in its xn-- form).");
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"'{Shown(url)}' is not an absolute http(s) URL. Give the account's address, such as https://acme.zendesk.com, or use -Subdomain acme.");
        }
        if (uri.HostNameType is not (UriHostNameType.IPv4 or UriHostNameType.IPv6)
            && (!IsAsciiHostName(uri.Host) || text.IndexOf(uri.Host, StringComparison.OrdinalIgnoreCase) < 0))
        {
            throw new ArgumentException($"'{Shown(url)}' does not name a plain host: give the host name in ASCII letters, digits, hyphens and dots, with no escapes, such as https://acme.zendesk.com.");
        }
        if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri))
        {
            throw new InsecureUrlException(
                $"'{Shown(url)}' uses plain HTTP, which would send the credential unencrypted. Zendesk is HTTPS only: use https://. Plain HTTP is allowed only for a loopback host (127.0.0.1, ::1, localhost).");
        }
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new ArgumentException("The URL must not carry a user name or password: Zendesk ignores credentials in the URL. Use -Email with -ApiToken, -Credential or -OAuthToken.");
        }
        if (text.IndexOf('?') >= 0 || text.IndexOf('#') >= 0)
        {
            // https://evil.example#@acme.zendesk.com reads as acme's address but names evil.example: the part after
            // ? or # would be dropped silently, and the credential sent to a host the reader did not see.
            throw new ArgumentException($"'{Shown(url)}' has a query or fragment (after ? or #), so the host it names is {uri.Host}. Give only the account's address, such as https://acme.zendesk.com.");
        }

        var path = uri.AbsolutePath.TrimEnd('/');
        if (path.EndsWith("/api/v2", StringComparison.OrdinalIgnoreCase))
        {
            path = path.Substring(0, path.Length - "/api/v2".Length);
        }
        if (path.Length > 0)
        {
            throw new ArgumentException($"'{Shown(url)}' has a path ({uri.AbsolutePath}). Give only the account's address, such as https://acme.zendesk.com.");
        }
        return new UriBuilder(uri.Scheme, uri.Host, uri.Port, "/").Uri;
    }

    /// <summary>A URL as a message may show it: any user name and password in it masked (never echoed back).</summary>
    private static string Shown(string url) => Json.SecretRedactor.Url(url);

    public static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Resolves what a user gives -Path against the connection's base URL: <c>/api/v2/users/me.json</c>,
    /// <c>api/v2/users/me.json</c>, <c>users/me.json</c>, or an absolute URL on the same host. Any other host is
    /// refused, so the credential never travels to it.
    /// </summary>
    public static Uri Resolve(Uri baseUrl, string path, IDictionary? query = null)
    {
        var value = path.Trim();
        if (value.Length == 0)
        {
            throw new ArgumentException("-Path is empty. Give an API path such as /api/v2/users/me.json or users/me.json.");
        }
        // A template from the docs or a completion, such as tickets/{id}.json, would go out as %7Bid%7D and get a 404.
        var placeholder = System.Text.RegularExpressions.Regex.Match(value.Split('?')[0], @"\{[A-Za-z_]+\}|%7B[A-Za-z_]+%7D", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        if (placeholder.Success)
        {
            throw new ArgumentException($"'{Shown(path)}' still holds the placeholder {Uri.UnescapeDataString(placeholder.Value)}: put the record's id (or name) in its place, as in tickets/42.json.");
        }

        Uri resolved;
        if (value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(value, UriKind.Absolute, out var absolute))
            {
                throw new ArgumentException($"'{Shown(path)}' is not a valid URL.");
            }
            if (absolute.UserInfo.Length > 0)
            {
                // As for -Url: a password typed here would be shown in every message that names the URL.
                throw new ArgumentException($"'{Shown(path)}' carries a user name or password, which the module never sends: the connection's credential is used. Leave out the part before @.");
            }
            EnsureSameOrigin(baseUrl, absolute);
            resolved = absolute;
        }
        else
        {
            var relative = value.StartsWith("/", StringComparison.Ordinal) ? value
                : value.StartsWith("api/", StringComparison.OrdinalIgnoreCase) ? "/" + value
                : "/api/v2/" + value;
            resolved = new Uri(baseUrl, relative);
        }

        return query is null || query.Count == 0 ? resolved : AppendQuery(resolved, query);
    }

    /// <summary>True when both have the same scheme, host and port.</summary>
    public static bool IsSameOrigin(Uri baseUrl, Uri target) =>
        string.Equals(target.Scheme, baseUrl.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(target.Host, baseUrl.Host, StringComparison.OrdinalIgnoreCase)
        && target.Port == baseUrl.Port;

    /// <summary>Throws unless <paramref name="target"/> has the scheme, host and port of <paramref name="baseUrl"/>.</summary>
    public static void EnsureSameOrigin(Uri baseUrl, Uri target)
    {
        if (!IsSameOrigin(baseUrl, target))
        {
            throw new ForeignHostException(
                $"'{Shown(target.GetLeftPart(UriPartial.Authority))}' is not the connected account ({baseUrl.GetLeftPart(UriPartial.Authority)}). The credential is sent only to the connected host; connect to that account to call it.");
        }
    }

    /// <summary>Adds -Query's pairs, URL-encoded. A list becomes Zendesk's comma-separated form (<c>ids=1,2,3</c>).</summary>
    public static Uri AppendQuery(Uri uri, IDictionary query)
    {
        var builder = new StringBuilder(uri.Query.TrimStart('?'));
        foreach (DictionaryEntry entry in query)
        {
            if (builder.Length > 0)
            {
                builder.Append('&');
            }
            builder.Append(Uri.EscapeDataString(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? ""));
            builder.Append('=');
            builder.Append(Uri.EscapeDataString(QueryValue(entry.Value)));
        }
        return new UriBuilder(uri) { Query = builder.ToString() }.Uri;
    }

    private static string QueryValue(object? value)
    {
        value = value is System.Management.Automation.PSObject ps ? ps.BaseObject : value;
        return value switch
        {
            null => "",
            string s => s,
            bool b => b ? "true" : "false",
            DateTime d => d.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            DateTimeOffset d => d.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            IEnumerable list => string.Join(",", list.Cast<object?>().Select(QueryValue)),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
    }
}

/// <summary>A URL names another host than the connected one.</summary>
public sealed class ForeignHostException : ZendeskException
{
    internal ForeignHostException(string message) : base(message)
    {
    }
}

/// <summary>A URL would send a credential over plain HTTP to a host that is not loopback.</summary>
public sealed class InsecureUrlException : ZendeskException
{
    internal InsecureUrlException(string message) : base(message)
    {
    }
}

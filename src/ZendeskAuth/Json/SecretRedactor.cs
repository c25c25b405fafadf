using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ZendeskAuth.Json;

/// <summary>
/// The one redaction path for every place the module shows a body, a header, a URL or a server's words: -Verbose,
/// -Debug, <c>Exception.Message</c>, <c>ErrorDetails</c> and error targets. It masks (1) the exact secrets the
/// request carried (the Authorization value, its token, its base64 and decoded <c>user:secret</c>, and the secret
/// fields of the request body such as client_secret and refresh_token, in raw, URL-, JSON- and HTML-encoded
/// forms), (2) every JSON, form or query field whose name says it holds a secret, and (3) any <c>Bearer</c> or
/// <c>Basic</c> credential and <c>name: value</c> / <c>name=value</c> pair with such a name in free text.
/// </summary>
internal static class SecretRedactor
{
    public const string Mask = "[REDACTED]";

    private const int MinSecretLength = 4;
    private const int MaxBodyScannedForSecrets = 1 << 20;

    // A credential after its scheme: base64 or token68 text with a digit, + or / in it, or long enough to be one.
    private static readonly Regex s_schemeCredential = new(
        @"\b(?<scheme>Bearer|Basic)(?<space>\s+)(?=[A-Za-z0-9\-._~+/]*[0-9+/]|[A-Za-z0-9\-._~+/]{16})[A-Za-z0-9\-._~+/]+=*",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    // name: value, name=value, "name":"value", name = 'value' — the value masked when the name is a secret's.
    private static readonly Regex s_namedValue = new(
        @"(?<![A-Za-z0-9_\-\.])(?<name>[A-Za-z0-9_\-\.]*(?:token|secret|api_key|apikey|api-key|passw(?:or)?d[A-Za-z0-9_\-\.]*|authorization|cookie|session[A-Za-z0-9_\-\.]*)|code|code_verifier|assertion|key|sig|signature)(?<sep>[""']?\s*[:=]\s*[""']?)(?<value>(?:(?:Bearer|Basic)\s+)?(?:\[REDACTED\]|[^\s""'&,;<>(){}\[\]]+))",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>True for names such as access_token, refresh_token, full_token, client_secret, password, code, api_key.</summary>
    public static bool IsSecretName(string name)
    {
        var lower = name.ToLowerInvariant();
        return lower is "code" or "code_verifier" or "assertion" or "authorization" or "sig" or "signature"
            || lower.EndsWith("token", StringComparison.Ordinal)
            || lower.EndsWith("secret", StringComparison.Ordinal)
            || lower.EndsWith("api_key", StringComparison.Ordinal)
            || lower.EndsWith("apikey", StringComparison.Ordinal)
            || lower.Contains("password")
            || lower.Contains("passwd");
    }

    /// <summary>A query or form field: a secret's name, or key / session (an API key, a session id in a URL).</summary>
    private static bool IsSecretQueryName(string name) =>
        IsSecretName(name) || name.Equals("key", StringComparison.OrdinalIgnoreCase) || name.IndexOf("session", StringComparison.OrdinalIgnoreCase) >= 0;

    /// <summary>
    /// True for a header whose value is a credential or session: Authorization, Proxy-Authorization, Cookie,
    /// Set-Cookie, X-Api-Key, and any name with token, secret, key, auth, password, session, cookie or credential in it.
    /// </summary>
    public static bool IsSecretHeader(string name)
    {
        var lower = name.ToLowerInvariant();
        return IsSecretName(name)
            || new[] { "token", "secret", "key", "auth", "password", "passwd", "session", "cookie", "credential", "signature" }.Any(word => lower.Contains(word));
    }

    /// <summary>A header line for -Debug: a secret header keeps only its scheme (<c>Bearer [REDACTED]</c>).</summary>
    public static string Header(string name, string value, IReadOnlyCollection<string>? secrets = null) =>
        IsSecretHeader(name)
            ? $"{name}: {Scheme(value)}{Mask}"
            : $"{name}: {Text(value, secrets)}";

    /// <summary>
    /// A body with its secrets masked. JSON keeps its shape (secret-named fields and known secrets masked, the text
    /// untouched when nothing needed masking); a form masks its secret fields; any other text goes through <see cref="Text"/>.
    /// </summary>
    public static string Body(string? body, string? contentType, IReadOnlyCollection<string>? secrets = null)
    {
        if (string.IsNullOrEmpty(body))
        {
            return "";
        }
        var text = body!;
        if (contentType is not null && contentType.IndexOf("x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return Text(Form(text), secrets);
        }
        var trimmed = text.TrimStart();
        if (trimmed.Length > 0 && (trimmed[0] == '{' || trimmed[0] == '['))
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                using var stream = new MemoryStream();
                var changed = false;
                using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
                {
                    WriteRedacted(writer, document.RootElement, secrets, ref changed);
                }
                return changed ? Encoding.UTF8.GetString(stream.ToArray()) : text;
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                // Not JSON after all, or JSON whose names hold a lone surrogate (System.Text.Json cannot read
                // them as strings): treated as text below, where secret-named pairs are masked too.
            }
        }
        return Text(text, secrets);
    }

    /// <summary>
    /// Free text (a server's message, an HTML or plain-text body, a header value) with the known secrets, any
    /// <c>Bearer</c>/<c>Basic</c> credential, and the values of secret-named pairs masked.
    /// </summary>
    public static string Text(string? text, IReadOnlyCollection<string>? secrets)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }
        var result = text!;
        if (secrets is not null)
        {
            foreach (var secret in secrets)
            {
                foreach (var form in Encodings(secret))
                {
                    if (result.IndexOf(form, StringComparison.Ordinal) >= 0)
                    {
                        result = result.Replace(form, Mask);
                    }
                }
            }
        }
        result = s_schemeCredential.Replace(result, m => m.Groups["scheme"].Value + m.Groups["space"].Value + Mask);
        return s_namedValue.Replace(result, m =>
        {
            var name = m.Groups["name"].Value;
            var value = m.Groups["value"].Value;
            if (value.EndsWith(Mask, StringComparison.Ordinal) || IsPlainCode(name, value) || IsProse(m.Groups["sep"].Value, value))
            {
                return m.Value;
            }
            return name + m.Groups["sep"].Value + Scheme(value) + Mask;
        });
    }

    /// <summary>A URL for messages: the values of secret-named query parameters (access_token, api_token, code…) masked.</summary>
    public static string Url(Uri uri) => uri.IsAbsoluteUri ? Url(uri.AbsoluteUri) : Url(uri.OriginalString);

    /// <summary>A URL or path given as text, its user information (<c>user:password@</c>) and secret-named query values masked.</summary>
    public static string Url(string url)
    {
        url = UserInfo(url);
        var question = url.IndexOf('?');
        if (question < 0)
        {
            return url;
        }
        var hash = url.IndexOf('#', question);
        var query = hash < 0 ? url.Substring(question + 1) : url.Substring(question + 1, hash - question - 1);
        var fragment = hash < 0 ? "" : url.Substring(hash);
        return url.Substring(0, question + 1) + MaskPairs(query) + fragment;
    }

    /// <summary>
    /// A URL's <c>user:password@</c> masked whole: a proxy's or an account's password typed into -Proxy or -Url
    /// (which the module refuses) must not come back in the refusal.
    /// </summary>
    private static string UserInfo(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return url;
        }
        var start = scheme + 3;
        var end = url.IndexOfAny(new[] { '/', '?', '#', '\\' }, start);
        var at = url.LastIndexOf('@', end < 0 ? url.Length - 1 : end - 1, (end < 0 ? url.Length : end) - start);
        return at < 0 ? url : url.Substring(0, start) + Mask + url.Substring(at);
    }

    /// <summary>A URL kept on an error (its <c>Uri</c> property): without user information, secret query values masked.</summary>
    public static Uri ShownUri(Uri uri)
    {
        if (!uri.IsAbsoluteUri)
        {
            return uri;
        }
        var plain = uri.UserInfo.Length > 0 ? new UriBuilder(uri) { UserName = "", Password = "" }.Uri : uri;
        return Target(plain) as Uri ?? plain;
    }

    /// <summary>An error's target with any URL in it redacted (a Uri stays a Uri when it can); other targets as they are.</summary>
    public static object? Target(object? target) => target switch
    {
        Uri uri when uri.IsAbsoluteUri && (uri.Query.Length > 1 || uri.UserInfo.Length > 0) =>
            Url(uri) is var shown && shown != uri.AbsoluteUri ? Uri.TryCreate(shown, UriKind.Absolute, out var masked) && masked.UserInfo.Length == 0 ? masked : shown : uri,
        string text when text.IndexOf('?') >= 0 || text.IndexOf('@') >= 0 => Url(text),
        _ => target,
    };

    /// <summary>
    /// The exact secrets a request carried: the Authorization value, its credential, the decoded <c>user:secret</c>
    /// of Basic and its secret, the values of credential-named headers (Cookie, X-Api-Key…), and the values of the
    /// body's secret-named fields (client_secret, refresh_token, code, password…). Longest first, so a secret inside another is masked as part of the longer one.
    /// </summary>
    public static IReadOnlyCollection<string> SecretsOf(string? authorization, byte[]? body, IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        var secrets = new List<string>();
        // The caller's own credential headers (Cookie, X-Api-Key…): their values, and each cookie's value.
        foreach (var header in headers ?? Enumerable.Empty<KeyValuePair<string, string>>())
        {
            if (IsSecretHeader(header.Key))
            {
                secrets.Add(header.Value.Trim());
                foreach (var part in header.Value.Split(';', ','))
                {
                    var equals = part.IndexOf('=');
                    secrets.Add((equals >= 0 ? part.Substring(equals + 1) : part).Trim());
                }
            }
        }
        if (!string.IsNullOrEmpty(authorization))
        {
            var value = authorization!.Trim();
            secrets.Add(value);
            var space = value.IndexOf(' ');
            var credential = space > 0 ? value.Substring(space + 1).Trim() : value;
            secrets.Add(credential);
            if (value.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(credential));
                    secrets.Add(decoded);
                    var colon = decoded.IndexOf(':');
                    if (colon >= 0)
                    {
                        secrets.Add(decoded.Substring(colon + 1));
                    }
                }
                catch (FormatException)
                {
                    // Not base64: the value itself is already listed.
                }
            }
        }
        if (body is { Length: > 0 and <= MaxBodyScannedForSecrets })
        {
            var text = Encoding.UTF8.GetString(body);
            try
            {
                using var document = JsonDocument.Parse(text);
                CollectSecretFields(document.RootElement, secrets);
            }
            catch (JsonException)
            {
                foreach (var pair in text.Split('&'))
                {
                    var equals = pair.IndexOf('=');
                    if (equals > 0 && IsSecretName(Unescape(pair.Substring(0, equals))))
                    {
                        secrets.Add(Unescape(pair.Substring(equals + 1)));
                    }
                }
            }
        }
        return secrets.Where(s => s.Length >= MinSecretLength).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length).ToArray();
    }

    private static void CollectSecretFields(JsonElement element, List<string> secrets)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (IsSecretName(ZendeskJson.Name(property)) && property.Value.ValueKind == JsonValueKind.String)
                {
                    secrets.Add(ZendeskJson.Text(property.Value));
                }
                else
                {
                    CollectSecretFields(property.Value, secrets);
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                CollectSecretFields(item, secrets);
            }
        }
    }

    /// <summary>A secret as it may come back: raw, URL-encoded (form or query), JSON-escaped, HTML-encoded.</summary>
    private static IEnumerable<string> Encodings(string secret)
    {
        yield return secret;
        var url = Uri.EscapeDataString(secret);
        if (url != secret)
        {
            yield return url;
            yield return url.Replace("%20", "+");
        }
        var json = JsonEncodedText.Encode(secret).ToString();
        if (json != secret)
        {
            yield return json;
        }
        var html = WebUtility.HtmlEncode(secret);
        if (html != secret)
        {
            yield return html;
        }
    }

    private static string Form(string text) => MaskPairs(text);

    private static string MaskPairs(string text) => string.Join("&", text.Split('&').Select(pair =>
    {
        var equals = pair.IndexOf('=');
        return equals >= 0 && IsSecretQueryName(Unescape(pair.Substring(0, equals))) ? pair.Substring(0, equals + 1) + Mask : pair;
    }));

    private static string Unescape(string text)
    {
        try
        {
            return Uri.UnescapeDataString(text.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return text;
        }
    }

    private static void WriteRedacted(Utf8JsonWriter writer, JsonElement element, IReadOnlyCollection<string>? secrets, ref bool changed)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    // A server may echo a secret as a name too ("details": {"<token>": […]}).
                    // A name or value with a lone surrogate (\ud800) is read as U+FFFD instead of throwing.
                    var original = ZendeskJson.Name(property);
                    var name = Text(original, secrets);
                    changed |= name != original;
                    writer.WritePropertyName(name);
                    if (IsSecretName(original) && property.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number
                        && !(property.Value.ValueKind == JsonValueKind.String && IsPlainCode(original, ZendeskJson.Text(property.Value))))
                    {
                        writer.WriteStringValue(Mask);
                        changed = true;
                    }
                    else
                    {
                        WriteRedacted(writer, property.Value, secrets, ref changed);
                    }
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteRedacted(writer, item, secrets, ref changed);
                }
                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                var value = ZendeskJson.Text(element);
                var masked = Text(value, secrets);
                changed |= masked != value;
                writer.WriteStringValue(masked);
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    /// <summary>
    /// Zendesk's error codes (<c>"code":"RecordNotFound"</c>, <c>invalid_token</c>) are words, unlike an OAuth
    /// authorization code; they stay readable. The code a request sent is masked anyway as a known secret.
    /// </summary>
    private static bool IsPlainCode(string name, string value) =>
        name.Equals("code", StringComparison.OrdinalIgnoreCase) && value.Length > 0 && value.All(c => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or '_');


    /// <summary>
    /// <c>invalid_token: The access token…</c> is prose, not a pair: after a bare colon only a value that looks like a
    /// credential (a scheme, a digit, or 16 characters and more) is masked. After <c>=</c> or a quote, any value is.
    /// </summary>
    private static bool IsProse(string separator, string value) =>
        separator.IndexOf('=') < 0 && separator.IndexOf('"') < 0 && separator.IndexOf('\'') < 0
        && Scheme(value).Length == 0 && value.Length < 16 && !value.Any(char.IsDigit);

    private static string Scheme(string value)
    {
        var space = value.IndexOf(' ');
        return space > 0 && value.Substring(0, space) is var scheme && (scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) || scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
            ? scheme + " "
            : "";
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace ZendeskAuth.Http;

/// <summary>
/// The one check for every value that becomes part of a request's head: the request target, header names and
/// values (from -Headers, -ContentType, and the <c>Authorization</c> value built from a credential). A CR, LF or
/// NUL there would end the header early and smuggle a second request carrying the connection's credential, so
/// nothing outside what RFC 9110 allows reaches the socket. Refusals are <see cref="UnsafeWireTextException"/>s
/// raised before any byte is sent; their messages name the header, never its value.
/// </summary>
internal static class WireText
{
    /// <summary>
    /// Headers that frame the message or belong to the connection (RFC 9110 section 7.6.1, RFC 9112 section 6),
    /// and the credential: HttpClient and the connection set them, and a second value would let a caller re-frame
    /// the request or replace the credential.
    /// </summary>
    private static readonly HashSet<string> s_reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Proxy-Authorization", "Host", "Content-Length", "Transfer-Encoding", "Connection",
        "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Upgrade",
    };

    /// <summary>True for a header name the caller may not set (Authorization, Host, Content-Length, Transfer-Encoding, Connection…).</summary>
    public static bool IsReserved(string name) => s_reserved.Contains(name);

    /// <summary>True when <paramref name="name"/> is an RFC 9110 token (<c>tchar</c>s, at least one).</summary>
    public static bool IsToken(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }
        foreach (var c in name)
        {
            if (!IsTokenChar(c))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A caller's header (-Headers): a token name, not reserved, with a value that is safe to send.</summary>
    public static void CheckHeader(string name, string value)
    {
        if (!IsToken(name))
        {
            throw new UnsafeWireTextException(
                $"'{Show(name)}' is not a valid header name: a name is one or more letters, digits or !#$%&'*+-.^_`|~, with no space, colon or control character.",
                ErrorIds.InvalidHeaderName);
        }
        if (IsReserved(name))
        {
            throw new UnsafeWireTextException(
                $"-Headers cannot set {name}: {(name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) ? "the connection sets it. Use Connect-Zendesk (or -Connection) to choose the credential." : "it frames the request or belongs to the connection, which HttpClient manages.")}",
                ErrorIds.ProtectedHeader);
        }
        CheckHeaderValue(name, value);
    }

    /// <summary>A header value: visible ASCII, spaces and tabs only. The message names the header, not the value.</summary>
    public static void CheckHeaderValue(string name, string value)
    {
        if (Problem(value, allowSpace: true) is { } problem)
        {
            throw new UnsafeWireTextException(
                $"The value of the {Show(name)} header holds {problem}, which HTTP does not allow in a header; nothing was sent.",
                ErrorIds.InvalidHeaderValue);
        }
    }

    /// <summary>The Authorization value about to be sent. The message never shows it.</summary>
    public static void CheckAuthorization(string value)
    {
        if (Problem(value, allowSpace: true) is { } problem)
        {
            throw new UnsafeWireTextException(
                $"The Authorization header holds {problem}, which HTTP does not allow in a header; nothing was sent. Check the credential (it is not shown here).",
                ErrorIds.InvalidSecret);
        }
    }

    /// <summary>
    /// An OAuth access token sent as <c>Bearer</c>: visible ASCII with no space (RFC 6750's b64token is narrower).
    /// <paramref name="what"/> names it in the message; the token is never shown.
    /// </summary>
    public static void CheckBearerToken(string token, string what)
    {
        if (Problem(token, allowSpace: false) is { } problem)
        {
            throw new UnsafeWireTextException(
                $"{what} holds {problem}; an OAuth access token is one word of visible ASCII characters. Nothing was sent (the token is not shown here).",
                ErrorIds.InvalidSecret);
        }
    }

    /// <summary>
    /// A password or API token that goes into Basic. Base64 keeps it off the header's syntax, but a control
    /// character is never part of a real one (it is a pasted line break or a file's NUL), so it is refused too.
    /// </summary>
    public static void CheckSecret(string secret, string what)
    {
        foreach (var c in secret)
        {
            if (char.IsControl(c))
            {
                throw new UnsafeWireTextException(
                    $"{what} holds {Describe(c)}, which no Zendesk password or token has. Nothing was sent (the value is not shown here).",
                    ErrorIds.InvalidSecret);
            }
        }
    }

    /// <summary>The user name in Basic (an email): no control character, whitespace or colon (Basic splits at the first colon).</summary>
    public static void CheckUserName(string userName)
    {
        foreach (var c in userName)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c) || c == ':' || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format)
            {
                throw new UnsafeWireTextException(
                    $"The email '{Show(userName)}' holds {Describe(c)}, which an email address cannot hold. Nothing was sent.",
                    ErrorIds.InvalidEmail);
            }
        }
    }

    /// <summary>The request line's target and host, as HttpClient writes them: visible ASCII only.</summary>
    public static void CheckRequestTarget(Uri uri)
    {
        if (!uri.IsAbsoluteUri || Problem(uri.PathAndQuery, allowSpace: false) is not null || Problem(uri.Host, allowSpace: false) is not null)
        {
            throw new UnsafeWireTextException(
                $"The request URL '{Show(uri.GetLeftPart(UriPartial.Path))}' holds a character HTTP does not allow in a request line; nothing was sent.",
                ErrorIds.InvalidPath);
        }
    }

    /// <summary>Text for a message, with control and invisible characters written as escapes (\r, \n, \0, \u2028).</summary>
    public static string Show(string text)
    {
        var shown = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            shown.Append(c switch
            {
                '\r' => "\\r",
                '\n' => "\\n",
                '\t' => "\\t",
                '\0' => "\\0",
                _ when char.IsControl(c) || char.IsSurrogate(c) || IsInvisible(c) => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }
        return shown.ToString();
    }

    /// <summary>What is wrong with a value bound for a header, or null when nothing is.</summary>
    private static string? Problem(string value, bool allowSpace)
    {
        foreach (var c in value)
        {
            if (c is >= '!' and <= '~' || allowSpace && c is ' ' or '\t')
            {
                continue;
            }
            return Describe(c);
        }
        return null;
    }

    private static string Describe(char c) => c switch
    {
        '\r' or '\n' => "a line break (CR or LF)",
        '\0' => "a NUL character",
        ' ' or '\t' => "a space",
        _ when char.IsControl(c) => $"a control character (U+{((int)c).ToString("X4", CultureInfo.InvariantCulture)})",
        _ when char.IsWhiteSpace(c) => $"a Unicode space or line separator (U+{((int)c).ToString("X4", CultureInfo.InvariantCulture)})",
        _ => "a character outside printable ASCII",
    };

    private static bool IsInvisible(char c) =>
        CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    private static bool IsTokenChar(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9'
        || c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';
}

/// <summary>
/// A value would have become part of a request's head (its request line or a header) but holds what HTTP does not
/// allow there, or names a header the caller may not set. Nothing was sent. <see cref="ErrorId"/> is the stable id
/// (<c>InvalidHeaderName</c>, <c>InvalidHeaderValue</c>, <c>ProtectedHeader</c>, <c>InvalidSecret</c>,
/// <c>InvalidEmail</c> or <c>InvalidPath</c>); the message never holds a header's value or a secret.
/// </summary>
public sealed class UnsafeWireTextException : ZendeskException
{
    internal UnsafeWireTextException(string message, string errorId) : base(message)
    {
        ErrorId = errorId;
    }

    public string ErrorId { get; }
}

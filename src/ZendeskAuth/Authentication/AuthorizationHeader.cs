using System;
using System.Text;
using ZendeskAuth.Http;

namespace ZendeskAuth.Authentication;

/// <summary>
/// Builds the <c>Authorization</c> header value, the one place that does. Zendesk wants UTF-8 base64 with no
/// BOM and no newline: https://developer.zendesk.com/api-reference/introduction/security-and-auth/
/// (and RFC 7617 section 2.1's UTF-8 example, <c>test:123£</c> → <c>dGVzdDoxMjPCow==</c>).
/// Every part is checked by <see cref="WireText"/> first: an email with a control character, whitespace or colon,
/// a password or API token with a control character, and an access token that is not one word of visible ASCII
/// are refused with an <see cref="UnsafeWireTextException"/> that never shows the secret.
/// </summary>
internal static class AuthorizationHeader
{
    private const string TokenSuffix = "/token";
    private static readonly UTF8Encoding s_utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary><c>Basic base64(utf8(user:secret))</c>. Only the first colon separates, so the secret may hold colons.</summary>
    public static string Basic(string userName, string secret)
    {
        WireText.CheckUserName(userName);
        return "Basic " + Convert.ToBase64String(s_utf8NoBom.GetBytes(userName + ":" + secret));
    }

    public static string ForPassword(string email, string password)
    {
        WireText.CheckSecret(password, "The password");
        return Basic(email.Trim(), password);
    }

    /// <summary>
    /// <c>Basic base64(utf8(email/token:api_token))</c>. A pasted token loses surrounding whitespace, and an email
    /// already ending in <c>/token</c> is not doubled.
    /// </summary>
    public static string ForApiToken(string email, string apiToken)
    {
        var token = apiToken.Trim();
        WireText.CheckSecret(token, "The API token");
        return Basic(ApiTokenUserName(email), token);
    }

    /// <summary><c>Bearer access_token</c>; surrounding whitespace (a pasted line break) is dropped, anything else unsafe is refused.</summary>
    public static string ForOAuth(string accessToken)
    {
        var token = accessToken.Trim();
        WireText.CheckBearerToken(token, "The OAuth access token");
        return "Bearer " + token;
    }

    public static string ApiTokenUserName(string email) => EmailOf(email) + TokenSuffix;

    /// <summary>The email without a <c>/token</c> suffix a user may have typed.</summary>
    public static string EmailOf(string userName)
    {
        var trimmed = userName.Trim();
        return HasTokenSuffix(trimmed) ? trimmed.Substring(0, trimmed.Length - TokenSuffix.Length) : trimmed;
    }

    public static bool HasTokenSuffix(string userName) =>
        userName.Trim().EndsWith(TokenSuffix, StringComparison.OrdinalIgnoreCase);
}

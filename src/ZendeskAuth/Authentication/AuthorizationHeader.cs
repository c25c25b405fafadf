using System;
using System.Text;

namespace ZendeskAuth.Authentication;

/// <summary>
/// Builds the <c>Authorization</c> header value, the one place that does. Zendesk wants UTF-8 base64 with no
/// BOM and no newline: https://developer.zendesk.com/api-reference/introduction/security-and-auth/
/// (and RFC 7617 section 2.1's UTF-8 example, <c>test:123£</c> → <c>dGVzdDoxMjPCow==</c>).
/// </summary>
internal static class AuthorizationHeader
{
    private const string TokenSuffix = "/token";
    private static readonly UTF8Encoding s_utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary><c>Basic base64(utf8(user:secret))</c>. Only the first colon separates, so the secret may hold colons.</summary>
    public static string Basic(string userName, string secret) =>
        "Basic " + Convert.ToBase64String(s_utf8NoBom.GetBytes(userName + ":" + secret));

    public static string ForPassword(string email, string password) => Basic(email.Trim(), password);

    /// <summary>
    /// <c>Basic base64(utf8(email/token:api_token))</c>. A pasted token loses surrounding whitespace, and an email
    /// already ending in <c>/token</c> is not doubled.
    /// </summary>
    public static string ForApiToken(string email, string apiToken) => Basic(ApiTokenUserName(email), apiToken.Trim());

    public static string ForOAuth(string accessToken) => "Bearer " + accessToken.Trim();

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

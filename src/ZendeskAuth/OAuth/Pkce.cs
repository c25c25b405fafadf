using System;
using System.Security.Cryptography;
using System.Text;

namespace ZendeskAuth.OAuth;

/// <summary>PKCE (RFC 7636) with S256, and the random state that guards the redirect against CSRF.</summary>
internal static class Pkce
{
    /// <summary>A verifier of 64 characters from the unreserved set (RFC 7636 section 4.1 allows 43 to 128).</summary>
    public static string NewVerifier() => Base64Url(RandomBytes(48));

    /// <summary>BASE64URL(SHA256(ASCII(verifier))), RFC 7636 section 4.2.</summary>
    public static string Challenge(string verifier)
    {
        using var sha = SHA256.Create();
        return Base64Url(sha.ComputeHash(Encoding.ASCII.GetBytes(verifier)));
    }

    public static string NewState() => Base64Url(RandomBytes(24));

    public static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        using var random = RandomNumberGenerator.Create();
        random.GetBytes(bytes);
        return bytes;
    }
}

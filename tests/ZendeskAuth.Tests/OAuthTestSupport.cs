using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace ZendeskAuth.Tests;

/// <summary>A scripted browser: an HTTP client that follows Zendesk's authorization redirect by hand.</summary>
internal static class ScriptedBrowser
{
    private static readonly HttpClient s_client = new(new HttpClientHandler
    {
        AllowAutoRedirect = false,
        ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
    });

    /// <summary>Opens the sign-in URL; Zendesk (the emulator) approves and answers with a redirect.</summary>
    public static async Task<Uri> AuthorizeAsync(string signInUrl)
    {
        using var response = await s_client.GetAsync(signInUrl);
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        return response.Headers.Location!;
    }

    /// <summary>Follows the redirect to the loopback listener, as the browser would.</summary>
    public static async Task<HttpStatusCode> FollowAsync(Uri redirect)
    {
        using var response = await s_client.GetAsync(redirect);
        return response.StatusCode;
    }

    public static string FindUrl(string text) => Regex.Match(text, @"https?://\S+").Value;

    public static string Query(Uri uri, string name) =>
        uri.Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).Where(p => p[0] == name).Select(p => Uri.UnescapeDataString(p[1])).Single();

    public static (string Verifier, string Challenge) Pkce()
    {
        var verifier = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (verifier, challenge);
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Security;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ZendeskAuth.Authentication;
using ZendeskAuth.Http;
using ZendeskAuth.Json;

namespace ZendeskAuth.OAuth;

/// <summary>What <c>POST /oauth/tokens</c> answered. Plain text lives here only until it becomes SecureStrings.</summary>
internal sealed class OAuthGrantResult
{
    public OAuthGrantResult(string accessToken, string? refreshToken, string[] scopes, int? expiresIn, int? refreshTokenExpiresIn)
    {
        AccessToken = accessToken;
        RefreshToken = refreshToken;
        Scopes = scopes;
        ExpiresIn = expiresIn;
        RefreshTokenExpiresIn = refreshTokenExpiresIn;
    }

    public string AccessToken { get; }
    public string? RefreshToken { get; }
    public string[] Scopes { get; }
    public int? ExpiresIn { get; }
    public int? RefreshTokenExpiresIn { get; }

    /// <summary>True when the grant finished after the command that sent it was stopped, and a later one took it up.</summary>
    public bool CompletedAfterStop { get; internal set; }

    public override string ToString() => $"OAuth grant result ({string.Join(" ", Scopes)})";
}

/// <summary>
/// The grant requests to <c>POST /oauth/tokens</c>: https://developer.zendesk.com/api-reference/ticketing/oauth/grant_type_tokens/.
/// <c>client_id</c> is the client's identifier string (the numeric id is refused as invalid_client), and
/// <c>scope</c> is one space-separated string, unlike the tokens API's array.
/// </summary>
internal static class OAuthGrants
{
    public const string TokenPath = "/oauth/tokens";
    public const int MinExpiresIn = 300;
    public const int MaxExpiresIn = 172_800;
    public const int MinRefreshTokenExpiresIn = 604_800;
    public const int MaxRefreshTokenExpiresIn = 7_776_000;

    public static Dictionary<string, object> AuthorizationCode(string clientId, SecureString? clientSecret, string code, string redirectUri, string? codeVerifier, int? expiresIn, int? refreshTokenExpiresIn)
    {
        var body = Base("authorization_code", clientId, clientSecret, expiresIn, refreshTokenExpiresIn);
        body["code"] = code;
        body["redirect_uri"] = redirectUri;
        if (codeVerifier is not null)
        {
            body["code_verifier"] = codeVerifier;
        }
        return body;
    }

    public static Dictionary<string, object> RefreshToken(string clientId, SecureString? clientSecret, SecureString refreshToken, int? expiresIn, int? refreshTokenExpiresIn)
    {
        var body = Base("refresh_token", clientId, clientSecret, expiresIn, refreshTokenExpiresIn);
        body["refresh_token"] = SecureStrings.ToPlainText(refreshToken);
        return body;
    }

    public static Dictionary<string, object> ClientCredentials(string clientId, SecureString clientSecret, IReadOnlyList<string>? scopes, int? expiresIn)
    {
        var body = Base("client_credentials", clientId, clientSecret, expiresIn, null);
        if (scopes is { Count: > 0 })
        {
            body["scope"] = string.Join(" ", scopes);
        }
        return body;
    }

    /// <summary>Sends a grant and reads the token it returns. Failures are ZendeskApiExceptions with Zendesk's OAuth error code.</summary>
    public static async Task<OAuthGrantResult> RequestAsync(Uri baseUrl, bool skipCertificateCheck, Dictionary<string, object> body, TimeSpan? timeout, IRequestLog log, CancellationToken cancellationToken)
    {
        var request = new ZendeskRequest(HttpMethod.Post, new Uri(baseUrl, TokenPath))
        {
            Body = JsonBody.Serialize(body),
            Timeout = timeout,
        };
        var response = await RequestPipeline.SendAsync(skipCertificateCheck, null, request, authorization: null, log, cancellationToken).ConfigureAwait(false);
        return Parse(response.Body, request.Uri);
    }

    /// <summary>
    /// The token in a grant's answer. An answer that is not a JSON object with a string access_token (HTML from a
    /// proxy, <c>[]</c>, <c>{"access_token":null}</c>) is a <see cref="ZendeskInvalidResponseException"/>; its text
    /// is not repeated, as it may hold a secret.
    /// </summary>
    internal static OAuthGrantResult Parse(string json, Uri? uri = null)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            // Not even the parser's message: it quotes the text, which may hold a secret.
            throw new ZendeskInvalidResponseException($"POST {TokenPath} answered with {Connections.ConnectionCheck.Describe(json)}: not Zendesk's token answer. Check the URL (a proxy or another site may be answering).", uri);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !ZendeskJson.TryGet(root, "access_token", out var access) || access.ValueKind != JsonValueKind.String || ZendeskJson.Text(access).Length == 0)
            {
                throw new ZendeskInvalidResponseException($"POST {TokenPath} answered without an access_token: not Zendesk's token answer. Check the URL (a proxy or another site may be answering).", uri);
            }
            var scope = ZendeskJson.String(root, "scope") ?? "";
            return new OAuthGrantResult(
                ZendeskJson.Text(access),
                ZendeskJson.String(root, "refresh_token"),
                scope.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries),
                Number(root, "expires_in"),
                Number(root, "refresh_token_expires_in"));
        }
    }

    private static Dictionary<string, object> Base(string grantType, string clientId, SecureString? clientSecret, int? expiresIn, int? refreshTokenExpiresIn)
    {
        var body = new Dictionary<string, object> { ["grant_type"] = grantType, ["client_id"] = clientId };
        if (clientSecret is not null)
        {
            body["client_secret"] = SecureStrings.ToPlainText(clientSecret);
        }
        if (expiresIn is { } seconds)
        {
            body["expires_in"] = seconds;
        }
        if (refreshTokenExpiresIn is { } refreshSeconds)
        {
            body["refresh_token_expires_in"] = refreshSeconds;
        }
        return body;
    }

    private static int? Number(JsonElement element, string name) =>
        ZendeskJson.TryGet(element, name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number
        : ZendeskJson.TryGet(element, name, out value) && value.ValueKind == JsonValueKind.String && int.TryParse(ZendeskJson.Text(value), NumberStyles.Integer, CultureInfo.InvariantCulture, out number) ? number
        : null;
}

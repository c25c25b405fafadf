using System;
using System.Security;
using System.Text.Json;
using ZendeskAuth.Authentication;

namespace ZendeskAuth.OAuth;

/// <summary>
/// An OAuth token. From New-ZendeskOAuthToken it carries the access token and any refresh token, as
/// SecureStrings; from Get-ZendeskOAuthToken (Zendesk's tokens API) it carries only what Zendesk shows.
/// For the plain text, opt in: <c>[Net.NetworkCredential]::new('', $token.AccessToken).Password</c>
/// (Windows PowerShell 5.1 and PowerShell 7) or <c>ConvertFrom-SecureString -AsPlainText</c> (PowerShell 7).
/// </summary>
public sealed class ZendeskOAuthToken
{
    internal ZendeskOAuthToken()
    {
    }

    /// <summary>Zendesk's id of the token, when known (the tokens API names it; the grant flows do not).</summary>
    public long? Id { get; internal set; }

    public SecureString? AccessToken { get; internal set; }

    /// <summary>Spent on the next refresh: Zendesk rotates refresh tokens.</summary>
    public SecureString? RefreshToken { get; internal set; }

    public string[] Scopes { get; internal set; } = Array.Empty<string>();

    /// <summary>
    /// The OAuth client's identifier (the client_id string the grant flows and every -ClientId parameter take);
    /// null when it is not known (the tokens API names only the numeric id, and only admins can look it up).
    /// </summary>
    public string? ClientId { get; internal set; }

    /// <summary>The OAuth client's numeric id (the tokens API's client_id), when known.</summary>
    public long? ClientNumericId { get; internal set; }

    public long? UserId { get; internal set; }

    public DateTimeOffset? ExpiresAt { get; internal set; }

    public DateTimeOffset? RefreshTokenExpiresAt { get; internal set; }

    public DateTimeOffset? CreatedAt { get; internal set; }

    public DateTimeOffset? UsedAt { get; internal set; }

    /// <summary>The account the token belongs to.</summary>
    public Uri? Url { get; internal set; }

    /// <summary>Set on a placeholder for a value given to -Token that is not a token object: its type, never the value.</summary>
    internal string? MisplacedType { get; private set; }

    /// <summary>A placeholder the cmdlet refuses: the value (likely a secret) is dropped, only its type is kept.</summary>
    internal static ZendeskOAuthToken Misplaced(string type) => new() { MisplacedType = type };

    public override string ToString() => MisplacedType is not null ? $"not a token object ({MisplacedType})" :
        $"OAuth token{(Id is null ? "" : " " + Id)} ({string.Join(" ", Scopes)}){(ExpiresAt is { } e ? ", expires " + e.ToString("u", System.Globalization.CultureInfo.InvariantCulture) : "")}";

    internal static ZendeskOAuthToken FromGrant(OAuthGrantResult grant, Uri url, string clientId, DateTimeOffset now) => new()
    {
        AccessToken = SecureStrings.FromPlainText(grant.AccessToken),
        RefreshToken = grant.RefreshToken is null ? null : SecureStrings.FromPlainText(grant.RefreshToken),
        Scopes = grant.Scopes,
        ClientId = clientId,
        ExpiresAt = grant.ExpiresIn is { } seconds ? now.AddSeconds(seconds) : null,
        RefreshTokenExpiresAt = grant.RefreshTokenExpiresIn is { } refreshSeconds ? now.AddSeconds(refreshSeconds) : null,
        CreatedAt = now,
        Url = url,
    };

    /// <summary>Zendesk shows a listed token's first 10 characters only (ListOAuthTokens).</summary>
    internal const int ShownTokenLength = 10;

    /// <summary>
    /// A token as the tokens API shows it. On create (CreateOAuthToken) recorded answers and ZENDESK_API_FACTS.md
    /// carry the whole token in <c>full_token</c>; the OpenAPI description and the reference page
    /// (https://developer.zendesk.com/api-reference/ticketing/oauth/oauth_tokens/) list only <c>token</c> ("The
    /// access token"), and "Viewing OAuth tokens" says listed tokens show their first 10 characters only. So
    /// <c>full_token</c> wins; without it, a <c>token</c> longer than those 10 characters is taken as the whole
    /// token (<paramref name="created"/> only); otherwise the caller warns that no usable token came back.
    /// </summary>
    /// <param name="identifierOf">The client's identifier from its numeric id, or null when it cannot be known.</param>
    internal static ZendeskOAuthToken FromApi(JsonElement token, Uri url, Func<long, string?>? identifierOf = null, bool created = false)
    {
        var clientId = Json.ZendeskJson.Int64(token, "client_id");
        var result = new ZendeskOAuthToken
        {
            Id = Json.ZendeskJson.Int64(token, "id"),
            ClientNumericId = clientId,
            ClientId = clientId is { } numeric ? identifierOf?.Invoke(numeric) : null,
            UserId = Json.ZendeskJson.Int64(token, "user_id"),
            Scopes = Json.ZendeskJson.Strings(token, "scopes"),
            ExpiresAt = Json.ZendeskJson.Date(token, "expires_at"),
            RefreshTokenExpiresAt = Json.ZendeskJson.Date(token, "refresh_token_expires_at"),
            CreatedAt = Json.ZendeskJson.Date(token, "created_at"),
            UsedAt = Json.ZendeskJson.Date(token, "used_at"),
            Url = url,
        };
        if (Json.ZendeskJson.String(token, "full_token") is { Length: > 0 } full)
        {
            result.AccessToken = SecureStrings.FromPlainText(full);
        }
        else if (created && Json.ZendeskJson.String(token, "token") is { Length: > ShownTokenLength } whole)
        {
            result.AccessToken = SecureStrings.FromPlainText(whole);
        }
        return result;
    }
}

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

    public override string ToString() =>
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

    /// <summary>A token as the tokens API shows it; <c>full_token</c>, present only on create, becomes the access token.</summary>
    /// <param name="identifierOf">The client's identifier from its numeric id, or null when it cannot be known.</param>
    internal static ZendeskOAuthToken FromApi(JsonElement token, Uri url, Func<long, string?>? identifierOf = null)
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
        if (Json.ZendeskJson.String(token, "full_token") is { } full)
        {
            result.AccessToken = SecureStrings.FromPlainText(full);
        }
        return result;
    }
}

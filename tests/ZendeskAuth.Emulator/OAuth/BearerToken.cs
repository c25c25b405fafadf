namespace ZendeskAuth.Emulator;

/// <summary>
/// An OAuth access token as the emulator stores it — one record per token, however it was made (seeded, the tokens API,
/// or a grant at <c>POST /oauth/tokens</c>). Fields follow
/// https://developer.zendesk.com/api-reference/ticketing/oauth/oauth_tokens/#json-format.
/// </summary>
/// <param name="Scopes">e.g. "read", "write", "tickets:read", "users" (a resource with no level means both).</param>
/// <param name="ExpiresAt">Null: never expires (tokens made through the tokens API don't).</param>
public sealed record BearerToken(long UserId, IReadOnlyList<string> Scopes, DateTimeOffset? ExpiresAt = null)
{
    /// <summary>The record id (<c>/api/v2/oauth/tokens/{id}.json</c>); assigned by <see cref="OAuthTokenStore"/>.</summary>
    public long Id { get; init; }

    /// <summary>The full access token; assigned by <see cref="OAuthTokenStore"/>.</summary>
    public string Token { get; init; } = "";

    /// <summary>Numeric id of the OAuth client that made it; null for tokens added without one.</summary>
    public long? ClientId { get; init; }

    /// <summary>Null for tokens-API tokens ("Refresh tokens aren't used") and client-credentials tokens.</summary>
    public string? RefreshToken { get; init; }

    public DateTimeOffset? RefreshTokenExpiresAt { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>"The latest time this token was used for authentication"; set by <see cref="Authentication"/>.</summary>
    public DateTimeOffset? UsedAt { get; init; }

    /// <summary>The chain began with a PKCE authorization code: a confidential client may then refresh without its secret
    /// (confidential clients "can use PKCE and/or a client secret", https://support.zendesk.com/hc/en-us/articles/4408845965210). [guess] for refresh.</summary>
    public bool IssuedWithPkce { get; init; }

    public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } at && at <= now;

    public bool IsRefreshTokenExpired(DateTimeOffset now) => RefreshTokenExpiresAt is { } at && at <= now;
}

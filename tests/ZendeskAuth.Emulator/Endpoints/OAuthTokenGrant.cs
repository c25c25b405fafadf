namespace ZendeskAuth.Emulator.Endpoints;

/// <summary>
/// POST /oauth/tokens — https://developer.zendesk.com/api-reference/ticketing/oauth/grant_type_tokens/. Grant types
/// authorization_code, refresh_token and client_credentials; everything else (password and implicit were removed on
/// 2025-02-17) → 400 unsupported_grant_type. Errors: <see cref="ZendeskErrors.OAuthInvalidClient"/> and siblings.
/// Every call, failed or not, is counted in <see cref="EmulatorAccount.OAuthTokenRequests"/>.
/// </summary>
internal static class OAuthTokenGrant
{
    // Lifetimes: https://support.zendesk.com/hc/en-us/articles/10212201463962 — access 30 min default (5 min – 48 h),
    // refresh 30 days default (7 – 90 days). [guess] a value out of range is refused with invalid_request, not clamped.
    public const int DefaultExpiresIn = 1_800;
    public const int MinExpiresIn = 300;
    public const int MaxExpiresIn = 172_800;
    public const int DefaultRefreshTokenExpiresIn = 2_592_000;
    public const int MinRefreshTokenExpiresIn = 604_800;
    public const int MaxRefreshTokenExpiresIn = 7_776_000;

    private sealed record Lifetimes(int? ExpiresIn, int RefreshTokenExpiresIn);

    public static ApiResponse Post(RequestContext rc)
    {
        var request = OAuthTokenRequest.Parse(rc);
        var grantType = request["grant_type"];
        rc.Emulator.Account.OAuthTokenRequests.Count(request.Malformed ? null : grantType);

        if (request.Malformed || grantType is null)
            return InvalidRequest();
        if (grantType is not ("authorization_code" or "refresh_token" or "client_credentials"))
            return Error(400, ZendeskErrors.OAuthUnsupportedGrantType);

        // The client: client_id is the identifier string; a numeric id is just an unknown identifier.
        var account = rc.Emulator.Account;
        if (request.MultipleCredentials || request["client_id"] is not { } clientId
            || account.OAuthClients.FindByIdentifier(clientId) is not { } client)
            return InvalidClient();
        var secret = request["client_secret"];
        // A wrong secret always fails; a public client's secret is not looked at. [guess]
        if (client.IsConfidential && secret is not null && !OAuthRules.SecretMatches(secret, client.Secret))
            return InvalidClient();

        if (!request.TryLifetime("expires_in", MinExpiresIn, MaxExpiresIn, out var expiresIn)
            || !request.TryLifetime("refresh_token_expires_in", MinRefreshTokenExpiresIn, MaxRefreshTokenExpiresIn, out var refreshExpiresIn))
            return InvalidRequest();
        var lifetimes = new Lifetimes(expiresIn ?? (client.EnforcesDefaultTokenLifetimes ? DefaultExpiresIn : null),
            refreshExpiresIn ?? DefaultRefreshTokenExpiresIn);

        return grantType switch
        {
            "authorization_code" => AuthorizationCode(rc, request, client, secret is not null, lifetimes),
            "refresh_token" => RefreshToken(rc, request, client, secret is not null, lifetimes),
            _ => ClientCredentials(rc, request, client, secret is not null, lifetimes),
        };
    }

    /// <summary>code + redirect_uri (equal to the one used) + code_verifier when a challenge was given + client_secret for
    /// confidential clients (not needed when PKCE was used: confidential clients "can use PKCE and/or client secret").
    /// The code is used up by the first attempt, whatever its outcome (RFC 6749 §4.1.2).</summary>
    private static ApiResponse AuthorizationCode(RequestContext rc, OAuthTokenRequest request, EmulatorOAuthClient client, bool secretGiven,
        Lifetimes lifetimes)
    {
        if (request["code"] is not { } codeValue || request["redirect_uri"] is not { } redirectUri)
            return InvalidRequest();
        var account = rc.Emulator.Account;
        var now = rc.Emulator.Clock.Now;
        var code = account.OAuthCodes.Take(codeValue);
        if (code is null || code.ExpiresAt <= now || code.ClientId != client.Id)
            return InvalidGrant();
        if (client.IsConfidential && !secretGiven && code.CodeChallenge is null)
            return InvalidClient();
        if (!string.Equals(code.RedirectUri, redirectUri, StringComparison.Ordinal))
            return InvalidGrant();
        if (code.CodeChallenge is { } challenge)
        {
            if (request["code_verifier"] is not { } verifier)
                return InvalidRequest();
            if (!OAuthRules.VerifierMatches(verifier, challenge))
                return InvalidGrant();
        }
        if (account.FindUserById(code.UserId) is not { Active: true })
            return InvalidGrant();
        // The scopes are the code's; a scope parameter here is not looked at. [guess]
        return Issue(rc, client, code.UserId, code.Scopes, lifetimes, withRefreshToken: true, pkce: code.CodeChallenge is not null);
    }

    /// <summary>
    /// refresh_token (+ client_secret for confidential clients, [guess] unless the chain began with PKCE) and optional scope
    /// (at most the original scopes, RFC 6749 §6). "A successful request will also return a refresh token and delete the
    /// previous access and refresh tokens" (https://support.zendesk.com/hc/en-us/articles/9182123625370): the old access token
    /// stops working at once and the old refresh token then gets invalid_grant. Two workers with one refresh token: one wins.
    /// </summary>
    private static ApiResponse RefreshToken(RequestContext rc, OAuthTokenRequest request, EmulatorOAuthClient client, bool secretGiven,
        Lifetimes lifetimes)
    {
        if (request["refresh_token"] is not { } refreshToken)
            return InvalidRequest();
        var account = rc.Emulator.Account;
        var now = rc.Emulator.Clock.Now;
        var old = account.BearerTokens.FindByRefreshToken(refreshToken);
        if (old is null || old.ClientId != client.Id)
            return InvalidGrant();
        if (old.IsRefreshTokenExpired(now))
        {
            account.BearerTokens.RemoveById(old.Id);
            return InvalidGrant();
        }
        if (client.IsConfidential && !secretGiven && !old.IssuedWithPkce)
            return InvalidClient();

        var scopes = old.Scopes;
        if (request.Has("scope"))
        {
            var requested = OAuthScopes.Split(request["scope"]);
            if (requested.Length == 0 || (!account.AcceptUnknownScopesInGrants && !requested.All(OAuthScopes.IsKnown))
                || !requested.All(old.Scopes.Contains))
                return Error(400, ZendeskErrors.OAuthInvalidScope);
            scopes = requested;
        }
        if (account.FindUserById(old.UserId) is not { Active: true })
            return InvalidGrant();
        if (!account.BearerTokens.TryRedeemRefreshToken(refreshToken, old.Id))
            return InvalidGrant(); // another request rotated it first
        return Issue(rc, client, old.UserId, scopes, lifetimes, withRefreshToken: true, pkce: old.IssuedWithPkce);
    }

    /// <summary>
    /// Confidential clients only, with client_id + client_secret; the token acts as the user who created the client
    /// (https://support.zendesk.com/hc/en-us/articles/4408845965210 "OAuth client credentials grant type"). scope is required
    /// ("You must specify a scope"; missing → invalid_scope per RFC 6749 §3.3). No refresh token (RFC 6749 §4.4.3). [guess] for
    /// both and for unauthorized_client with a public client.
    /// </summary>
    private static ApiResponse ClientCredentials(RequestContext rc, OAuthTokenRequest request, EmulatorOAuthClient client, bool secretGiven,
        Lifetimes lifetimes)
    {
        if (!client.IsConfidential)
            return Error(400, ZendeskErrors.OAuthUnauthorizedClient);
        if (!secretGiven)
            return InvalidClient();
        var account = rc.Emulator.Account;
        var scopes = OAuthScopes.Split(request["scope"]);
        if (scopes.Length == 0 || (!account.AcceptUnknownScopesInGrants && !scopes.All(OAuthScopes.IsKnown)))
            return Error(400, ZendeskErrors.OAuthInvalidScope);
        if (account.FindUserById(client.UserId) is not { Active: true })
            return InvalidGrant();
        return Issue(rc, client, client.UserId, scopes, lifetimes, withRefreshToken: false, pkce: false);
    }

    /// <summary>
    /// 201 {"access_token","token_type":"bearer","scope","expires_in","refresh_token","refresh_token_expires_in"} (status from
    /// the API reference's "201 Created response"). expires_in is null when the client doesn't enforce default lifetimes and
    /// none was asked for. [guess] at that null and at the field order. Cache-Control/Pragma per RFC 6749 §5.1.
    /// </summary>
    private static ApiResponse Issue(RequestContext rc, EmulatorOAuthClient client, long userId, IReadOnlyList<string> scopes,
        Lifetimes lifetimes, bool withRefreshToken, bool pkce)
    {
        var now = rc.Emulator.Clock.Now;
        var template = new BearerToken(userId, scopes.ToArray(), lifetimes.ExpiresIn is { } e ? now.AddSeconds(e) : null)
        {
            ClientId = client.Id,
            CreatedAt = now,
            IssuedWithPkce = pkce,
            RefreshToken = withRefreshToken ? OAuthTokenStore.NewTokenString() : null,
            RefreshTokenExpiresAt = withRefreshToken ? now.AddSeconds(lifetimes.RefreshTokenExpiresIn) : null,
        };
        var token = rc.Emulator.Account.BearerTokens.Issue(template);
        var body = JsonText.Build(w =>
        {
            w.WriteStartObject();
            w.WriteString("access_token", token.Token);
            w.WriteString("token_type", "bearer");
            w.WriteString("scope", string.Join(' ', token.Scopes));
            if (lifetimes.ExpiresIn is { } expiresIn) w.WriteNumber("expires_in", expiresIn);
            else w.WriteNull("expires_in");
            if (token.RefreshToken is { } refresh)
            {
                w.WriteString("refresh_token", refresh);
                w.WriteNumber("refresh_token_expires_in", lifetimes.RefreshTokenExpiresIn);
            }
            w.WriteEndObject();
        });
        return NoStore(ApiResponse.Json(201, body));
    }

    private static ApiResponse InvalidClient() =>
        Error(401, ZendeskErrors.OAuthInvalidClient).WithHeader("WWW-Authenticate", ZendeskErrors.WwwAuthenticateOAuthTokenEndpoint);

    private static ApiResponse InvalidGrant() => Error(400, ZendeskErrors.OAuthInvalidGrant);

    private static ApiResponse InvalidRequest() => Error(400, ZendeskErrors.OAuthInvalidRequest);

    private static ApiResponse Error(int status, string body) => NoStore(ApiResponse.Json(status, body));

    private static ApiResponse NoStore(ApiResponse response) =>
        response.WithHeader("Cache-Control", "no-store").WithHeader("Pragma", "no-cache");
}

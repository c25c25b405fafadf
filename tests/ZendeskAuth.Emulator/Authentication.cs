using System.Text;

namespace ZendeskAuth.Emulator;

/// <summary>How the caller tried to authenticate.</summary>
public enum AuthMethod
{
    None,
    Password,
    ApiToken,
    Bearer,
}

/// <summary>Why authentication failed (<see cref="None"/> = it succeeded).</summary>
public enum AuthFailure
{
    None,
    NoCredentials,          // no Authorization header, or a scheme other than Basic/Bearer
    MalformedCredentials,   // Basic value that is not base64 of "user:secret"
    UnknownUser,
    WrongPassword,
    WrongApiToken,
    PasswordAccessDisabled,
    ApiTokenAccessDisabled,
    PasswordNotAllowedForUser, // 2FA/SSO user, or user without a password
    UnverifiedUser,
    InactiveUser,
    InvalidBearerToken,     // unknown, revoked, or its user is gone
    ExpiredBearerToken,
}

/// <summary>The outcome of <see cref="Authentication.Authenticate"/>.</summary>
/// <param name="Scopes">The OAuth scopes for <see cref="AuthMethod.Bearer"/>; null for Basic (no scope restriction).</param>
public sealed record AuthResult(AuthMethod Method, AuthFailure Failure, EmulatorUser? User, IReadOnlyList<string>? Scopes)
{
    public bool IsAuthenticated => Failure == AuthFailure.None && User is not null;

    /// <summary>The OAuth token used, for <see cref="AuthMethod.Bearer"/> (GET /api/v2/oauth/tokens/current.json shows it).</summary>
    public BearerToken? Token { get; init; }

    internal static AuthResult Fail(AuthMethod method, AuthFailure failure) => new(method, failure, null, null);
}

/// <summary>
/// Resolves a request's <c>Authorization</c> header to a user or a failure. The single place credentials are checked;
/// https://support.zendesk.com/hc/en-us/articles/4408831452954 describes the three header forms.
/// </summary>
public static class Authentication
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static AuthResult Authenticate(string? authorizationHeader, EmulatorAccount account, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(authorizationHeader))
            return AuthResult.Fail(AuthMethod.None, AuthFailure.NoCredentials);

        var value = authorizationHeader.Trim();
        var space = value.IndexOf(' ');
        var scheme = space < 0 ? value : value[..space];
        var parameter = space < 0 ? "" : value[(space + 1)..].Trim();

        if (scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
            return AuthenticateBasic(parameter, account);
        if (scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
            return AuthenticateBearer(parameter, account, now);

        // Any other scheme is ignored, as if no credentials were sent. [guess]
        return AuthResult.Fail(AuthMethod.None, AuthFailure.NoCredentials);
    }

    private static AuthResult AuthenticateBasic(string parameter, EmulatorAccount account)
    {
        string decoded;
        try
        {
            decoded = StrictUtf8.GetString(Convert.FromBase64String(parameter));
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException or ArgumentException)
        {
            return AuthResult.Fail(AuthMethod.Password, AuthFailure.MalformedCredentials);
        }

        // E-mail addresses never contain a colon, passwords may: split at the FIRST colon.
        var colon = decoded.IndexOf(':');
        if (colon <= 0)
            return AuthResult.Fail(AuthMethod.Password, AuthFailure.MalformedCredentials);
        var userPart = decoded[..colon];
        var secret = decoded[(colon + 1)..];

        // "{email}/token:{api_token}" — https://support.zendesk.com/hc/en-us/articles/4408831452954
        const string tokenSuffix = "/token";
        if (userPart.EndsWith(tokenSuffix, StringComparison.Ordinal))
            return AuthenticateApiToken(userPart[..^tokenSuffix.Length], secret, account);

        return AuthenticatePassword(userPart, secret, account);
    }

    private static AuthResult AuthenticatePassword(string email, string password, EmulatorAccount account)
    {
        const AuthMethod method = AuthMethod.Password;
        if (!account.PasswordAccessEnabled)
            return AuthResult.Fail(method, AuthFailure.PasswordAccessDisabled);

        var user = account.FindUserByEmail(email);
        if (user is null)
            return AuthResult.Fail(method, AuthFailure.UnknownUser);
        if (user.Password is null || user.TwoFactorAuthEnabled)
            return AuthResult.Fail(method, AuthFailure.PasswordNotAllowedForUser);
        if (!string.Equals(user.Password, password, StringComparison.Ordinal))
            return AuthResult.Fail(method, AuthFailure.WrongPassword);
        return CheckUser(method, user, scopes: null);
    }

    private static AuthResult AuthenticateApiToken(string email, string token, EmulatorAccount account)
    {
        const AuthMethod method = AuthMethod.ApiToken;
        if (!account.ApiTokenAccessEnabled)
            return AuthResult.Fail(method, AuthFailure.ApiTokenAccessDisabled);
        if (!account.IsActiveApiToken(token))
            return AuthResult.Fail(method, AuthFailure.WrongApiToken);

        // A token is account-wide: it works with ANY verified user's e-mail (facts file).
        var user = account.FindUserByEmail(email);
        if (user is null)
            return AuthResult.Fail(method, AuthFailure.UnknownUser);
        return CheckUser(method, user, scopes: null);
    }

    private static AuthResult AuthenticateBearer(string token, EmulatorAccount account, DateTimeOffset now)
    {
        const AuthMethod method = AuthMethod.Bearer;
        // Every access token (seeded, tokens API, grants) is a record of EmulatorAccount.BearerTokens.
        if (token.Length == 0 || !account.BearerTokens.TryGetValue(token, out var bearer))
            return AuthResult.Fail(method, AuthFailure.InvalidBearerToken);
        if (bearer.IsExpired(now))
            return AuthResult.Fail(method, AuthFailure.ExpiredBearerToken);

        var user = account.FindUserById(bearer.UserId);
        if (user is null || !user.Active)
            return AuthResult.Fail(method, AuthFailure.InvalidBearerToken);
        var result = CheckUser(method, user, bearer.Scopes);
        if (result.IsAuthenticated)
            account.BearerTokens.MarkUsed(token, now); // used_at: "The latest time this token was used for authentication"
        return result with { Token = bearer };
    }

    private static AuthResult CheckUser(AuthMethod method, EmulatorUser user, IReadOnlyList<string>? scopes)
    {
        if (!user.Active)
            return AuthResult.Fail(method, AuthFailure.InactiveUser);
        // "You must be a verified user to make authenticated API requests."
        // https://support.zendesk.com/hc/en-us/articles/4408831452954 — the exact answer is a [guess]: treated as
        // a failed credential of the same kind (401, or the anonymous user on users/me for passwords).
        if (!user.Verified)
            return AuthResult.Fail(method, AuthFailure.UnverifiedUser);
        return new AuthResult(method, AuthFailure.None, user, scopes);
    }

    /// <summary>
    /// Whether <c>GET /api/v2/users/me.json</c> answers 200 with the anonymous user instead of 401.
    /// Seen (third-party probe of a live account): no credentials → anonymous; wrong password → anonymous;
    /// wrong API token → 401. Password/API-token access switched off → "access anonymous"
    /// (https://support.zendesk.com/hc/en-us/articles/8662004958746). Bearer failures → 401 invalid_token.
    /// </summary>
    public static bool FallsBackToAnonymous(AuthResult result) => result.Method switch
    {
        AuthMethod.None => true,
        AuthMethod.Password => true,
        AuthMethod.ApiToken => result.Failure == AuthFailure.ApiTokenAccessDisabled,
        _ => false,
    };

    /// <summary>
    /// The scope a Bearer token lacks for this request, or null when it may proceed (Basic credentials have no scopes).
    /// GET needs <c>read</c>, <c>{resource}:read</c> or <c>{resource}</c>; other methods <c>write</c>,
    /// <c>{resource}:write</c> or <c>{resource}</c> (https://developer.zendesk.com/api-reference/ticketing/oauth/oauth_tokens/).
    /// </summary>
    public static string? MissingScope(AuthResult result, string? resource, bool isRead)
    {
        if (result.Scopes is null)
            return null;
        var level = isRead ? "read" : "write";
        // A token created with an unknown scope name: "Any request you make with the token will return a 'Forbidden' error"
        // (https://developer.zendesk.com/api-reference/ticketing/oauth/oauth_tokens/#create-token). [guess] at the body: the
        // usual missing-scope 403.
        if (result.Scopes.Any(s => !OAuthScopes.IsKnown(s)))
            return level;
        foreach (var scope in result.Scopes)
        {
            if (scope == level)
                return null;
            if (resource is not null && (scope == resource || scope == $"{resource}:{level}"))
                return null;
        }
        return level;
    }
}

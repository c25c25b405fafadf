using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace ZendeskAuth.Emulator;

/// <summary>An authorization code and everything it is bound to.</summary>
internal sealed record AuthorizationCode(
    string Code,
    long ClientId,
    string RedirectUri,
    IReadOnlyList<string> Scopes,
    long UserId,
    string? CodeChallenge,
    DateTimeOffset ExpiresAt);

/// <summary>
/// Issued authorization codes. "an authorization code valid for 120 seconds"
/// (https://developer.zendesk.com/api-reference/ticketing/oauth/grant_type_tokens/); single use (RFC 6749 §4.1.2).
/// </summary>
internal sealed class OAuthCodeStore
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(120);

    private readonly ConcurrentDictionary<string, AuthorizationCode> _codes = new(StringComparer.Ordinal);

    public AuthorizationCode Issue(long clientId, string redirectUri, IReadOnlyList<string> scopes, long userId, string? codeChallenge, DateTimeOffset now)
    {
        // [guess] at the format: 40 hex characters.
        var code = new AuthorizationCode(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20)), clientId, redirectUri, scopes, userId,
            codeChallenge, now + Lifetime);
        _codes[code.Code] = code;
        return code;
    }

    /// <summary>Takes the code out: whatever the caller decides next, it can't be redeemed again. Null if unknown or used.</summary>
    public AuthorizationCode? Take(string code) => _codes.TryRemove(code, out var value) ? value : null;

    public void RemoveForClient(long clientId)
    {
        foreach (var (code, value) in _codes)
            if (value.ClientId == clientId)
                _codes.TryRemove(code, out _);
    }
}

/// <summary>
/// Thread-safe counts of <c>POST /oauth/tokens</c> calls by grant type, successful and failed alike
/// (<see cref="EmulatorAccount.OAuthTokenRequests"/>), e.g. to assert that 8 runspaces made exactly one refresh call.
/// </summary>
public sealed class OAuthTokenRequestCounts
{
    private int _authorizationCode;
    private int _refresh;
    private int _clientCredentials;
    private int _other;

    public int AuthorizationCodeGrants => Volatile.Read(ref _authorizationCode);
    public int RefreshGrants => Volatile.Read(ref _refresh);
    public int ClientCredentialGrants => Volatile.Read(ref _clientCredentials);

    /// <summary>Missing, unsupported or unreadable grant types (password, implicit, …).</summary>
    public int OtherGrants => Volatile.Read(ref _other);

    public int Total => AuthorizationCodeGrants + RefreshGrants + ClientCredentialGrants + OtherGrants;

    public void Reset()
    {
        Interlocked.Exchange(ref _authorizationCode, 0);
        Interlocked.Exchange(ref _refresh, 0);
        Interlocked.Exchange(ref _clientCredentials, 0);
        Interlocked.Exchange(ref _other, 0);
    }

    internal void Count(string? grantType)
    {
        switch (grantType)
        {
            case "authorization_code": Interlocked.Increment(ref _authorizationCode); break;
            case "refresh_token": Interlocked.Increment(ref _refresh); break;
            case "client_credentials": Interlocked.Increment(ref _clientCredentials); break;
            default: Interlocked.Increment(ref _other); break;
        }
    }
}

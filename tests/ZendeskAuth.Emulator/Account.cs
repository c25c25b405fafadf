using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace ZendeskAuth.Emulator;

/// <summary>Zendesk user roles as the API spells them.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Agent = "agent";
    public const string EndUser = "end-user";
}

/// <summary>A Zendesk user. Tests may change the mutable properties at any time.</summary>
public sealed class EmulatorUser
{
    public EmulatorUser(long id, string email, string name, string role, string? password, DateTimeOffset createdAt)
    {
        Id = id;
        Email = email;
        Name = name;
        Role = role;
        Password = password;
        CreatedAt = createdAt;
        UpdatedAt = createdAt;
    }

    public long Id { get; }
    public string Email { get; }
    public string Name { get; set; }
    public string Role { get; set; }

    /// <summary>Null: the user has no password (password credentials always fail).</summary>
    public string? Password { get; set; }

    /// <summary>Only verified users may call the API (https://support.zendesk.com/hc/en-us/articles/4408831452954).</summary>
    public bool Verified { get; set; } = true;

    /// <summary>False once the user is deleted/suspended: no credential works.</summary>
    public bool Active { get; set; } = true;

    /// <summary>Password (Basic) authentication fails for users with 2FA (or SSO) — facts file [doc].</summary>
    public bool TwoFactorAuthEnabled { get; set; }

    public DateTimeOffset CreatedAt { get; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string TimeZone { get; set; } = "Eastern Time (US & Canada)";
    public string IanaTimeZone { get; set; } = "America/New_York";
    public string Locale { get; set; } = "en-US";

    public bool IsAgentOrAdmin => Role is Roles.Admin or Roles.Agent;
}

/// <summary>The emulated Zendesk account: users, credentials and the API settings of Admin Center.</summary>
public sealed partial class EmulatorAccount
{
    private static readonly DateTimeOffset SeedTime = new(2019, 4, 1, 9, 30, 0, TimeSpan.Zero);
    private const string TokenAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private readonly object _usersGate = new();
    private List<EmulatorUser> _users = [];
    private long _nextUserId = 36000000100;
    private readonly ConcurrentDictionary<string, byte> _apiTokens = new(StringComparer.Ordinal);
    private int _requestCount;

    internal EmulatorAccount(EmulatorClock clock)
    {
        BearerTokens = new OAuthTokenStore(() => clock.Now, DemoCredentials.OAuthAccessTokenId);
        OAuthClients = new OAuthClientStore(() => clock.Now, DemoCredentials.RunbookClientId);

        AddSeedUser(DemoCredentials.AdminUserId, DemoCredentials.AdminEmail, DemoCredentials.AdminName, Roles.Admin, DemoCredentials.AdminPassword, verified: true);
        AddSeedUser(DemoCredentials.AgentUserId, DemoCredentials.AgentEmail, DemoCredentials.AgentName, Roles.Agent, DemoCredentials.AgentPassword, verified: true);
        AddSeedUser(DemoCredentials.NonAsciiAgentUserId, DemoCredentials.NonAsciiAgentEmail, DemoCredentials.NonAsciiAgentName, Roles.Agent, DemoCredentials.NonAsciiAgentPassword, verified: true);
        AddSeedUser(DemoCredentials.UnverifiedUserId, DemoCredentials.UnverifiedEmail, DemoCredentials.UnverifiedName, Roles.EndUser, DemoCredentials.UnverifiedPassword, verified: false);
        AddSeedUser(DemoCredentials.EndUserId, DemoCredentials.EndUserEmail, DemoCredentials.EndUserName, Roles.EndUser, DemoCredentials.EndUserPassword, verified: true);

        AddApiToken(DemoCredentials.ApiToken);
        SeedOAuth();
    }

    // ---- Admin Center > Apps and integrations > APIs > API configuration --------------------------------------------

    /// <summary>"Password access". Off: password credentials don't work and the caller is anonymous
    /// (https://support.zendesk.com/hc/en-us/articles/8662004958746).</summary>
    public bool PasswordAccessEnabled { get; set; } = true;

    /// <summary>"API token access". Off: API tokens don't work and the caller is anonymous (same article).</summary>
    public bool ApiTokenAccessEnabled { get; set; } = true;

    // ---- users -----------------------------------------------------------------------------------------------------------

    /// <summary>Snapshot of all users, seeded ones first.</summary>
    public IReadOnlyList<EmulatorUser> Users
    {
        get { lock (_usersGate) return _users; }
    }

    public EmulatorUser Admin => FindUserById(DemoCredentials.AdminUserId)!;

    public EmulatorUser AddUser(string email, string name, string role = Roles.Agent, string? password = null, bool verified = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        lock (_usersGate)
        {
            if (_users.Any(u => string.Equals(u.Email, email, StringComparison.OrdinalIgnoreCase)))
                throw new InvalidOperationException($"A user with e-mail '{email}' already exists.");
            var user = new EmulatorUser(_nextUserId++, email, name, role, password, SeedTime) { Verified = verified };
            _users = [.. _users, user]; // copy on write: readers get a stable snapshot
            return user;
        }
    }

    public EmulatorUser? FindUserById(long id) => Users.FirstOrDefault(u => u.Id == id);

    /// <summary>Case-insensitive, no Unicode normalisation (an NFD "zoë" is a different e-mail).</summary>
    public EmulatorUser? FindUserByEmail(string email) =>
        Users.FirstOrDefault(u => string.Equals(u.Email, email, StringComparison.OrdinalIgnoreCase));

    // ---- API tokens (account-wide; they work with any verified user's e-mail, admins included) ----------------------------

    public IReadOnlyCollection<string> ApiTokens => _apiTokens.Keys.ToArray();

    /// <summary>Creates a new 40-character API token, like Admin Center does, and returns it.</summary>
    public string AddApiToken() => AddApiToken(RandomNumberGenerator.GetString(TokenAlphabet, 40));

    /// <summary>Adds a specific token string (tests that need a known value).</summary>
    public string AddApiToken(string token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        _apiTokens[token] = 0;
        return token;
    }

    public bool RevokeApiToken(string token) => _apiTokens.TryRemove(token, out _);

    internal bool IsActiveApiToken(string token) => _apiTokens.ContainsKey(token);

    // ---- OAuth ------------------------------------------------------------------------------------------------------------

    /// <summary>
    /// Every OAuth access token, however made (seeded, tokens API, grants), keyed by the full access token. This is where
    /// <see cref="Authentication"/> looks Bearer tokens up; the tokens API lists, shows and revokes these records.
    /// </summary>
    public OAuthTokenStore BearerTokens { get; }

    /// <summary>The account's OAuth clients (seeded: <see cref="DemoCredentials.RunbookClientId"/>, <see cref="DemoCredentials.CliClientId"/>).</summary>
    public OAuthClientStore OAuthClients { get; }

    /// <summary>Who "signs in and clicks Allow" at <c>GET /oauth/authorizations/new</c> (the emulator has no login page).</summary>
    public long OAuthApprovingUserId { get; set; } = DemoCredentials.AdminUserId;

    /// <summary>True: the approving user clicks "Deny": the authorization endpoint redirects with <c>error=access_denied</c>.</summary>
    public bool DenyOAuthAuthorizations { get; set; }

    /// <summary>
    /// True (default): an unknown scope name at /oauth/authorizations/new or /oauth/tokens is accepted and the
    /// token then gets 403 on every call — what the grant-type API reference describes ("The endpoint returns an access token even if you specify an invalid scope",
    /// https://developer.zendesk.com/api-reference/ticketing/oauth/grant_type_tokens/). False: refused with
    /// <c>invalid_scope</c>, as ZENDESK_API_FACTS.md had it. The tokens API always accepts them.
    /// </summary>
    public bool AcceptUnknownScopesInGrants { get; set; } = true;

    /// <summary>Counts of <c>POST /oauth/tokens</c> calls by grant type, failed ones included.</summary>
    public OAuthTokenRequestCounts OAuthTokenRequests { get; } = new();

    internal OAuthCodeStore OAuthCodes { get; } = new();

    /// <summary>Issues a random 64-hex-character access token for <paramref name="userId"/> and returns it.</summary>
    public string AddBearerToken(long userId, IEnumerable<string> scopes, DateTimeOffset? expiresAt = null, long? clientId = null) =>
        BearerTokens.Issue(new BearerToken(userId, scopes.ToArray(), expiresAt) { ClientId = clientId }).Token;

    /// <summary>Deletes a client and "deactivates every token made with it" (access and refresh tokens, pending codes).</summary>
    public bool DeleteOAuthClient(long clientId)
    {
        if (!OAuthClients.Remove(clientId))
            return false;
        BearerTokens.RemoveForClient(clientId);
        OAuthCodes.RemoveForClient(clientId);
        return true;
    }

    private void SeedOAuth()
    {
        var runbook = OAuthClients.Add(DemoCredentials.RunbookClientName, DemoCredentials.RunbookClientIdentifier, OAuthClientKinds.Confidential,
            [DemoCredentials.RunbookClientRedirectUri], DemoCredentials.AdminUserId, DemoCredentials.RunbookClientSecret,
            DemoCredentials.RunbookClientId, SeedTime);
        runbook.Company = "ZendeskAuth";
        runbook.Description = "Scripts and runbooks that call the Zendesk API with ZendeskAuth.";
        var cli = OAuthClients.Add(DemoCredentials.CliClientName, DemoCredentials.CliClientIdentifier, OAuthClientKinds.Public,
            [DemoCredentials.CliClientRedirectUriLoopback, DemoCredentials.CliClientRedirectUriLocalhost], DemoCredentials.AdminUserId,
            id: DemoCredentials.CliClientId, createdAt: SeedTime);
        cli.Company = "ZendeskAuth";
        cli.Description = "Interactive sign-in from PowerShell (authorization code with PKCE, loopback redirect).";

        BearerTokens[DemoCredentials.OAuthAccessToken] = new BearerToken(DemoCredentials.AdminUserId, ["read", "write"])
        {
            Id = DemoCredentials.OAuthAccessTokenId,
            ClientId = DemoCredentials.RunbookClientId,
            CreatedAt = SeedTime,
        };
    }

    // ---- statistics -------------------------------------------------------------------------------------------------------

    /// <summary>Every request the emulator received, faulted and rate-limited ones included.</summary>
    public int RequestCount => Volatile.Read(ref _requestCount);

    internal void CountRequest() => Interlocked.Increment(ref _requestCount);

    private void AddSeedUser(long id, string email, string name, string role, string password, bool verified)
    {
        var user = new EmulatorUser(id, email, name, role, password, SeedTime.AddDays(id - DemoCredentials.AdminUserId)) { Verified = verified };
        lock (_usersGate) _users = [.. _users, user];
    }
}

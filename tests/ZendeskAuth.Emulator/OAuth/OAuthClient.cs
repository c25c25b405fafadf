using System.Security.Cryptography;

namespace ZendeskAuth.Emulator;

/// <summary>The two client kinds: https://support.zendesk.com/hc/en-us/articles/4408845965210 ("OAuth client types").</summary>
public static class OAuthClientKinds
{
    /// <summary>Runs where credentials can't be kept secret; "These clients must use PKCE".</summary>
    public const string Public = "public";

    /// <summary>Runs on a secure server; "can use PKCE and/or client secret".</summary>
    public const string Confidential = "confidential";
}

/// <summary>
/// An OAuth client of the account (Admin Center &gt; Apps and integrations &gt; APIs &gt; OAuth clients),
/// https://developer.zendesk.com/api-reference/ticketing/oauth/oauth_clients/#json-format. Tests may change it at any time.
/// </summary>
public sealed class EmulatorOAuthClient
{
    internal EmulatorOAuthClient(long id, DateTimeOffset createdAt)
    {
        Id = id;
        CreatedAt = createdAt;
        UpdatedAt = createdAt;
    }

    public long Id { get; }
    public required string Name { get; set; }

    /// <summary>The "Unique identifier": what <c>client_id</c> means at /oauth/authorizations/new and /oauth/tokens.</summary>
    public required string Identifier { get; set; }

    public string Kind { get; set; } = OAuthClientKinds.Confidential;
    public IReadOnlyList<string> RedirectUris { get; set; } = [];
    public required string Secret { get; set; }

    /// <summary>"The id of the admin who created the client"; client-credentials tokens act as this user.</summary>
    public long UserId { get; set; }

    public string? Company { get; set; }
    public string? Description { get; set; }
    public string? LogoUrl { get; set; }
    public bool Global { get; set; }
    public DateTimeOffset CreatedAt { get; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// True: a grant without <c>expires_in</c> gets the default lifetimes (access 30 minutes, refresh 30 days). Zendesk applies
    /// them to local clients created after 2026-04-30; older clients' tokens don't expire unless <c>expires_in</c> is sent
    /// ("Defaults to null" in the grant-type API reference). https://support.zendesk.com/hc/en-us/articles/10212201463962
    /// </summary>
    public bool EnforcesDefaultTokenLifetimes { get; set; } = true;

    public bool IsConfidential => Kind == OAuthClientKinds.Confidential;

    /// <summary>A new secret like Zendesk's: 64 lowercase hex characters. [guess] at the format.</summary>
    public static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}

/// <summary>The account's OAuth clients (<see cref="EmulatorAccount.OAuthClients"/>), ordered by id.</summary>
public sealed class OAuthClientStore
{
    private readonly object _gate = new();
    private readonly List<EmulatorOAuthClient> _clients = [];
    private readonly Func<DateTimeOffset> _now;
    private long _nextId;

    internal OAuthClientStore(Func<DateTimeOffset> now, long firstId)
    {
        _now = now;
        _nextId = firstId;
    }

    /// <summary>Adds a client (no validation: tests may make odd ones on purpose). A secret is generated when none is given.</summary>
    public EmulatorOAuthClient Add(string name, string identifier, string kind, IEnumerable<string> redirectUris, long userId,
        string? secret = null, long? id = null, DateTimeOffset? createdAt = null)
    {
        lock (_gate)
        {
            var clientId = id ?? _nextId++;
            if (_clients.Any(c => c.Id == clientId))
                throw new InvalidOperationException($"An OAuth client with id {clientId} already exists.");
            _nextId = Math.Max(_nextId, clientId + 1);
            var client = new EmulatorOAuthClient(clientId, createdAt ?? _now())
            {
                Name = name,
                Identifier = identifier,
                Kind = kind,
                RedirectUris = redirectUris.ToArray(),
                UserId = userId,
                Secret = secret ?? EmulatorOAuthClient.NewSecret(),
            };
            _clients.Add(client);
            return client;
        }
    }

    public EmulatorOAuthClient? FindById(long id)
    {
        lock (_gate) return _clients.FirstOrDefault(c => c.Id == id);
    }

    /// <summary>Case-sensitive. [guess]</summary>
    public EmulatorOAuthClient? FindByIdentifier(string identifier)
    {
        lock (_gate) return _clients.FirstOrDefault(c => string.Equals(c.Identifier, identifier, StringComparison.Ordinal));
    }

    /// <summary>Removes the client only; <see cref="EmulatorAccount.DeleteOAuthClient"/> also kills its tokens.</summary>
    internal bool Remove(long id)
    {
        lock (_gate) return _clients.RemoveAll(c => c.Id == id) > 0;
    }

    public IReadOnlyList<EmulatorOAuthClient> Snapshot()
    {
        lock (_gate) return _clients.OrderBy(c => c.Id).ToArray();
    }

    /// <summary>Runs <paramref name="change"/> under the store's lock (so identifier uniqueness checks and updates don't race).</summary>
    internal T Locked<T>(Func<T> change)
    {
        lock (_gate) return change();
    }
}

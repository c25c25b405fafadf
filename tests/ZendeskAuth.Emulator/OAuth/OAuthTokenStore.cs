using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace ZendeskAuth.Emulator;

/// <summary>
/// THE store of OAuth access tokens (<see cref="EmulatorAccount.BearerTokens"/>): the seeded token, tokens-API tokens and
/// grant tokens all live here with an id, so the tokens API lists/shows/revokes all of them and <see cref="Authentication"/>
/// finds all of them. Read like a dictionary keyed by the full access token; every change happens under one lock, so a
/// refresh token can be redeemed exactly once even when several workers race.
/// </summary>
public sealed class OAuthTokenStore : IReadOnlyDictionary<string, BearerToken>
{
    private readonly object _gate = new();
    private readonly Dictionary<string, BearerToken> _byToken = new(StringComparer.Ordinal);
    private readonly Dictionary<long, string> _tokenById = [];
    private readonly Dictionary<string, string> _tokenByRefresh = new(StringComparer.Ordinal);
    private readonly Func<DateTimeOffset> _now;
    private long _nextId;

    internal OAuthTokenStore(Func<DateTimeOffset> now, long firstId)
    {
        _now = now;
        _nextId = firstId;
    }

    /// <summary>64 lowercase hex characters, like the tokens Zendesk issues. [guess] at the refresh-token format.</summary>
    public static string NewTokenString() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>Gets a token; setting adds (or replaces) the token under that access-token string. Id and CreatedAt are
    /// filled in when the value has none, Token is set to the key.</summary>
    public BearerToken this[string token]
    {
        get => TryGetValue(token, out var value) ? value : throw new KeyNotFoundException("No such access token.");
        set
        {
            ArgumentException.ThrowIfNullOrEmpty(token);
            ArgumentNullException.ThrowIfNull(value);
            lock (_gate)
            {
                var id = value.Id != 0 ? value.Id : _byToken.TryGetValue(token, out var old) ? old.Id : NextId();
                _nextId = Math.Max(_nextId, id + 1);
                RemoveLocked(token);
                if (_tokenById.TryGetValue(id, out var other))
                    RemoveLocked(other);
                AddLocked(value with { Id = id, Token = token, CreatedAt = value.CreatedAt == default ? _now() : value.CreatedAt });
            }
        }
    }

    /// <summary>Stores <paramref name="template"/> with a new id and a new random access token (and the refresh token
    /// the template carries, if any). Returns the stored record.</summary>
    public BearerToken Issue(BearerToken template)
    {
        ArgumentNullException.ThrowIfNull(template);
        lock (_gate)
        {
            var stored = template with
            {
                Id = NextId(),
                Token = NewTokenString(),
                CreatedAt = template.CreatedAt == default ? _now() : template.CreatedAt,
            };
            AddLocked(stored);
            return stored;
        }
    }

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out BearerToken value)
    {
        lock (_gate) return _byToken.TryGetValue(key, out value);
    }

    public bool ContainsKey(string key)
    {
        lock (_gate) return _byToken.ContainsKey(key);
    }

    public BearerToken? FindById(long id)
    {
        lock (_gate) return _tokenById.TryGetValue(id, out var token) ? _byToken[token] : null;
    }

    public BearerToken? FindByRefreshToken(string refreshToken)
    {
        lock (_gate) return _tokenByRefresh.TryGetValue(refreshToken, out var token) ? _byToken[token] : null;
    }

    /// <summary>Every token, ordered by id.</summary>
    public IReadOnlyList<BearerToken> Snapshot()
    {
        lock (_gate) return _byToken.Values.OrderBy(t => t.Id).ToArray();
    }

    /// <summary>Revokes the access token (and its refresh token).</summary>
    public bool Remove(string token)
    {
        lock (_gate) return RemoveLocked(token);
    }

    /// <summary>Like <see cref="System.Collections.Concurrent.ConcurrentDictionary{TKey,TValue}.TryRemove(TKey, out TValue)"/>.</summary>
    public bool TryRemove(string token, [MaybeNullWhen(false)] out BearerToken value)
    {
        lock (_gate)
        {
            if (!_byToken.TryGetValue(token, out value))
                return false;
            return RemoveLocked(token);
        }
    }

    public bool RemoveById(long id)
    {
        lock (_gate) return _tokenById.TryGetValue(id, out var token) && RemoveLocked(token);
    }

    /// <summary>"Deleting a client deactivates every token made with it" (access and refresh). Returns how many.</summary>
    public int RemoveForClient(long clientId)
    {
        lock (_gate)
        {
            var tokens = _byToken.Values.Where(t => t.ClientId == clientId).Select(t => t.Token).ToArray();
            foreach (var token in tokens)
                RemoveLocked(token);
            return tokens.Length;
        }
    }

    /// <summary>Removes the record holding <paramref name="refreshToken"/> if it is still record <paramref name="expectedId"/>;
    /// false when another request redeemed it first.</summary>
    internal bool TryRedeemRefreshToken(string refreshToken, long expectedId)
    {
        lock (_gate)
        {
            if (!_tokenByRefresh.TryGetValue(refreshToken, out var token) || _byToken[token].Id != expectedId)
                return false;
            return RemoveLocked(token);
        }
    }

    internal void MarkUsed(string token, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_byToken.TryGetValue(token, out var value))
                _byToken[token] = value with { UsedAt = now };
        }
    }

    public int Count
    {
        get { lock (_gate) return _byToken.Count; }
    }

    public IEnumerable<string> Keys
    {
        get { lock (_gate) return _byToken.Keys.ToArray(); }
    }

    public IEnumerable<BearerToken> Values => Snapshot();

    public IEnumerator<KeyValuePair<string, BearerToken>> GetEnumerator()
    {
        KeyValuePair<string, BearerToken>[] items;
        lock (_gate) items = _byToken.ToArray();
        return ((IEnumerable<KeyValuePair<string, BearerToken>>)items).GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private long NextId() => _nextId++;

    private void AddLocked(BearerToken token)
    {
        _byToken[token.Token] = token;
        _tokenById[token.Id] = token.Token;
        if (token.RefreshToken is { } refresh)
            _tokenByRefresh[refresh] = token.Token;
    }

    private bool RemoveLocked(string token)
    {
        if (!_byToken.Remove(token, out var old))
            return false;
        _tokenById.Remove(old.Id);
        if (old.RefreshToken is { } refresh)
            _tokenByRefresh.Remove(refresh);
        return true;
    }
}

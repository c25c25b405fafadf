using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using ZendeskAuth.Http;
using ZendeskAuth.OAuth;

namespace ZendeskAuth.Authentication;

/// <summary>
/// A credential and the kind it is. The secret stays in a <see cref="SecureString"/> and becomes plain text only
/// while the header of one request is built. <see cref="ToString"/> never shows it.
/// A secret that cannot go on the wire is refused on creation with an <see cref="UnsafeWireTextException"/>.
/// An OAuth credential with a renewal renews itself shortly before it expires, or after Zendesk refused it.
/// Renewal is single-flight: however many requests and runspaces share the credential, one renews and the
/// others use its result, so a rotating refresh token is never spent twice.
/// </summary>
internal sealed class ZendeskCredential : IDisposable
{
    /// <summary>Renew when less than this is left, so a request is not sent with a token about to lapse.</summary>
    public static readonly TimeSpan RenewBeforeExpiry = TimeSpan.FromSeconds(60);

    private readonly object _gate = new();
    private readonly SemaphoreSlim _renewing = new(1, 1);
    private readonly IOAuthRenewal? _renewal;
    private readonly Func<DateTimeOffset> _now;
    private readonly ConcurrentQueue<OAuthGrantResult> _renewed = new();
    private SecureString _secret;
    private int _generation;

    private ZendeskCredential(AuthenticationType type, string? email, SecureString secret, DateTimeOffset? expiresAt = null, IOAuthRenewal? renewal = null, Func<DateTimeOffset>? now = null)
    {
        Type = type;
        Email = email;
        // A copy, so the caller disposing its SecureString does not break the connection.
        _secret = secret.Copy();
        _secret.MakeReadOnly();
        ExpiresAt = expiresAt;
        _renewal = renewal;
        _now = now ?? (() => DateTimeOffset.UtcNow);
        // Built once now, so a secret that cannot go on the wire (a line break in a token, a NUL in an email) is
        // refused where it is given, whatever the path: parameters, a credential, ZENDESK_* variables, a token object.
        try
        {
            _ = BuildHeader();
        }
        catch
        {
            _secret.Dispose();
            throw;
        }
    }

    public AuthenticationType Type { get; }

    /// <summary>The email the credential names; null for OAuth, whose token names its user.</summary>
    public string? Email { get; }

    /// <summary>When the access token expires, if known.</summary>
    public DateTimeOffset? ExpiresAt { get; private set; }

    public bool CanRenew => _renewal is not null;

    /// <summary>refresh_token or client_credentials; null when the credential cannot renew.</summary>
    public string? RenewalGrantType => _renewal?.GrantType;

    public string? ClientId => _renewal?.ClientId;

    public bool IsDisposed { get; private set; }

    public static ZendeskCredential Password(string email, SecureString password) =>
        new(AuthenticationType.Password, AuthorizationHeader.EmailOf(email), password);

    public static ZendeskCredential ApiToken(string email, SecureString apiToken) =>
        new(AuthenticationType.ApiToken, AuthorizationHeader.EmailOf(email), apiToken);

    public static ZendeskCredential OAuth(SecureString accessToken, DateTimeOffset? expiresAt = null, IOAuthRenewal? renewal = null, Func<DateTimeOffset>? now = null) =>
        new(AuthenticationType.OAuth, null, accessToken, expiresAt, renewal, now);

    /// <summary>Whether <see cref="GetAuthorizationAsync"/> would renew the token before handing out a header now.</summary>
    public bool RenewsBeforeUse
    {
        get
        {
            lock (_gate)
            {
                return _renewal is not null && ExpiresAt is { } expiresAt && expiresAt - _now() <= RenewBeforeExpiry;
            }
        }
    }

    /// <summary>
    /// The <c>Authorization</c> header value and the generation of the secret it was built from, renewing first
    /// when the token is about to expire. The caller must not keep or log the header.
    /// </summary>
    public async Task<(string Header, int Generation)> GetAuthorizationAsync(IRequestLog log, CancellationToken cancellationToken)
    {
        int generation;
        lock (_gate)
        {
            ThrowIfDisposed();
            generation = _generation;
            if (_renewal is null || ExpiresAt is not { } expiresAt || expiresAt - _now() > RenewBeforeExpiry)
            {
                return (BuildHeader(), generation);
            }
            log.Verbose($"The access token expires at {expiresAt.ToString("u", CultureInfo.InvariantCulture)}: renewing it first");
        }
        return await RenewAsync(generation, log, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Renews the token that <paramref name="seenGeneration"/> built. When another request already renewed it,
    /// its result is used and nothing is sent.
    /// </summary>
    public async Task<(string Header, int Generation)> RenewAsync(int seenGeneration, IRequestLog log, CancellationToken cancellationToken)
    {
        if (_renewal is null)
        {
            throw new InvalidOperationException("This credential cannot renew itself.");
        }

        await _renewing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (_gate)
            {
                ThrowIfDisposed();
                if (_generation != seenGeneration)
                {
                    return (BuildHeader(), _generation);
                }
            }

            log.Verbose($"Renewing the OAuth access token with grant_type {_renewal.GrantType} for client {_renewal.ClientId}");
            var result = await _renewal.RenewAsync(log, cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                ThrowIfDisposed();
                var spent = _secret;
                _secret = SecureStrings.FromPlainText(result.AccessToken);
                spent.Dispose();
                ExpiresAt = result.ExpiresIn is { } seconds ? _now().AddSeconds(seconds) : null;
                _generation++;
                _renewed.Enqueue(result);
                return (BuildHeader(), _generation);
            }
        }
        finally
        {
            _renewing.Release();
        }
    }

    /// <summary>Renewals not yet reported to the user's script block.</summary>
    public bool TryTakeRenewal(out OAuthGrantResult result) => _renewed.TryDequeue(out result!);

    /// <summary>The header for the current secret, for synchronous callers that need no renewal.</summary>
    public string GetAuthorization()
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            return BuildHeader();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            IsDisposed = true;
            _secret.Dispose();
            _renewal?.Dispose();
        }
    }

    public override string ToString() => Email is null ? Type.ToString() : $"{Type} ({Email})";

    private string BuildHeader()
    {
        var secret = SecureStrings.ToPlainText(_secret);
        return Type switch
        {
            AuthenticationType.Password => AuthorizationHeader.ForPassword(Email!, secret),
            AuthenticationType.ApiToken => AuthorizationHeader.ForApiToken(Email!, secret),
            _ => AuthorizationHeader.ForOAuth(secret),
        };
    }

    private void ThrowIfDisposed()
    {
        if (IsDisposed)
        {
            throw new ObjectDisposedException(nameof(ZendeskCredential), "This connection was closed by Disconnect-Zendesk; run Connect-Zendesk again.");
        }
    }
}

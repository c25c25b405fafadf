using System;
using System.Collections.Generic;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using ZendeskAuth.Http;

namespace ZendeskAuth.OAuth;

/// <summary>How an OAuth credential gets a new access token when the one it holds expires.</summary>
internal interface IOAuthRenewal : IDisposable
{
    /// <summary>refresh_token or client_credentials, for messages.</summary>
    string GrantType { get; }

    string ClientId { get; }

    Task<OAuthGrantResult> RenewAsync(IRequestLog log, CancellationToken cancellationToken);
}

/// <summary>
/// Renews through <c>POST /oauth/tokens</c>: with the refresh token, which Zendesk rotates (the answer's new
/// refresh token replaces the spent one), or with the client's credentials.
/// </summary>
internal sealed class OAuthRenewal : IOAuthRenewal
{
    private readonly Uri _baseUrl;
    private readonly HttpTransport _transport;
    private readonly SecureString? _clientSecret;
    private readonly IReadOnlyList<string>? _scopes;
    private readonly int? _expiresIn;
    private readonly object _gate = new();
    private SecureString? _refreshToken;
    private Task<OAuthGrantResult>? _inFlight;
    private bool _abandoned;
    private bool _disposed;
    private DateTimeOffset _completedAt;

    private OAuthRenewal(Uri baseUrl, HttpTransport transport, string clientId, SecureString? clientSecret, SecureString? refreshToken, IReadOnlyList<string>? scopes, int? expiresIn)
    {
        _baseUrl = baseUrl;
        _transport = transport;
        ClientId = clientId;
        _clientSecret = clientSecret?.Copy();
        _refreshToken = refreshToken?.Copy();
        _scopes = scopes;
        _expiresIn = expiresIn;
        GrantType = refreshToken is null ? "client_credentials" : "refresh_token";
    }

    public string GrantType { get; }

    public string ClientId { get; }

    public static OAuthRenewal WithRefreshToken(Uri baseUrl, HttpTransport transport, string clientId, SecureString? clientSecret, SecureString refreshToken) =>
        new(baseUrl, transport, clientId, clientSecret, refreshToken, null, null);

    public static OAuthRenewal WithClientCredentials(Uri baseUrl, HttpTransport transport, string clientId, SecureString clientSecret, IReadOnlyList<string>? scopes, int? expiresIn) =>
        new(baseUrl, transport, clientId, clientSecret, null, scopes, expiresIn);

    /// <summary>
    /// Sends the grant, or takes up the one already in flight. Once sent, a grant is not cancelled by Ctrl+C:
    /// Zendesk may already have rotated the refresh token, so its answer must be read and kept. The caller stops
    /// waiting at once; the grant finishes in the background (within <see cref="BackgroundLimit"/>), the new refresh
    /// token is kept here at once, and the next renewal takes the answer up without sending anything.
    /// </summary>
    public async Task<OAuthGrantResult> RenewAsync(IRequestLog log, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Task<OAuthGrantResult> grant;
        var relay = new RelayLog(log);
        lock (_gate)
        {
            if (_inFlight is { IsCompleted: true, Status: not TaskStatus.RanToCompletion })
            {
                // A grant that failed after its caller left: its failure was nobody's answer; send afresh.
                _inFlight = null;
                _abandoned = false;
            }
            // In the background even for a caller that waits: Ctrl+C must be able to leave a grant that runs on.
            using (InlineSend.Suspended())
            {
                grant = _inFlight ??= SendAsync(relay);
            }
        }

        try
        {
            if (!grant.IsCompleted)
            {
                var stopped = new TaskCompletionSource<bool>();
                using (cancellationToken.Register(() => stopped.TrySetResult(true)))
                {
                    await Task.WhenAny(grant, stopped.Task).ConfigureAwait(false);
                }
                if (!grant.IsCompleted)
                {
                    lock (_gate)
                    {
                        _abandoned = true;
                    }
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
        }
        finally
        {
            // The stopped command's log may be gone; the grant goes on quietly.
            relay.Detach();
        }

        bool late;
        DateTimeOffset completedAt;
        lock (_gate)
        {
            late = _abandoned;
            completedAt = _completedAt;
            if (ReferenceEquals(_inFlight, grant))
            {
                _inFlight = null;
                _abandoned = false;
            }
        }
        var result = await grant.ConfigureAwait(false);
        if (!late)
        {
            return result;
        }
        // Taken up later than it came: the access token has aged meanwhile.
        var aged = (int)Math.Min(int.MaxValue, Math.Max(0, (DateTimeOffset.UtcNow - completedAt).TotalSeconds));
        log.Verbose("Using the answer of a token renewal that finished after its command was stopped");
        return new OAuthGrantResult(result.AccessToken, result.RefreshToken, result.Scopes,
            result.ExpiresIn is { } seconds ? Math.Max(0, seconds - aged) : null,
            result.RefreshTokenExpiresIn is { } refreshSeconds ? Math.Max(0, refreshSeconds - aged) : null)
        {
            CompletedAfterStop = true,
        };
    }

    /// <summary>The longest a grant may run, retries included, once sent; nobody may be waiting for it.</summary>
    internal static readonly TimeSpan BackgroundLimit = TimeSpan.FromMinutes(5);

    private async Task<OAuthGrantResult> SendAsync(IRequestLog log)
    {
        var body = _refreshToken is null
            ? OAuthGrants.ClientCredentials(ClientId, _clientSecret!, _scopes, _expiresIn)
            : OAuthGrants.RefreshToken(ClientId, _clientSecret, _refreshToken, null, null);
        OAuthGrantResult result;
        using (var limit = new CancellationTokenSource(BackgroundLimit))
        {
            result = await OAuthGrants.RequestAsync(_baseUrl, _transport, body, TimeSpan.FromSeconds(100), log, limit.Token).ConfigureAwait(false);
        }
        lock (_gate)
        {
            // Kept at once, whether or not anyone still waits: the spent one no longer works.
            if (_refreshToken is not null && result.RefreshToken is not null && !_disposed)
            {
                var spent = _refreshToken;
                _refreshToken = Authentication.SecureStrings.FromPlainText(result.RefreshToken);
                spent.Dispose();
            }
            _completedAt = DateTimeOffset.UtcNow;
        }
        return result;
    }

    /// <summary>Passes messages on until the caller stops waiting; then drops them (its queue may be disposed).</summary>
    private sealed class RelayLog : IRequestLog
    {
        private volatile IRequestLog _inner;

        public RelayLog(IRequestLog inner) => _inner = inner;

        public bool IsVerboseEnabled => _inner.IsVerboseEnabled;

        public bool IsDebugEnabled => _inner.IsDebugEnabled;

        public void Detach() => _inner = NullRequestLog.Instance;

        public void Verbose(string message) => Safely(log => log.Verbose(message));

        public void Debug(string message) => Safely(log => log.Debug(message));

        public void Waiting(TimeSpan delay, string reason) => Safely(log => log.Waiting(delay, reason));

        public void WaitEnded() => Safely(log => log.WaitEnded());

        private void Safely(Action<IRequestLog> write)
        {
            try
            {
                write(_inner);
            }
            catch (ObjectDisposedException)
            {
                // The command that sent the grant has ended.
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _clientSecret?.Dispose();
            _refreshToken?.Dispose();
        }
    }
}

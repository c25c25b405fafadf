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
    private SecureString? _refreshToken;

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

    public async Task<OAuthGrantResult> RenewAsync(IRequestLog log, CancellationToken cancellationToken)
    {
        var body = _refreshToken is null
            ? OAuthGrants.ClientCredentials(ClientId, _clientSecret!, _scopes, _expiresIn)
            : OAuthGrants.RefreshToken(ClientId, _clientSecret, _refreshToken, null, null);
        var result = await OAuthGrants.RequestAsync(_baseUrl, _transport, body, TimeSpan.FromSeconds(100), log, cancellationToken).ConfigureAwait(false);
        if (_refreshToken is not null && result.RefreshToken is not null)
        {
            var spent = _refreshToken;
            _refreshToken = Authentication.SecureStrings.FromPlainText(result.RefreshToken);
            spent.Dispose();
        }
        return result;
    }

    public void Dispose()
    {
        _clientSecret?.Dispose();
        _refreshToken?.Dispose();
    }
}

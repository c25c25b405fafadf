using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Net.Http;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using ZendeskAuth.Authentication;
using ZendeskAuth.Connections;
using ZendeskAuth.Errors;
using ZendeskAuth.Http;
using ZendeskAuth.OAuth;

namespace ZendeskAuth.Commands;

/// <summary>
/// Gets an OAuth access token, by one of Zendesk's ways: the tokens API (as a connected admin), an
/// authorization code, the interactive browser flow with PKCE, a refresh token, or client credentials.
/// </summary>
[Cmdlet(VerbsCommon.New, "ZendeskOAuthToken", DefaultParameterSetName = TokensApiSet)]
[OutputType(typeof(ZendeskOAuthToken))]
public sealed class NewZendeskOAuthTokenCommand : ZendeskApiCmdlet
{
    private const string TokensApiSet = "TokensApi";
    private const string AuthorizationCodeSet = "AuthorizationCode";
    private const string InteractiveSet = "Interactive";
    private const string RefreshTokenSet = "RefreshToken";
    private const string ClientCredentialSet = "ClientCredential";
    private const int DefaultRequestTimeoutSec = 100;
    private const int DefaultInteractiveTimeoutSec = 300;

    /// <summary>
    /// The OAuth client. For the tokens API: its numeric id, or its identifier (looked up). For the grant flows:
    /// its identifier string. Binds from Get-ZendeskOAuthClient's Identifier.
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = TokensApiSet, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, ParameterSetName = AuthorizationCodeSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, ParameterSetName = InteractiveSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, ParameterSetName = RefreshTokenSet, ValueFromPipelineByPropertyName = true)]
    [Alias("Identifier")]
    [ArgumentCompleter(typeof(ClientIdCompleter))]
    [ValidateNotNullOrEmpty]
    public string ClientId { get; set; } = "";

    /// <summary>Scopes such as read, write, tickets:read. Checked against Zendesk's list before anything is sent.</summary>
    [Parameter(Mandatory = true, ParameterSetName = TokensApiSet, Position = 1)]
    [Parameter(Mandatory = true, ParameterSetName = InteractiveSet)]
    [Parameter(ParameterSetName = ClientCredentialSet)]
    [ArgumentCompleter(typeof(ScopeCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] Scope { get; set; } = Array.Empty<string>();

    /// <summary>The code Zendesk sent to the redirect URI (it lives 120 s and works once).</summary>
    [Parameter(Mandatory = true, ParameterSetName = AuthorizationCodeSet)]
    [ValidateNotNullOrEmpty]
    public string AuthorizationCode { get; set; } = "";

    /// <summary>
    /// The redirect URI registered for the client. For -Interactive, http://127.0.0.1:PORT/path or
    /// http://localhost:PORT/path; with port 0 or none a free port is chosen, which Zendesk must then accept for a
    /// loopback redirect registered without a port (RFC 8252 section 7.3).
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = AuthorizationCodeSet)]
    [Parameter(Mandatory = true, ParameterSetName = InteractiveSet)]
    [ValidateNotNullOrEmpty]
    public string RedirectUri { get; set; } = "";

    /// <summary>The PKCE verifier whose challenge went with the authorization request.</summary>
    [Parameter(ParameterSetName = AuthorizationCodeSet)]
    [ValidateNotNullOrEmpty]
    public string? CodeVerifier { get; set; }

    /// <summary>A confidential client's secret. Public clients have none and use PKCE.</summary>
    [Parameter(ParameterSetName = AuthorizationCodeSet)]
    [Parameter(ParameterSetName = InteractiveSet)]
    [Parameter(ParameterSetName = RefreshTokenSet)]
    [SecureStringTransformation]
    [ValidateNotNull]
    public SecureString? ClientSecret { get; set; }

    /// <summary>Sign in through the browser: PKCE S256, a random state, and a listener on the loopback redirect URI.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InteractiveSet)]
    public SwitchParameter Interactive { get; set; }

    /// <summary>Print the sign-in URL instead of opening a browser.</summary>
    [Parameter(ParameterSetName = InteractiveSet)]
    public SwitchParameter NoBrowser { get; set; }

    /// <summary>A refresh token; Zendesk rotates it, so the one given is spent and the output carries the next.</summary>
    [Parameter(Mandatory = true, ParameterSetName = RefreshTokenSet, ValueFromPipelineByPropertyName = true)]
    [SecureStringTransformation]
    [ValidateNotNull]
    public SecureString? RefreshToken { get; set; }

    /// <summary>
    /// A token object piped in (its RefreshToken and ClientId bind by name). Kept for its account: a refresh token
    /// is sent only to the account that issued it, so -Subdomain or -Url naming another account is refused
    /// (ForeignHost), and without them the token's own account is used.
    /// </summary>
    [Parameter(ParameterSetName = RefreshTokenSet, ValueFromPipeline = true, DontShow = true)]
    public ZendeskOAuthToken? InputObject { get; set; }

    /// <summary>A confidential client's identifier (user name) and secret (password): grant_type client_credentials.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ClientCredentialSet)]
    [Credential]
    [ValidateNotNull]
    public PSCredential? ClientCredential { get; set; }

    /// <summary>Seconds the access token lives: 300 to 172,800.</summary>
    [Parameter(ParameterSetName = AuthorizationCodeSet)]
    [Parameter(ParameterSetName = InteractiveSet)]
    [Parameter(ParameterSetName = RefreshTokenSet)]
    [Parameter(ParameterSetName = ClientCredentialSet)]
    [ValidateRange(OAuthGrants.MinExpiresIn, OAuthGrants.MaxExpiresIn)]
    public int? ExpiresIn { get; set; }

    /// <summary>Seconds the refresh token lives: 604,800 to 7,776,000.</summary>
    [Parameter(ParameterSetName = AuthorizationCodeSet)]
    [Parameter(ParameterSetName = InteractiveSet)]
    [Parameter(ParameterSetName = RefreshTokenSet)]
    [ValidateRange(OAuthGrants.MinRefreshTokenExpiresIn, OAuthGrants.MaxRefreshTokenExpiresIn)]
    public int? RefreshTokenExpiresIn { get; set; }

    /// <summary>The account, when not the current connection's: acme for https://acme.zendesk.com.</summary>
    [Parameter(ParameterSetName = AuthorizationCodeSet)]
    [Parameter(ParameterSetName = InteractiveSet)]
    [Parameter(ParameterSetName = RefreshTokenSet)]
    [Parameter(ParameterSetName = ClientCredentialSet)]
    [ValidateNotNullOrEmpty]
    public string? Subdomain { get; set; }

    /// <summary>The account's full address, when not the current connection's.</summary>
    [Parameter(ParameterSetName = AuthorizationCodeSet)]
    [Parameter(ParameterSetName = InteractiveSet)]
    [Parameter(ParameterSetName = RefreshTokenSet)]
    [Parameter(ParameterSetName = ClientCredentialSet)]
    [ValidateNotNullOrEmpty]
    public string? Url { get; set; }

    /// <summary>Only for a local emulator with a self-signed certificate.</summary>
    [Parameter(ParameterSetName = AuthorizationCodeSet)]
    [Parameter(ParameterSetName = InteractiveSet)]
    [Parameter(ParameterSetName = RefreshTokenSet)]
    [Parameter(ParameterSetName = ClientCredentialSet)]
    public SwitchParameter SkipCertificateCheck { get; set; }

    /// <summary>A proxy for the grant requests, as on Connect-Zendesk (with the tokens API, the connection's proxy is used).</summary>
    [Parameter(ParameterSetName = AuthorizationCodeSet)]
    [Parameter(ParameterSetName = InteractiveSet)]
    [Parameter(ParameterSetName = RefreshTokenSet)]
    [Parameter(ParameterSetName = ClientCredentialSet)]
    [ValidateNotNull]
    public Uri? Proxy { get; set; }

    /// <summary>The proxy's user name and password (Basic, NTLM or Negotiate). Never shown.</summary>
    [Parameter(ParameterSetName = AuthorizationCodeSet)]
    [Parameter(ParameterSetName = InteractiveSet)]
    [Parameter(ParameterSetName = RefreshTokenSet)]
    [Parameter(ParameterSetName = ClientCredentialSet)]
    [Credential]
    [ValidateNotNull]
    public PSCredential? ProxyCredential { get; set; }

    /// <summary>Sign in to the proxy as the current user (NTLM or Negotiate, on Windows).</summary>
    [Parameter(ParameterSetName = AuthorizationCodeSet)]
    [Parameter(ParameterSetName = InteractiveSet)]
    [Parameter(ParameterSetName = RefreshTokenSet)]
    [Parameter(ParameterSetName = ClientCredentialSet)]
    public SwitchParameter ProxyUseDefaultCredentials { get; set; }

    /// <summary>Seconds to wait for each answer (default 100); with -Interactive, for the user to sign in (default 300). 0 waits without limit.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int? TimeoutSec { get; set; }

    private TimeSpan? RequestTimeout => TimeoutSec == 0 ? null : TimeSpan.FromSeconds(TimeoutSec ?? DefaultRequestTimeoutSec);

    protected override void ProcessRecord()
    {
        var scopes = CheckedScopes(Scope);
        try
        {
            if (ParameterSetName == TokensApiSet)
            {
                CreateWithTokensApi(scopes!);
                return;
            }

            var (url, transport) = ResolveTarget();
            var requestTimeout = RequestTimeout;
            switch (ParameterSetName)
            {
                case AuthorizationCodeSet:
                    WriteGrant(url, ClientId, OAuthGrants.AuthorizationCode(ClientId, ClientSecret, AuthorizationCode, RedirectUri, CodeVerifier, ExpiresIn, RefreshTokenExpiresIn), transport, requestTimeout);
                    break;
                case RefreshTokenSet:
                    WriteGrant(url, ClientId, OAuthGrants.RefreshToken(ClientId, ClientSecret, RefreshToken!, ExpiresIn, RefreshTokenExpiresIn), transport, requestTimeout);
                    break;
                case ClientCredentialSet:
                    var clientId = ClientCredential!.UserName?.Trim() ?? "";
                    WriteGrant(url, clientId, OAuthGrants.ClientCredentials(clientId, ClientCredential.Password, scopes, ExpiresIn), transport, requestTimeout);
                    break;
                default:
                    SignInInteractively(url, transport, scopes!, requestTimeout);
                    break;
            }
        }
        catch (Exception e) when (e is ZendeskException or System.Text.Json.JsonException)
        {
            WriteError(ErrorMapper.ToErrorRecord(e, ClientId));
        }
    }

    /// <summary>
    /// POST /api/v2/oauth/tokens.json with the NUMERIC client id and the scopes as an ARRAY:
    /// https://developer.zendesk.com/api-reference/ticketing/oauth/oauth_tokens/#create-token. The token does not
    /// expire and has no refresh token; Zendesk shows it in full only in this answer.
    /// </summary>
    private void CreateWithTokensApi(string[] scopes)
    {
        var connection = ResolveConnection();
        if (ResolveClientId(connection, ClientId) is not { } id)
        {
            return;
        }
        var body = new Dictionary<string, object> { ["token"] = new Dictionary<string, object> { ["client_id"] = id, ["scopes"] = scopes } };
        using var document = SendJson(connection, HttpMethod.Post, "/api/v2/oauth/tokens.json", body, RequestTimeout);
        var numericGiven = long.TryParse(ClientId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _);
        var token = ZendeskOAuthToken.FromApi(Expect(document, "token"), connection.Url, numeric => numericGiven ? ClientIdentifier(connection, numeric) : ClientId, created: true);
        if (token.AccessToken is null)
        {
            // Zendesk shows a token in full once, in this answer; without it the new token cannot be used.
            WriteWarning($"Zendesk created token {token.Id} but sent no full token (no full_token, and token holds at most the {ZendeskOAuthToken.ShownTokenLength} characters Zendesk shows of listed tokens), so its AccessToken is empty and it cannot be used. Revoke it (Revoke-ZendeskToken -Id {token.Id}) and create another.");
        }
        WriteObject(token);
    }

    private void WriteGrant(Uri url, string clientId, Dictionary<string, object> body, HttpTransport transport, TimeSpan? timeout)
    {
        WriteVerbose($"Asking {url} for a token with grant_type {body["grant_type"]} for client {clientId}");
        var grant = Await((log, token) => OAuthGrants.RequestAsync(url, transport, body, timeout, log, token));
        WriteObject(ZendeskOAuthToken.FromGrant(grant, url, clientId, DateTimeOffset.UtcNow));
    }

    /// <summary>
    /// The authorization-code flow for a person at a browser (RFC 8252): a listener on the loopback redirect
    /// URI, PKCE S256 and a random state, the sign-in page, then the code exchanged at once (it lives 120 s).
    /// </summary>
    private void SignInInteractively(Uri url, HttpTransport transport, string[] scopes, TimeSpan? requestTimeout)
    {
        // Nobody could open the URL or see it: waiting the whole -TimeoutSec would only stall a job.
        if (!IsInteractiveHost())
        {
            ThrowTerminatingError(ErrorMapper.Create(
                "-Interactive needs a person at a browser, and this session is not interactive (a job, a runbook, pwsh -NonInteractive, or a host without a UI). Unattended, use the client credentials grant (New-ZendeskOAuthToken -ClientCredential, or Connect-Zendesk -ClientCredential), a stored refresh token (-RefreshToken), or an authorization code obtained elsewhere (-AuthorizationCode).",
                ErrorIds.InteractiveSignInUnavailable, ErrorCategory.InvalidOperation, ClientId));
        }
        if (!Uri.TryCreate(RedirectUri, UriKind.Absolute, out var redirect) || redirect.Scheme != Uri.UriSchemeHttp || !ZendeskUrl.IsLoopback(redirect))
        {
            ThrowTerminatingError(ErrorMapper.Create(
                $"-Interactive listens for the redirect on this computer, so -RedirectUri must be http://127.0.0.1:PORT/path or http://localhost:PORT/path, registered for the client; '{RedirectUri}' is not.",
                ErrorIds.InvalidUrl, ErrorCategory.InvalidArgument, RedirectUri));
        }

        var verifier = Pkce.NewVerifier();
        var state = Pkce.NewState();
        using var listener = LoopbackRedirectListener.Start(redirect!);
        var redirectUri = listener.RedirectUri.AbsoluteUri;
        var signIn = new Uri(url, "/oauth/authorizations/new?" + string.Join("&",
            Pair("response_type", "code"),
            Pair("client_id", ClientId),
            Pair("redirect_uri", redirectUri),
            Pair("scope", string.Join(" ", scopes)),
            Pair("state", state),
            Pair("code_challenge", Pkce.Challenge(verifier)),
            Pair("code_challenge_method", "S256")));

        if (!NoBrowser && Browser.TryOpen(signIn))
        {
            WriteVerbose($"Opened the browser at {signIn.AbsoluteUri}");
        }
        else
        {
            WriteInformation(new HostInformationMessage { Message = $"Open this URL in a browser and sign in to Zendesk:{Environment.NewLine}{signIn.AbsoluteUri}" }, new[] { "PSHOST" });
        }
        WriteVerbose($"Waiting for Zendesk to redirect to {redirectUri}");

        var wait = TimeSpan.FromSeconds(TimeoutSec ?? DefaultInteractiveTimeoutSec);
        wait = wait > ZendeskRequest.MaxTimeout ? ZendeskRequest.MaxTimeout : wait;
        var refused = 0;
        var query = Await(async (log, token) =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
            if (TimeoutSec != 0)
            {
                timeout.CancelAfter(wait);
            }
            try
            {
                return await listener.WaitAsync(q =>
                {
                    var page = Page(q, state);
                    if (!page.Done)
                    {
                        Interlocked.Increment(ref refused);
                    }
                    return page;
                }, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!token.IsCancellationRequested)
            {
                return null;
            }
        });

        if (query is null && refused > 0)
        {
            ThrowTerminatingError(ErrorMapper.Create(
                $"Within {wait.TotalSeconds} s only redirects whose state does not match the one sent came ({refused}), so none came from this sign-in (a possible cross-site request forgery); they were refused and nothing was exchanged. Run the command again.",
                ErrorIds.OAuthStateMismatch, ErrorCategory.SecurityError, redirectUri));
        }
        if (query is null)
        {
            ThrowTerminatingError(ErrorMapper.Create(
                $"No answer from the browser within {wait.TotalSeconds} s. Sign in at the URL shown and approve the request, or give a larger -TimeoutSec.",
                ErrorIds.OAuthTimeout, ErrorCategory.OperationTimeout, signIn));
        }
        if (!query!.TryGetValue("state", out var returned) || !string.Equals(returned, state, StringComparison.Ordinal))
        {
            ThrowTerminatingError(ErrorMapper.Create(
                "The redirect's state does not match the one sent, so it did not come from this sign-in (a possible cross-site request forgery). Nothing was exchanged. Run the command again.",
                ErrorIds.OAuthStateMismatch, ErrorCategory.SecurityError, redirectUri));
        }
        if (query.TryGetValue("error", out var error))
        {
            query.TryGetValue("error_description", out var description);
            ThrowTerminatingError(ErrorMapper.Create(
                $"Zendesk did not authorize the client: {error}{(description is null ? "" : ": " + description)}.",
                ErrorIds.OAuthAccessDenied, ErrorCategory.PermissionDenied, ClientId));
        }
        if (!query.TryGetValue("code", out var code) || code.Length == 0)
        {
            ThrowTerminatingError(ErrorMapper.Create("The redirect carried no authorization code.", ErrorIds.OAuthInvalidRequest, ErrorCategory.InvalidResult, redirectUri));
        }

        WriteGrant(url, ClientId, OAuthGrants.AuthorizationCode(ClientId, ClientSecret, code!, redirectUri, verifier, ExpiresIn, RefreshTokenExpiresIn), transport, requestTimeout);
    }

    /// <summary>
    /// The page for one redirect, and whether it ends the wait. One with a wrong state did not come from this
    /// sign-in (a stray tab, a forgery): it is refused and the wait goes on for the real one.
    /// </summary>
    private static (int Status, string Html, bool Done) Page(IDictionary<string, string> query, string state) =>
        !query.TryGetValue("state", out var returned) || returned != state ? (400, "<h1>Sign-in refused</h1><p>This redirect did not come from the sign-in PowerShell started (the state does not match). PowerShell goes on waiting for the right one.</p>", false)
        : query.ContainsKey("error") ? (200, "<h1>Not authorized</h1><p>Return to PowerShell.</p>", true)
        : (200, "<h1>Signed in</h1><p>ZendeskAuth has the authorization. You can close this window and return to PowerShell.</p>", true);

    private static string Pair(string name, string value) => name + "=" + Uri.EscapeDataString(value);

    /// <summary>-Url or -Subdomain; else the connection's account. Grants need no connection, only the address.</summary>
    private (Uri Url, HttpTransport Transport) ResolveTarget()
    {
        var given = AccountUrl(Subdomain, Url);
        var transport = CheckedTransport(SkipCertificateCheck, Proxy, ProxyCredential, ProxyUseDefaultCredentials);
        if (ParameterSetName == RefreshTokenSet && InputObject?.Url is { } tokenAccount)
        {
            if (given is not null && !ZendeskUrl.IsSameOrigin(given, tokenAccount))
            {
                ThrowTerminatingError(ErrorMapper.Create(
                    $"This refresh token belongs to {tokenAccount.GetLeftPart(UriPartial.Authority)}, not {given.GetLeftPart(UriPartial.Authority)}: a refresh token works only on the account that issued it, and it is never sent to another host. Leave out -Subdomain and -Url to renew it on its own account.",
                    ErrorIds.ForeignHost, ErrorCategory.SecurityError, given));
            }
            given ??= tokenAccount;
        }
        if (given is not null)
        {
            return (given, transport);
        }

        var connection = Connection ?? ConnectionStore.Current;
        if (connection is null)
        {
            ThrowTerminatingError(ErrorMapper.Create("Which account? Give -Subdomain or -Url, or connect first with Connect-Zendesk.", ErrorIds.NotConnected, ErrorCategory.ConnectionError, null));
        }
        // Proxy settings given here win; otherwise the connection's own.
        return (connection!.Url, transport.HasProxySettings ? transport.WithSkipCertificateCheck(connection.SkipCertificateCheck || SkipCertificateCheck)
            : connection.Transport.WithSkipCertificateCheck(connection.SkipCertificateCheck || SkipCertificateCheck));
    }
}

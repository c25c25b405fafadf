using System;
using System.Management.Automation;
using System.Security;
using ZendeskAuth.Authentication;
using ZendeskAuth.Connections;
using ZendeskAuth.Errors;
using ZendeskAuth.Http;
using ZendeskAuth.OAuth;

namespace ZendeskAuth.Commands;

/// <summary>
/// Checks a credential against Zendesk and keeps the connection for this runspace.
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "Zendesk", DefaultParameterSetName = EnvironmentSet)]
[OutputType(typeof(ZendeskConnection))]
public sealed class ConnectZendeskCommand : ZendeskCmdlet
{
    private const string EnvironmentSet = "Environment";
    private const string ApiTokenSet = "ApiToken";
    private const string CredentialSet = "Credential";
    private const string OAuthTokenSet = "OAuthToken";
    private const string TokenSet = "Token";
    private const string ClientCredentialSet = "ClientCredential";

    // The names Zendesk's own CLI reads.
    internal const string SubdomainVariable = "ZENDESK_SUBDOMAIN";
    internal const string UrlVariable = "ZENDESK_URL";
    internal const string EmailVariable = "ZENDESK_EMAIL";
    internal const string ApiTokenVariable = "ZENDESK_API_TOKEN";
    internal const string OAuthTokenVariable = "ZENDESK_OAUTH_TOKEN";

    private HttpTransport _transport = HttpTransport.Checked;

    /// <summary>The account's subdomain: acme means https://acme.zendesk.com.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Subdomain { get; set; }

    /// <summary>The account's full base URL. http:// only for loopback hosts.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Url { get; set; }

    /// <summary>The email of the user whose API token is given.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ApiTokenSet)]
    [ValidateNotNullOrEmpty]
    public string? Email { get; set; }

    /// <summary>The API token. A plain string is accepted and converted to a SecureString at once.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ApiTokenSet)]
    [SecureStringTransformation]
    [ValidateNotNull]
    public SecureString? ApiToken { get; set; }

    /// <summary>User name email (password) or email/token (API token), with the password or token.</summary>
    [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
    [Credential]
    [ValidateNotNull]
    public PSCredential? Credential { get; set; }

    /// <summary>An OAuth access token, sent as Bearer.</summary>
    [Parameter(Mandatory = true, ParameterSetName = OAuthTokenSet)]
    [Alias("AccessToken")]
    [SecureStringTransformation]
    [ValidateNotNull]
    public SecureString? OAuthToken { get; set; }

    /// <summary>A refresh token to renew -OAuthToken with when it expires (needs -ClientId).</summary>
    [Parameter(ParameterSetName = OAuthTokenSet)]
    [SecureStringTransformation]
    [ValidateNotNull]
    public SecureString? RefreshToken { get; set; }

    /// <summary>
    /// A token from New-ZendeskOAuthToken; its refresh token and client renew it. It connects to the token's own
    /// account: -Subdomain or -Url naming another account is refused (ForeignHost).
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = TokenSet, ValueFromPipeline = true)]
    [TokenObjectTransformation]
    [ValidateNotNull]
    public ZendeskOAuthToken? Token { get; set; }

    /// <summary>The OAuth client's identifier (the string, not the numeric id), for renewing with -RefreshToken.</summary>
    [Parameter(ParameterSetName = OAuthTokenSet)]
    [ValidateNotNullOrEmpty]
    public string? ClientId { get; set; }

    /// <summary>The secret of a confidential OAuth client, for renewing the token.</summary>
    [Parameter(ParameterSetName = OAuthTokenSet)]
    [Parameter(ParameterSetName = TokenSet)]
    [SecureStringTransformation]
    [ValidateNotNull]
    public SecureString? ClientSecret { get; set; }

    /// <summary>
    /// A confidential OAuth client's identifier (user name) and secret (password): the client_credentials grant,
    /// acquired again whenever the token expires. The unattended path that replaces API tokens in runbooks.
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = ClientCredentialSet)]
    [Credential]
    [ValidateNotNull]
    public PSCredential? ClientCredential { get; set; }

    /// <summary>The scopes to ask for with -ClientCredential, such as read or tickets:write.</summary>
    [Parameter(ParameterSetName = ClientCredentialSet)]
    [ArgumentCompleter(typeof(ScopeCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? Scope { get; set; }

    /// <summary>Seconds the access token lives, 300 to 172,800 (Zendesk's default 1,800).</summary>
    [Parameter(ParameterSetName = ClientCredentialSet)]
    [ValidateRange(OAuthGrants.MinExpiresIn, OAuthGrants.MaxExpiresIn)]
    public int? ExpiresIn { get; set; }

    /// <summary>
    /// Called with the new token (a ZendeskOAuthToken, as $args[0]) after each renewal, so the rotated refresh
    /// token can be stored, for example in an Azure Automation variable. It runs in the runspace that renewed.
    /// </summary>
    [Parameter(ParameterSetName = OAuthTokenSet)]
    [Parameter(ParameterSetName = TokenSet)]
    [Parameter(ParameterSetName = ClientCredentialSet)]
    [ValidateNotNull]
    public ScriptBlock? OnTokenRefreshed { get; set; }

    /// <summary>Do not check the server's certificate: only for a local emulator with a self-signed certificate.</summary>
    [Parameter]
    public SwitchParameter SkipCertificateCheck { get; set; }

    /// <summary>
    /// A proxy for every request of this connection, including loopback hosts, such as http://proxy.example.com:8080.
    /// Without it the environment's (HTTPS_PROXY, HTTP_PROXY, NO_PROXY) or system's proxy is used, except for loopback hosts.
    /// </summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? Proxy { get; set; }

    /// <summary>The proxy's user name and password (Basic, NTLM or Negotiate): for -Proxy, or else the environment's or system's proxy. Never shown.</summary>
    [Parameter]
    [Credential]
    [ValidateNotNull]
    public PSCredential? ProxyCredential { get; set; }

    /// <summary>Sign in to the proxy as the current user (NTLM or Negotiate, on Windows).</summary>
    [Parameter]
    public SwitchParameter ProxyUseDefaultCredentials { get; set; }

    /// <summary>Seconds to wait for the check request; 0 waits without limit.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int TimeoutSec { get; set; } = 100;

    /// <summary>Output the connection, to pass it to -Connection or to another runspace. It also becomes the current connection.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>
    /// A side connection: output it (as -PassThru does) but leave the current connection as it is, so commands
    /// without -Connection keep using the account they used before.
    /// </summary>
    [Parameter]
    public SwitchParameter KeepCurrent { get; set; }

    protected override void EndProcessing()
    {
        if (ParameterSetName == TokenSet && (Token is null || TokenObjectTransformationAttribute.Refusal(Token) is not null))
        {
            // Piped input that did not bind has its error already; a string, number or SecureString is refused
            // here, so PowerShell does not keep it (the token itself, most likely) as the error's target.
            if (TokenObjectTransformationAttribute.Refusal(Token) is { } refusal)
            {
                ThrowTerminatingError(refusal);
            }
            return;
        }
        var url = ResolveUrl();
        var scopes = CheckedScopes(Scope);
        _transport = CheckedTransport(SkipCertificateCheck, Proxy, ProxyCredential, ProxyUseDefaultCredentials);
        ZendeskCredential resolved;
        try
        {
            resolved = ParameterSetName == ClientCredentialSet ? AcquireWithClientCredentials(url, scopes) : ResolveCredential(url);
        }
        catch (CredentialInputException e)
        {
            ThrowTerminatingError(e.ToErrorRecord());
            return;
        }
        catch (UnsafeWireTextException e)
        {
            // A token, password or email that cannot go into a header (CR, LF, NUL…), from a parameter or a ZENDESK_* variable.
            ThrowTerminatingError(ErrorMapper.ToErrorRecord(e, null));
            return;
        }
        using var pending = new PendingCredential(resolved);
        // After every input check, so a mistyped email is the first thing the user reads.
        if (SkipCertificateCheck)
        {
            WriteWarning("-SkipCertificateCheck: the server's certificate is not checked, so anyone on the network path could read the credential. Use it only for a local emulator.");
        }
        var credential = pending.Value;
        WriteVerbose($"Checking the {credential.Type} credential{(credential.Email is null ? "" : " for " + credential.Email)} against {url} with GET {ConnectionCheck.MePath}");

        var connection = new ZendeskConnection(url, credential, _transport)
        {
            OnTokenRefreshed = OnTokenRefreshed,
            Origin = System.Management.Automation.Runspaces.Runspace.DefaultRunspace,
        };
        ZendeskUser? user;
        try
        {
            user = Await(connection, (log, token) => ConnectionCheck.WhoAmIAsync(connection, Timeout, log, token));
        }
        catch (ZendeskApiException e) when (e.StatusCode == 403 && credential.Type == AuthenticationType.OAuth)
        {
            // Zendesk took the token (a bad one is a 401) but its scopes do not cover the user (read or
            // users:read). It still serves what its scopes allow, such as a tickets:read export.
            WriteWarning($"The OAuth token is valid, but its scopes do not let it read the signed-in user, so the connection's user is unknown: {e.Message.Split('\n')[0]}");
            user = ZendeskUser.Unknown;
        }
        catch (ZendeskApiException e) when (e.StatusCode is 401 or 403 || e.ZendeskError is "invalid_grant" or "invalid_client")
        {
            ThrowAuthenticationFailed(credential, url, connection, $"Zendesk answered {e.StatusCode}: {e.ZendeskError ?? e.ReasonPhrase}", e);
            return;
        }
        catch (Exception e) when (e is ZendeskException or System.Text.Json.JsonException)
        {
            ThrowTerminatingError(WithRenewedToken(ErrorMapper.ToErrorRecord(e, url), connection));
            return;
        }

        if (user is null)
        {
            ThrowAuthenticationFailed(credential, url, connection, "Zendesk answered with the anonymous user, which is how it answers a credential it does not accept", null);
            return;
        }

        connection.SetUser(user);
        pending.Keep();
        WarnAboutRetirement(credential.Type);
        if (!KeepCurrent)
        {
            ConnectionStore.SetCurrent(connection);
        }
        WriteVerbose($"Connected to {url} as {user.Email ?? "an unknown user"} (id {user.Id?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"}, {user.Role ?? "role unknown"}) with {credential.Type}");
        if (PassThru || KeepCurrent)
        {
            WriteObject(connection);
        }
        // Only now, with the connection kept: it holds the only copy of a rotated refresh token.
        WriteDeferredErrors();
    }

    /// <summary>
    /// -Subdomain or -Url; else a token object's account; else the Zendesk CLI's variables. A token object names the
    /// account that issued it: -Subdomain or -Url naming another account is refused (ForeignHost), so one account's
    /// token is never sent to another host.
    /// </summary>
    private Uri ResolveUrl()
    {
        if (AccountUrl(Subdomain, Url) is { } chosen)
        {
            if (ParameterSetName == TokenSet && Token?.Url is { } tokenAccount && !ZendeskUrl.IsSameOrigin(chosen, tokenAccount))
            {
                ThrowTerminatingError(ErrorMapper.Create(
                    $"This token belongs to {tokenAccount.GetLeftPart(UriPartial.Authority)}, not {chosen.GetLeftPart(UriPartial.Authority)}: a token works only on the account that issued it, and it is never sent to another host. Leave out -Subdomain and -Url to connect to the token's own account, or use a token of {chosen.GetLeftPart(UriPartial.Authority)}.",
                    ErrorIds.ForeignHost, ErrorCategory.SecurityError, chosen));
            }
            return chosen;
        }
        if (AccountUrl(null, Token?.Url?.AbsoluteUri) is { } given)
        {
            return given;
        }
        var url = NonEmptyVariable(UrlVariable);
        var fromEnvironment = AccountUrl(url is null ? NonEmptyVariable(SubdomainVariable) : null, url);
        if (fromEnvironment is null)
        {
            ThrowTerminatingError(ErrorMapper.Create(
                $"No account given. Pass -Subdomain (acme for https://acme.zendesk.com) or -Url, or set ${{env:{SubdomainVariable}}} or ${{env:{UrlVariable}}}.",
                ErrorIds.MissingEnvironmentVariable, ErrorCategory.InvalidArgument, null));
        }
        return fromEnvironment!;
    }

    private TimeSpan? Timeout => TimeoutSec == 0 ? null : TimeSpan.FromSeconds(TimeoutSec);

    /// <summary>The client_credentials grant, then a credential that repeats it whenever the token expires.</summary>
    private ZendeskCredential AcquireWithClientCredentials(Uri url, string[]? scopes)
    {
        var clientId = ClientCredential!.UserName?.Trim() ?? "";
        var secret = CredentialInput.NotBlank(ClientCredential.Password, "The client credential's password (the client secret)");
        var renewal = OAuthRenewal.WithClientCredentials(url, _transport, clientId, secret, scopes, ExpiresIn);
        WriteVerbose($"Getting an access token for client {clientId} with grant_type client_credentials");
        try
        {
            var grant = Await((log, token) => renewal.RenewAsync(log, token));
            using var access = SecureStrings.FromPlainText(grant.AccessToken);
            return ZendeskCredential.OAuth(access, grant.ExpiresIn is { } seconds ? DateTimeOffset.UtcNow.AddSeconds(seconds) : null, renewal);
        }
        catch (Exception e) when (e is ZendeskException or System.Text.Json.JsonException)
        {
            renewal.Dispose();
            ThrowTerminatingError(ErrorMapper.ToErrorRecord(e, url));
            throw;
        }
    }

    private ZendeskCredential ResolveCredential(Uri url)
    {
        switch (ParameterSetName)
        {
            case ApiTokenSet:
                return CredentialInput.FromApiToken(Email!, ApiToken!);
            case CredentialSet:
                return CredentialInput.FromCredential(Credential!);
            case OAuthTokenSet:
                if (RefreshToken is not null && ClientId is null)
                {
                    ThrowTerminatingError(ErrorMapper.Create("-RefreshToken needs -ClientId: Zendesk renews a token only for the client that issued it.", ErrorIds.MissingClientId, ErrorCategory.InvalidArgument, null));
                }
                return ZendeskCredential.OAuth(CredentialInput.NotBlank(OAuthToken!, "-OAuthToken"), null,
                    RefreshToken is null ? null : OAuthRenewal.WithRefreshToken(url, _transport, ClientId!, ClientSecret, RefreshToken));
            case TokenSet:
                if (Token!.AccessToken is null)
                {
                    ThrowTerminatingError(ErrorMapper.Create(
                        "This token object has no access token: Zendesk shows it only when the token is created. Use the output of New-ZendeskOAuthToken.",
                        ErrorIds.EmptySecret, ErrorCategory.InvalidArgument, Token));
                }
                var canRenew = Token.RefreshToken is not null && !string.IsNullOrEmpty(Token.ClientId);
                return ZendeskCredential.OAuth(Token.AccessToken!, Token.ExpiresAt,
                    canRenew ? OAuthRenewal.WithRefreshToken(url, _transport, Token.ClientId!, ClientSecret, Token.RefreshToken!) : null);
            default:
                return CredentialFromEnvironment();
        }
    }

    /// <summary>ZENDESK_OAUTH_TOKEN first (OAuth is what Zendesk keeps), else ZENDESK_EMAIL with ZENDESK_API_TOKEN.</summary>
    private ZendeskCredential CredentialFromEnvironment()
    {
        if (NonEmptyVariable(OAuthTokenVariable) is { } oauth)
        {
            WriteVerbose($"Using the OAuth token in ${{env:{OAuthTokenVariable}}}");
            using var secure = SecureStrings.FromPlainText(oauth);
            return ZendeskCredential.OAuth(secure);
        }

        var email = NonEmptyVariable(EmailVariable);
        var token = NonEmptyVariable(ApiTokenVariable);
        if (email is null || token is null)
        {
            var missing = email is null && token is null ? $"${{env:{EmailVariable}}} and ${{env:{ApiTokenVariable}}} are" : $"${{env:{(email is null ? EmailVariable : ApiTokenVariable)}}} is";
            ThrowTerminatingError(ErrorMapper.Create(
                $"No credential given: pass -Credential, -Email with -ApiToken, or -OAuthToken, or set ${{env:{OAuthTokenVariable}}}, or ${{env:{EmailVariable}}} with ${{env:{ApiTokenVariable}}}. {missing} not set.",
                ErrorIds.MissingEnvironmentVariable, ErrorCategory.InvalidArgument, null));
        }

        WriteVerbose($"Using the API token in ${{env:{ApiTokenVariable}}} for ${{env:{EmailVariable}}}");
        using var apiToken = SecureStrings.FromPlainText(token!);
        return ZendeskCredential.ApiToken(CredentialInput.CheckedEmail(email!), apiToken);
    }

    private void ThrowAuthenticationFailed(ZendeskCredential credential, Uri url, ZendeskConnection connection, string what, Exception? inner)
    {
        var who = credential.Email is null ? "" : $" for {credential.Email}";
        var message = $"Could not connect to {url} with the {credential.Type} credential{who}: {what}. Likely causes: {ConnectionCheck.LikelyCauses(credential.Type)}";
        ThrowTerminatingError(WithRenewedToken(new ErrorRecord(new UnauthorizedAccessException(message, inner), ErrorIds.AuthenticationFailed, ErrorCategory.AuthenticationError, url), connection));
    }

    /// <summary>
    /// When the check failed after the token was renewed, the refresh token the user gave no longer works and the
    /// connection is not kept: the new token goes with the error (its TargetObject), so it is not lost.
    /// </summary>
    private static ErrorRecord WithRenewedToken(ErrorRecord record, ZendeskConnection connection)
    {
        if (connection.RenewedToken is not { } renewed)
        {
            return record;
        }
        return new ErrorRecord(
            new InvalidOperationException(record.Exception.Message + " The token was renewed before this failure, so the refresh token given no longer works: the new token is this error's TargetObject ($Error[0].TargetObject.RefreshToken); store it.", record.Exception),
            record.FullyQualifiedErrorId, record.CategoryInfo.Category, renewed);
    }

    private void WarnAboutRetirement(AuthenticationType type)
    {
        if (type == AuthenticationType.Password)
        {
            WriteWarning($"Password authentication is deprecated by Zendesk: it is off for accounts created since {ZendeskRetirement.Text(ZendeskRetirement.PasswordAccessOffForNewAccounts)}, is being phased out from {ZendeskRetirement.Text(ZendeskRetirement.PasswordAccessPhaseOut)}, and fails for SSO and two-factor users. Move to OAuth: see Get-Help about_ZendeskAuth.");
        }
        else if (type == AuthenticationType.ApiToken)
        {
            WriteWarning($"Zendesk is retiring API tokens: none can be created since {ZendeskRetirement.Text(ZendeskRetirement.ApiTokenCreationEnds)} and all stop working on {ZendeskRetirement.Text(ZendeskRetirement.ApiTokensStopWorking)}. Move to OAuth (for unattended scripts, client credentials): see Get-Help about_ZendeskAuth.");
        }
    }

    private static string? NonEmptyVariable(string name) =>
        Environment.GetEnvironmentVariable(name) is { } value && value.Trim().Length > 0 ? value.Trim() : null;

    /// <summary>Disposes a credential unless the connection that holds it was kept: nothing half-done is left behind.</summary>
    private sealed class PendingCredential : IDisposable
    {
        private bool _kept;

        public PendingCredential(ZendeskCredential value) => Value = value;

        public ZendeskCredential Value { get; }

        public void Keep() => _kept = true;

        public void Dispose()
        {
            if (!_kept)
            {
                Value.Dispose();
            }
        }
    }
}

using System;
using System.Management.Automation;
using System.Net.Http;
using ZendeskAuth.Authentication;
using ZendeskAuth.Connections;
using ZendeskAuth.Errors;
using ZendeskAuth.Http;
using ZendeskAuth.OAuth;

namespace ZendeskAuth.Commands;

/// <summary>
/// Revokes OAuth tokens (https://developer.zendesk.com/api-reference/ticketing/oauth/oauth_tokens/#revoke-token)
/// and then checks that each is really gone.
/// </summary>
[Cmdlet("Revoke", "ZendeskToken", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = TokenSet)]
[OutputType(typeof(void))]
public sealed class RevokeZendeskTokenCommand : ZendeskApiCmdlet
{
    private const string IdSet = "Id";
    private const string TokenSet = "Token";
    private const string CurrentSet = "Current";

    /// <summary>
    /// The token's numeric id. Not bound from piped objects by property name: anything with an Id (a client) would
    /// bind; token objects bind to -Token instead.
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = IdSet, Position = 0)]
    [ArgumentCompleter(typeof(TokenIdCompleter))]
    public long Id { get; set; }

    /// <summary>
    /// A token object from New- or Get-ZendeskOAuthToken (the default set, so a piped token object binds here
    /// even when its Id is null). One without an id (from a grant flow) is revoked with
    /// its own access token, through tokens/current.
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = TokenSet, ValueFromPipeline = true)]
    [TokenObjectTransformation]
    [ValidateNotNull]
    public ZendeskOAuthToken? Token { get; set; }

    /// <summary>Revokes the token this connection uses, then disconnects.</summary>
    [Parameter(Mandatory = true, ParameterSetName = CurrentSet)]
    public SwitchParameter Current { get; set; }

    protected override void ProcessRecord()
    {
        if (TokenObjectTransformationAttribute.Refusal(Token) is { } refusal)
        {
            WriteError(refusal);
            return;
        }
        var connection = ResolveConnection();
        try
        {
            if (ParameterSetName == CurrentSet)
            {
                RevokeCurrent(connection);
            }
            else if (ParameterSetName == IdSet || Token!.Id is not null)
            {
                RevokeById(connection, ParameterSetName == IdSet ? Id : Token!.Id!.Value);
            }
            else if (Token!.AccessToken is not null)
            {
                // The token goes only to its own account's host.
                ZendeskUrl.EnsureSameOrigin(connection.Url, Token.Url ?? connection.Url);
                RevokeWithItself(connection, AuthorizationHeader.ForOAuth(SecureStrings.ToPlainText(Token.AccessToken)), "the token given");
            }
            else
            {
                WriteError(ErrorMapper.Create("This token object has neither an id nor an access token, so it cannot be revoked.", ErrorIds.EmptySecret, ErrorCategory.InvalidArgument, Token));
            }
        }
        catch (ZendeskApiException e) when (e.StatusCode == 404)
        {
            WriteError(new ErrorRecord(
                new ItemNotFoundException($"No OAuth token with id {(ParameterSetName == IdSet ? Id : Token?.Id)} on {connection.Url}: it is already revoked, or the id is wrong. Get-ZendeskOAuthToken -All lists the tokens.", e),
                ErrorIds.ZendeskNotFound, ErrorCategory.ObjectNotFound, ParameterSetName == IdSet ? Id : Token));
        }
        catch (ZendeskException e)
        {
            WriteError(ErrorMapper.ToErrorRecord(e, ParameterSetName == IdSet ? Id : Token));
        }
    }

    private void RevokeById(ZendeskConnection connection, long id)
    {
        // Looked up first, so the confirmation names what is revoked, and an id from another kind of object
        // (a client's, piped by mistake) ends as "not found" instead of revoking something else.
        ZendeskOAuthToken token;
        using (var document = SendJson(connection, HttpMethod.Get, $"/api/v2/oauth/tokens/{id}.json"))
        {
            token = ZendeskOAuthToken.FromApi(Expect(document, "token"), connection.Url);
        }
        if (!ShouldProcess($"OAuth token {id} (client {token.ClientNumericId}, user {token.UserId}, scopes {string.Join(" ", token.Scopes)}) on {connection.Url}", "Revoke"))
        {
            return;
        }
        using (SendJson(connection, HttpMethod.Delete, $"/api/v2/oauth/tokens/{id}.json"))
        {
        }

        // Gone means Zendesk no longer knows the id.
        try
        {
            using (SendJson(connection, HttpMethod.Get, $"/api/v2/oauth/tokens/{id}.json"))
            {
            }
            WriteNotVerified($"OAuth token {id} is still listed after it was revoked.", id);
        }
        catch (ZendeskApiException e) when (e.StatusCode == 404)
        {
            WriteVerbose($"Revoked OAuth token {id}; Zendesk no longer knows it.");
        }
    }

    private void RevokeCurrent(ZendeskConnection connection)
    {
        if (connection.AuthenticationType != AuthenticationType.OAuth)
        {
            ThrowTerminatingError(ErrorMapper.Create(
                $"-Current revokes an OAuth token, and this connection uses {connection.AuthenticationType}: an API token or password cannot be revoked through the API.",
                ErrorIds.NotOAuth, ErrorCategory.InvalidOperation, connection));
        }
        if (!ShouldProcess($"the OAuth token of the connection to {connection.Url}", "Revoke and disconnect"))
        {
            return;
        }

        using (SendJson(connection, HttpMethod.Delete, "/api/v2/oauth/tokens/current.json"))
        {
        }
        // The header of the token just revoked (taken after the call, in case the call renewed it first).
        Verify(connection, connection.Credential.GetAuthorization(), "the connection's token");
        if (ReferenceEquals(ConnectionStore.Current, connection))
        {
            ConnectionStore.Clear();
        }
        connection.Credential.Dispose();
        WriteVerbose($"Disconnected from {connection.Url}.");
    }

    private void RevokeWithItself(ZendeskConnection connection, string authorization, string what)
    {
        if (!ShouldProcess($"{what} on {connection.Url}", "Revoke"))
        {
            return;
        }
        var request = new ZendeskRequest(HttpMethod.Delete, ZendeskUrl.Resolve(connection.Url, "/api/v2/oauth/tokens/current.json"));
        Await((log, token) => RequestPipeline.SendAsync(connection.Transport, connection.RateLimit, request, authorization, log, token));
        Verify(connection, authorization, what);
    }

    /// <summary>A revoked token must be refused: Zendesk answers 401 invalid_token.</summary>
    private void Verify(ZendeskConnection connection, string authorization, string what)
    {
        var request = new ZendeskRequest(HttpMethod.Get, ZendeskUrl.Resolve(connection.Url, ConnectionCheck.MePath));
        try
        {
            // Sent with the revoked header as it is: the connection's own pipeline would renew instead.
            Await((log, token) => RequestPipeline.SendAsync(connection.Transport, connection.RateLimit, request, authorization, log, token));
            WriteNotVerified($"Zendesk still accepts {what} after it was revoked.", what);
        }
        catch (ZendeskApiException e) when (e.StatusCode == 401)
        {
            WriteVerbose($"Revoked {what}; Zendesk now refuses it.");
        }
    }

    private void WriteNotVerified(string message, object target) =>
        WriteError(ErrorMapper.Create(message + " Check in Admin Center (Apps and integrations > APIs > OAuth clients), and try again.", ErrorIds.RevocationNotVerified, ErrorCategory.InvalidResult, target));
}

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
/// Lists OAuth tokens, gets one by id, or (-Current) shows the scopes and expiry of the token this session
/// uses, which is the first thing to check after a 403. Zendesk never shows a token's full value here.
/// </summary>
[Cmdlet(VerbsCommon.Get, "ZendeskOAuthToken", DefaultParameterSetName = ListSet)]
[OutputType(typeof(ZendeskOAuthToken))]
public sealed class GetZendeskOAuthTokenCommand : ZendeskApiCmdlet
{
    private const string ListSet = "List";
    private const string IdSet = "Id";
    private const string CurrentSet = "Current";
    private const string InputSet = "InputObject";

    /// <summary>Only the tokens of this client: its numeric id or identifier.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [ArgumentCompleter(typeof(ClientIdCompleter))]
    [ValidateNotNullOrEmpty]
    public string? ClientId { get; set; }

    /// <summary>Every user's tokens (admins), not only the connected user's.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [Parameter(ParameterSetName = InputSet)]
    public SwitchParameter All { get; set; }

    /// <summary>The token's numeric id.</summary>
    [Parameter(Mandatory = true, ParameterSetName = IdSet, Position = 0)]
    [ArgumentCompleter(typeof(TokenIdCompleter))]
    public long Id { get; set; }

    /// <summary>
    /// From the pipeline: a client object (Get-ZendeskOAuthClient) lists that client's tokens; a token object
    /// (Get-ZendeskOAuthToken) is read again by its id. Any other object is refused before a request is sent.
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = InputSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object? InputObject { get; set; }

    /// <summary>The token the connection itself uses (OAuth connections only).</summary>
    [Parameter(Mandatory = true, ParameterSetName = CurrentSet)]
    public SwitchParameter Current { get; set; }

    protected override void ProcessRecord()
    {
        var connection = ResolveConnection();
        try
        {
            var listClient = (long?)null;
            if (ParameterSetName == InputSet)
            {
                switch (PSObjectBase(InputObject))
                {
                    case ZendeskOAuthClient client:
                        listClient = client.Id;
                        break;
                    case ZendeskOAuthToken { Id: { } tokenId }:
                        WriteToken(connection, SendJson(connection, HttpMethod.Get, $"/api/v2/oauth/tokens/{tokenId}.json"));
                        return;
                    case ZendeskOAuthToken:
                        WriteError(ErrorMapper.Create(
                            "This token object has no id (it came from a grant flow, which Zendesk does not number). Get-ZendeskOAuthToken -Current shows the connection's own token.",
                            ErrorIds.UnexpectedInputObject, ErrorCategory.InvalidArgument, InputObject));
                        return;
                    default:
                        WriteError(ErrorMapper.Create(
                            $"Get-ZendeskOAuthToken takes OAuth client objects (Get-ZendeskOAuthClient: lists their tokens) and token objects from the pipeline; a {TypeName(InputObject)} is neither. Use -Id for a token's id, or -ClientId for a client.",
                            ErrorIds.UnexpectedInputObject, ErrorCategory.InvalidArgument, InputObject));
                        return;
                }
            }

            switch (ParameterSetName)
            {
                case IdSet:
                    WriteToken(connection, SendJson(connection, HttpMethod.Get, $"/api/v2/oauth/tokens/{Id}.json"));
                    break;
                case CurrentSet:
                    if (connection.AuthenticationType != AuthenticationType.OAuth)
                    {
                        ThrowTerminatingError(ErrorMapper.Create(
                            $"-Current shows an OAuth token, and this connection uses {connection.AuthenticationType}. Connect with an OAuth token first.",
                            ErrorIds.NotOAuth, ErrorCategory.InvalidOperation, connection));
                    }
                    WriteToken(connection, SendJson(connection, HttpMethod.Get, "/api/v2/oauth/tokens/current.json"));
                    break;
                default:
                    var query = "/api/v2/oauth/tokens.json";
                    if (listClient is { } numericClient)
                    {
                        query += $"?client_id={numericClient}";
                    }
                    else if (ClientId is not null)
                    {
                        if (ResolveClientId(connection, ClientId) is not { } clientId)
                        {
                            return;
                        }
                        query += $"?client_id={clientId}";
                    }
                    if (All)
                    {
                        query += (query.Contains("?") ? "&" : "?") + "all=true";
                    }
                    ForEachPage(connection, query, page =>
                    {
                        foreach (var token in ExpectArray(page, "tokens"))
                        {
                            WriteObject(ZendeskOAuthToken.FromApi(token, connection.Url, id => ClientIdentifier(connection, id)));
                        }
                        return !StopToken.IsCancellationRequested;
                    });
                    break;
            }
        }
        catch (Exception e) when (e is ZendeskException or System.Text.Json.JsonException or System.Collections.Generic.KeyNotFoundException)
        {
            WriteError(ErrorMapper.ToErrorRecord(e, ParameterSetName == IdSet ? Id : null));
        }
    }

    private void WriteToken(ZendeskConnection connection, System.Text.Json.JsonDocument? document)
    {
        using (document)
        {
            WriteObject(ZendeskOAuthToken.FromApi(Expect(document, "token"), connection.Url, id => ClientIdentifier(connection, id)));
        }
    }
}

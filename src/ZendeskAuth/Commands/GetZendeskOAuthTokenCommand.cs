using System;
using System.Management.Automation;
using System.Net.Http;
using ZendeskAuth.Authentication;
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

    /// <summary>Only the tokens of this client: its numeric id or identifier.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [ArgumentCompleter(typeof(ClientIdCompleter))]
    [ValidateNotNullOrEmpty]
    public string? ClientId { get; set; }

    /// <summary>Every user's tokens (admins), not only the connected user's.</summary>
    [Parameter(ParameterSetName = ListSet)]
    public SwitchParameter All { get; set; }

    /// <summary>The token's id.</summary>
    [Parameter(Mandatory = true, ParameterSetName = IdSet, Position = 0, ValueFromPipelineByPropertyName = true)]
    public long Id { get; set; }

    /// <summary>The token the connection itself uses (OAuth connections only).</summary>
    [Parameter(Mandatory = true, ParameterSetName = CurrentSet)]
    public SwitchParameter Current { get; set; }

    protected override void ProcessRecord()
    {
        var connection = ResolveConnection();
        try
        {
            switch (ParameterSetName)
            {
                case IdSet:
                    WriteToken(SendJson(connection, HttpMethod.Get, $"/api/v2/oauth/tokens/{Id}.json"), connection.Url);
                    break;
                case CurrentSet:
                    if (connection.AuthenticationType != AuthenticationType.OAuth)
                    {
                        ThrowTerminatingError(ErrorMapper.Create(
                            $"-Current shows an OAuth token, and this connection uses {connection.AuthenticationType}. Connect with an OAuth token first.",
                            ErrorIds.NotOAuth, ErrorCategory.InvalidOperation, connection));
                    }
                    WriteToken(SendJson(connection, HttpMethod.Get, "/api/v2/oauth/tokens/current.json"), connection.Url);
                    break;
                default:
                    var query = "/api/v2/oauth/tokens.json";
                    if (ClientId is not null)
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
                            WriteObject(ZendeskOAuthToken.FromApi(token, connection.Url));
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

    private void WriteToken(System.Text.Json.JsonDocument? document, Uri url)
    {
        using (document)
        {
            WriteObject(ZendeskOAuthToken.FromApi(Expect(document, "token"), url));
        }
    }
}

using System.Management.Automation;
using System.Net.Http;
using ZendeskAuth.Errors;
using ZendeskAuth.Http;
using ZendeskAuth.OAuth;

namespace ZendeskAuth.Commands;

/// <summary>Deletes an OAuth client, and with it every token made with it.</summary>
[Cmdlet(VerbsCommon.Remove, "ZendeskOAuthClient", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = IdSet)]
[OutputType(typeof(void))]
public sealed class RemoveZendeskOAuthClientCommand : ZendeskApiCmdlet
{
    private const string IdSet = "Id";
    private const string InputSet = "InputObject";

    /// <summary>The client's numeric id.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet)]
    [ArgumentCompleter(typeof(ClientIdCompleter))]
    public long Id { get; set; }

    /// <summary>
    /// A client object from Get-ZendeskOAuthClient or New-ZendeskOAuthClient, usually from the pipeline. Any other
    /// object (a token, or anything else with an Id) is refused before a request is sent.
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = InputSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object? InputObject { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == InputSet)
        {
            if (PSObjectBase(InputObject) is not ZendeskOAuthClient client)
            {
                var hint = PSObjectBase(InputObject) is ZendeskOAuthToken ? " This is an OAuth token: Revoke-ZendeskToken revokes it." : " To delete by id, use -Id.";
                WriteError(ErrorMapper.Create(
                    $"Remove-ZendeskOAuthClient takes OAuth client objects (from Get-ZendeskOAuthClient or New-ZendeskOAuthClient) from the pipeline; a {TypeName(InputObject)} is not one, so nothing was deleted.{hint}",
                    ErrorIds.UnexpectedInputObject, ErrorCategory.InvalidArgument, InputObject));
                return;
            }
            Id = client.Id;
        }
        var connection = ResolveConnection();
        try
        {
            // Looked up first, so the confirmation names the client, and an id piped from another kind of object
            // ends as "not found" instead of deleting something else.
            var name = GetClient(connection, Id).ToString();
            // Zendesk deactivates every token of a deleted client: https://developer.zendesk.com/api-reference/ticketing/oauth/oauth_clients/#delete-client
            if (!ShouldProcess(
                    $"OAuth client {name} on {connection.Url}. Every access and refresh token made with it stops working, and scripts using them fail.",
                    $"Delete OAuth client {name} and every token made with it?",
                    "Remove-ZendeskOAuthClient"))
            {
                return;
            }

            using var _ = SendJson(connection, HttpMethod.Delete, $"/api/v2/oauth/clients/{Id}.json");
            // The user confirmed this: a warning would only flag a job log for an intended result.
            WriteVerbose($"OAuth client {name} was deleted; every token made with it no longer works.");
        }
        catch (ZendeskException e)
        {
            WriteError(ErrorMapper.ToErrorRecord(e, Id));
        }
    }
}

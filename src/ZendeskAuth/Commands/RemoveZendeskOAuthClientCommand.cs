using System.Management.Automation;
using System.Net.Http;
using ZendeskAuth.Errors;
using ZendeskAuth.Http;
using ZendeskAuth.OAuth;

namespace ZendeskAuth.Commands;

/// <summary>Deletes an OAuth client, and with it every token made with it.</summary>
[Cmdlet(VerbsCommon.Remove, "ZendeskOAuthClient", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveZendeskOAuthClientCommand : ZendeskApiCmdlet
{
    /// <summary>The client's numeric id; binds from Get-ZendeskOAuthClient's output.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public long Id { get; set; }

    protected override void ProcessRecord()
    {
        var connection = ResolveConnection();
        try
        {
            // Looked up first, so the confirmation names the client, and an id piped from another kind of object
            // ends as "not found" instead of deleting something else.
            string name;
            using (var document = SendJson(connection, HttpMethod.Get, $"/api/v2/oauth/clients/{Id}.json"))
            {
                name = ZendeskOAuthClient.FromJson(Expect(document, "client")).ToString();
            }
            // Zendesk deactivates every token of a deleted client: https://developer.zendesk.com/api-reference/ticketing/oauth/oauth_clients/#delete-client
            if (!ShouldProcess(
                    $"OAuth client {name} on {connection.Url}. Every access and refresh token made with it stops working, and scripts using them fail.",
                    $"Delete OAuth client {name} and every token made with it?",
                    "Remove-ZendeskOAuthClient"))
            {
                return;
            }

            using var _ = SendJson(connection, HttpMethod.Delete, $"/api/v2/oauth/clients/{Id}.json");
            WriteWarning($"OAuth client {Id} was deleted; every token made with it no longer works.");
        }
        catch (ZendeskException e)
        {
            WriteError(ErrorMapper.ToErrorRecord(e, Id));
        }
    }
}

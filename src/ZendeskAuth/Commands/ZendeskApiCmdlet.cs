using System.Management.Automation;
using ZendeskAuth.Connections;
using ZendeskAuth.Errors;

namespace ZendeskAuth.Commands;

/// <summary>A cmdlet that calls the API: it takes -Connection, or uses the runspace's current connection.</summary>
public abstract class ZendeskApiCmdlet : ZendeskCmdlet
{
    /// <summary>
    /// The connection to use instead of the current one (from Connect-Zendesk -PassThru), so two accounts can
    /// be used side by side and a connection can be handed to another runspace.
    /// </summary>
    [Parameter]
    [ValidateNotNull]
    public ZendeskConnection? Connection { get; set; }

    /// <summary>-Connection, else the current connection; a terminating error when there is neither.</summary>
    internal ZendeskConnection ResolveConnection()
    {
        var connection = Connection ?? ConnectionStore.Current;
        if (connection is null)
        {
            ThrowTerminatingError(ErrorMapper.Create(
                "You are not connected to Zendesk. Run Connect-Zendesk first (for example Connect-Zendesk -Subdomain acme -Credential (Get-Credential)), or pass -Connection.",
                ErrorIds.NotConnected, ErrorCategory.ConnectionError, null));
        }
        if (!connection!.IsConnected)
        {
            ThrowTerminatingError(ErrorMapper.Create(
                $"The connection to {connection.Url} was closed by Disconnect-Zendesk and no longer holds a credential. Run Connect-Zendesk again.",
                ErrorIds.ConnectionClosed, ErrorCategory.InvalidOperation, connection));
        }
        return connection;
    }
}

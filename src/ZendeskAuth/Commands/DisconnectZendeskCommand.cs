using System.Management.Automation;
using ZendeskAuth.Connections;

namespace ZendeskAuth.Commands;

/// <summary>Forgets the runspace's current connection (or the one given) and its secret.</summary>
[Cmdlet(VerbsCommunications.Disconnect, "Zendesk")]
[OutputType(typeof(void))]
public sealed class DisconnectZendeskCommand : ZendeskCmdlet
{
    /// <summary>A connection from Connect-Zendesk -PassThru to close instead of the current one.</summary>
    [Parameter(ValueFromPipeline = true)]
    [ValidateNotNull]
    public ZendeskConnection? Connection { get; set; }

    protected override void ProcessRecord()
    {
        var current = ConnectionStore.Current;
        var target = Connection ?? current;
        if (target is null)
        {
            WriteVerbose("No current Zendesk connection: nothing to disconnect.");
            return;
        }

        if (ReferenceEquals(target, current))
        {
            ConnectionStore.Clear();
        }
        target.Credential.Dispose();
        WriteVerbose($"Disconnected from {target.Url}; its credential is forgotten.");
    }
}

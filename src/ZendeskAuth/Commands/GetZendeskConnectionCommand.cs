using System.Management.Automation;
using ZendeskAuth.Connections;

namespace ZendeskAuth.Commands;

/// <summary>Outputs the runspace's current connection; nothing when there is none.</summary>
[Cmdlet(VerbsCommon.Get, "ZendeskConnection")]
[OutputType(typeof(ZendeskConnection))]
public sealed class GetZendeskConnectionCommand : ZendeskCmdlet
{
    protected override void EndProcessing()
    {
        if (ConnectionStore.Current is { } connection)
        {
            WriteObject(connection);
        }
    }
}

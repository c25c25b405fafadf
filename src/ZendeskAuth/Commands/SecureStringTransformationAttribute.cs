using System.Management.Automation;
using System.Security;
using ZendeskAuth.Authentication;

namespace ZendeskAuth.Commands;

/// <summary>
/// Lets a SecureString parameter also take a plain string (pasted from a vault or an environment variable),
/// converted at once so the plain text goes no further.
/// </summary>
public sealed class SecureStringTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData) =>
        (inputData is PSObject wrapped ? wrapped.BaseObject : inputData) switch
        {
            SecureString secure => secure,
            string plain => SecureStrings.FromPlainText(plain),
            _ => inputData,
        };
}

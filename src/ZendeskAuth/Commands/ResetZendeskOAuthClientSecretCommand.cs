using System.Management.Automation;
using System.Net.Http;
using ZendeskAuth.Errors;
using ZendeskAuth.Http;
using ZendeskAuth.OAuth;

namespace ZendeskAuth.Commands;

/// <summary>
/// Makes a new secret for a confidential OAuth client and outputs the client with it, once, as a SecureString in
/// Secret: <c>PUT /api/v2/oauth/clients/{id}/generate_secret.json</c>
/// (https://developer.zendesk.com/api-reference/ticketing/oauth/oauth_clients/#generate-secret; admins only).
/// The old secret stops working at once, so every script that uses it fails until it gets the new one: it asks
/// first (ConfirmImpact High), unless -Confirm:$false.
/// </summary>
[Cmdlet(VerbsCommon.Reset, "ZendeskOAuthClientSecret", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = IdSet)]
[OutputType(typeof(ZendeskOAuthClient))]
public sealed class ResetZendeskOAuthClientSecretCommand : ZendeskApiCmdlet
{
    private const string IdSet = "Id";
    private const string InputSet = "InputObject";

    /// <summary>The client's numeric id.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet)]
    [ArgumentCompleter(typeof(ClientIdCompleter))]
    public long Id { get; set; }

    /// <summary>A client object from Get-ZendeskOAuthClient, usually from the pipeline. Other objects are refused before any request.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object? InputObject { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == InputSet)
        {
            if (PSObjectBase(InputObject) is not ZendeskOAuthClient given)
            {
                WriteError(ErrorMapper.Create(
                    $"Reset-ZendeskOAuthClientSecret takes OAuth client objects (from Get-ZendeskOAuthClient) from the pipeline; a {TypeName(InputObject)} is not one, so no secret was changed. To name a client by id, use -Id.",
                    ErrorIds.UnexpectedInputObject, ErrorCategory.InvalidArgument, InputObject));
                return;
            }
            Id = given.Id;
        }

        var connection = ResolveConnection();
        try
        {
            // Looked up first, so the confirmation names the client and a wrong id changes nothing.
            var name = GetClient(connection, Id).ToString();
            if (!ShouldProcess(
                    $"OAuth client {name} on {connection.Url}. Its current secret stops working at once: scripts that use it fail until they get the new one.",
                    $"Make a new secret for OAuth client {name}? Its current secret stops working at once.",
                    "Reset-ZendeskOAuthClientSecret"))
            {
                return;
            }

            using var answer = SendJson(connection, HttpMethod.Put, $"/api/v2/oauth/clients/{Id}/generate_secret.json");
            WriteClientWithSecret(answer);
        }
        catch (ZendeskException e)
        {
            WriteError(ErrorMapper.ToErrorRecord(e, Id));
        }
    }
}

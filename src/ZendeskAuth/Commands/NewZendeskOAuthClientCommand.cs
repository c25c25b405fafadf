using System;
using System.Management.Automation;
using System.Net.Http;
using ZendeskAuth.Errors;
using ZendeskAuth.Http;
using ZendeskAuth.OAuth;

namespace ZendeskAuth.Commands;

/// <summary>
/// Creates an OAuth client. Its secret is shown this once, as a SecureString in the Secret property: store it
/// (for example as an Azure Automation credential) before the object is gone.
/// </summary>
[Cmdlet(VerbsCommon.New, "ZendeskOAuthClient", SupportsShouldProcess = true)]
[OutputType(typeof(ZendeskOAuthClient))]
public sealed class NewZendeskOAuthClientCommand : ZendeskApiCmdlet
{
    /// <summary>The client's name, shown to users when they authorize it.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>The OAuth client_id string; unique in the account.</summary>
    [Parameter(Mandatory = true)]
    [ValidatePattern("^[A-Za-z0-9_.-]+$")]
    public string Identifier { get; set; } = "";

    /// <summary>confidential (keeps a secret: servers, runbooks, client credentials) or public (PKCE: desktop and CLI apps).</summary>
    [Parameter]
    [ValidateSet("confidential", "public")]
    public string Kind { get; set; } = "confidential";

    /// <summary>Absolute HTTPS URLs, or http:// on 127.0.0.1 or localhost for native apps.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] RedirectUri { get; set; } = Array.Empty<string>();

    /// <summary>What the client is for, shown to users when they authorize it.</summary>
    [Parameter]
    public string? Description { get; set; }

    /// <summary>The company that makes the client, shown to users when they authorize it.</summary>
    [Parameter]
    public string? Company { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var uri in RedirectUri)
        {
            if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || !(parsed.Scheme == Uri.UriSchemeHttps || parsed.Scheme == Uri.UriSchemeHttp && ZendeskUrl.IsLoopback(parsed)))
            {
                ThrowTerminatingError(ErrorMapper.Create(
                    $"'{uri}' cannot be a redirect URI: Zendesk takes absolute HTTPS URLs, or http:// on 127.0.0.1 or localhost.",
                    ErrorIds.InvalidUrl, ErrorCategory.InvalidArgument, uri));
            }
        }

        var connection = ResolveConnection();
        if (!ShouldProcess($"{connection.Url}: OAuth client '{Name}' ({Identifier}, {Kind})", "Create"))
        {
            return;
        }

        var body = new System.Collections.Generic.Dictionary<string, object?>
        {
            ["name"] = Name,
            ["identifier"] = Identifier,
            ["kind"] = Kind,
            ["redirect_uri"] = RedirectUri,
        };
        if (Description is not null)
        {
            body["description"] = Description;
        }
        if (Company is not null)
        {
            body["company"] = Company;
        }

        try
        {
            using var document = SendJson(connection, HttpMethod.Post, "/api/v2/oauth/clients.json", new System.Collections.Generic.Dictionary<string, object?> { ["client"] = body });
            WriteClientWithSecret(document);
        }
        catch (ZendeskException e)
        {
            WriteError(ErrorMapper.ToErrorRecord(e, Identifier));
        }
    }
}

using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Net.Http;
using ZendeskAuth.ApiAccess;
using ZendeskAuth.Connections;
using ZendeskAuth.Errors;
using ZendeskAuth.Http;

namespace ZendeskAuth.Commands;

/// <summary>
/// Shows which credential kinds the account allows: the <c>api</c> object of <c>GET /api/v2/account/settings</c>
/// (ShowAccountSettings, "Allowed For: Agents"; https://developer.zendesk.com/api-reference/ticketing/account-configuration/account_settings/),
/// with Zendesk's string flags ("true"/"false") as booleans. An end user gets a PermissionDenied error that says so.
/// </summary>
[Cmdlet(VerbsCommon.Get, "ZendeskApiAccess")]
[OutputType(typeof(ZendeskApiAccess))]
public sealed class GetZendeskApiAccessCommand : ZendeskApiCmdlet
{
    protected override void ProcessRecord()
    {
        var connection = ResolveConnection();
        try
        {
            var access = Read(this, connection, out var unreadable);
            foreach (var name in unreadable)
            {
                WriteWarning($"Zendesk's answer has {name} as neither true nor false; it is shown as unknown (null).");
            }
            WriteObject(access);
        }
        catch (ZendeskApiException e) when (e.StatusCode == 403)
        {
            WriteError(Forbidden(e, connection, "read the account settings", "GET /api/v2/account/settings is allowed for agents and admins (and, with OAuth, needs the read scope)"));
        }
        catch (Exception e) when (e is ZendeskException or System.Text.Json.JsonException)
        {
            WriteError(ErrorMapper.ToErrorRecord(e, connection.Url));
        }
    }

    /// <summary>Reads and parses the settings; throws what <see cref="ZendeskApiCmdlet.SendJson"/> throws.</summary>
    internal static ZendeskApiAccess Read(ZendeskApiCmdlet cmdlet, ZendeskConnection connection, out IReadOnlyList<string> unreadable)
    {
        using var document = cmdlet.SendJson(connection, HttpMethod.Get, ApiAccessSettings.Path);
        if (document is null)
        {
            throw new System.Text.Json.JsonException("Zendesk answered with an empty body.");
        }
        return ApiAccessSettings.Parse(document.RootElement, connection.Url, connection.AuthenticationType, DateTimeOffset.Now, out unreadable);
    }

    /// <summary>A 403 that says who may do it and who the caller is, keeping Zendesk's answer as the inner exception.</summary>
    internal static ErrorRecord Forbidden(ZendeskApiException e, ZendeskConnection connection, string action, string rule)
    {
        var who = connection.Email is null ? "this connection's user" : connection.Email;
        var role = connection.Role is null ? "" : $" ({connection.Role})";
        return new ErrorRecord(
            new UnauthorizedAccessException($"Zendesk refused to let {who}{role} {action}: {rule}. Zendesk said: {e.Message}", e),
            ErrorIds.ZendeskForbidden, ErrorCategory.PermissionDenied, connection.Url);
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Text.Json;
using ZendeskAuth.ApiAccess;
using ZendeskAuth.Authentication;
using ZendeskAuth.Connections;
using ZendeskAuth.Errors;
using ZendeskAuth.Http;

namespace ZendeskAuth.Commands;

/// <summary>
/// Turns password access and API token access to the API on or off for the whole account, through
/// <c>PUT /api/v2/account/settings</c> (UpdateAccountSettings, "Allowed For: Admins"). Zendesk's reference page lists
/// <c>api_password_access</c> and <c>api_token_access</c> in the API table with Read-only "no"
/// (https://developer.zendesk.com/api-reference/ticketing/account-configuration/account_settings/), so they are documented
/// as writable. Zendesk's REST API silently drops keys it will not take (https://support.zendesk.com/hc/en-us/articles/4418443326106),
/// so the answer is compared with the request and a change that did not happen is a SettingNotChanged error.
/// </summary>
/// <remarks>
/// Turning off the access the connection itself signs in with needs -AllowLockout: without it the cmdlet refuses
/// before anything is sent.
/// </remarks>
[Cmdlet(VerbsCommon.Set, "ZendeskApiAccess", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(ZendeskApiAccess))]
public sealed class SetZendeskApiAccessCommand : ZendeskApiCmdlet
{
    /// <summary>Allow ($true) or refuse ($false) email and password on the API (api_password_access).</summary>
    [Parameter]
    public bool PasswordAccess { get; set; }

    /// <summary>Allow ($true) or refuse ($false) API tokens on the API (api_token_access).</summary>
    [Parameter]
    public bool ApiTokenAccess { get; set; }

    /// <summary>Turn off the access this very connection signs in with: its next request will fail.</summary>
    [Parameter]
    public SwitchParameter AllowLockout { get; set; }

    /// <summary>Write the settings as Zendesk answered them after the change.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var connection = ResolveConnection();
        bool? password = MyInvocation.BoundParameters.ContainsKey(nameof(PasswordAccess)) ? PasswordAccess : null;
        bool? token = MyInvocation.BoundParameters.ContainsKey(nameof(ApiTokenAccess)) ? ApiTokenAccess : null;
        byte[] body;
        try
        {
            body = ApiAccessSettings.UpdateBody(password, token);
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(ErrorMapper.ToErrorRecord(e, null, ErrorIds.InvalidParameterCombination));
            return;
        }

        var locksOut = connection.AuthenticationType == AuthenticationType.ApiToken && token == false ? "API token access"
            : connection.AuthenticationType == AuthenticationType.Password && password == false ? "password access"
            : null;
        if (locksOut is not null && !AllowLockout)
        {
            ThrowTerminatingError(ErrorMapper.Create(
                $"This connection signs in with {(connection.AuthenticationType == AuthenticationType.ApiToken ? "an API token" : "a password")}, and turning {locksOut} off for {connection.Url} would lock it out: its next request would fail. " +
                "Connect with OAuth first (Connect-Zendesk -ClientCredential, see Get-Help about_ZendeskAuth), or add -AllowLockout to do it anyway.",
                ErrorIds.WouldLockOut, ErrorCategory.InvalidOperation, connection.Url));
        }

        var changes = new List<string>();
        if (password is { } p)
        {
            changes.Add($"turn password access {(p ? "on" : "off")} (api_password_access = {(p ? "true" : "false")})");
        }
        if (token is { } t)
        {
            changes.Add($"turn API token access {(t ? "on" : "off")} (api_token_access = {(t ? "true" : "false")})");
        }
        var action = string.Join(" and ", changes) + (locksOut is null ? "" : $", which THIS connection signs in with: it will stop working");
        if (!ShouldProcess(connection.Url.ToString(), action))
        {
            return;
        }
        if (password == true)
        {
            WriteWarning($"Zendesk phases password access out from {ZendeskRetirement.Text(ZendeskRetirement.PasswordAccessPhaseOut)}; prefer OAuth.");
        }
        if (token == true)
        {
            WriteWarning($"Every API token stops working on {ZendeskRetirement.Text(ZendeskRetirement.ApiTokensStopWorking)} and none can be created since {ZendeskRetirement.Text(ZendeskRetirement.ApiTokenCreationEnds)}; prefer OAuth.");
        }

        try
        {
            var request = new ZendeskRequest(HttpMethod.Put, ZendeskUrl.Resolve(connection.Url, ApiAccessSettings.Path)) { Body = body, Timeout = DefaultTimeout };
            var response = Send(connection, request);
            using var document = response.ParseJson();
            var after = ApiAccessSettings.Parse(document.RootElement, connection.Url, connection.AuthenticationType, DateTimeOffset.Now, out _);
            var ignored = new List<string>();
            if (password is { } wantPassword && after.PasswordAccess != wantPassword)
            {
                ignored.Add($"{ApiAccessSettings.PasswordAccessName} is {ZendeskApiAccess.OnOff(after.PasswordAccess)}");
            }
            if (token is { } wantToken && after.ApiTokenAccess != wantToken)
            {
                ignored.Add($"{ApiAccessSettings.ApiTokenAccessName} is {ZendeskApiAccess.OnOff(after.ApiTokenAccess)}");
            }
            if (ignored.Count > 0)
            {
                // Zendesk answers 200 and drops keys it does not allow, saying so (at times) in X-Zendesk-Api-Warn.
                var warn = response.Headers.TryGetValue("X-Zendesk-Api-Warn", out var values) ? $" Zendesk said (X-Zendesk-Api-Warn): {string.Join(" ", values)}" : "";
                WriteError(ErrorMapper.Create(
                    $"Zendesk answered 200 but did not make the change: after it, {string.Join(" and ", ignored)}.{warn} Change it in Admin Center > Apps and integrations > APIs > API configuration.",
                    ErrorIds.SettingNotChanged, ErrorCategory.InvalidResult, connection.Url));
                return;
            }
            if (PassThru)
            {
                WriteObject(after);
            }
        }
        catch (ZendeskApiException e) when (e.StatusCode == 403)
        {
            WriteError(GetZendeskApiAccessCommand.Forbidden(e, connection, "change the account settings", "PUT /api/v2/account/settings is allowed for admins only (and, with OAuth, needs the write scope)"));
        }
        catch (Exception e) when (e is ZendeskException or JsonException)
        {
            WriteError(ErrorMapper.ToErrorRecord(e, connection.Url));
        }
    }
}

using System.Text.Json;

namespace ZendeskAuth.Emulator.Endpoints;

/// <summary>
/// https://developer.zendesk.com/api-reference/ticketing/account-configuration/account_settings/ — ShowAccountSettings
/// ("Allowed For: Agents") and UpdateAccountSettings ("Allowed For: Admins"). Only the <c>api</c> object is live; a few
/// other sections are fixed, so the answer has the shape of Zendesk's example (AccountSettingsResponseExample in the OpenAPI
/// file): <c>api_password_access</c> and <c>api_token_access</c> are strings ("true"), <c>accepted_api_agreement</c> a boolean.
/// </summary>
internal static class AccountSettings
{
    /// <summary>GET /api/v2/account/settings.json — agents and admins; end users get the role 403. [guess] at the end-user body.</summary>
    public static ApiResponse Show(RequestContext rc) =>
        rc.User!.IsAgentOrAdmin ? Answer(rc.Emulator.Account) : ApiResponse.Forbidden();

    /// <summary>
    /// PUT /api/v2/account/settings.json {"settings":{"api":{"api_token_access":false}}} — admins. The reference page types the
    /// two switches as boolean and writable; answers carry strings, so both true/false and "true"/"false" are taken.
    /// [guess] any other value → 422 RecordInvalid; keys outside the two switches are ignored.
    /// </summary>
    public static ApiResponse Update(RequestContext rc)
    {
        var account = rc.Emulator.Account;
        account.CountAccountSettingsUpdate();
        if (rc.User!.Role != Roles.Admin)
            return ApiResponse.Forbidden();
        if (!OAuthJson.TryReadWrapped(rc.Body, "settings", out var settings))
            return ApiResponse.Json(400, ZendeskErrors.InvalidJson);
        if (!settings.TryGetProperty("api", out var api) || api.ValueKind != JsonValueKind.Object)
            return Answer(account);

        bool? password = null, token = null;
        foreach (var (name, set) in new (string, Action<bool>)[] { ("api_password_access", v => password = v), ("api_token_access", v => token = v) })
        {
            if (!api.TryGetProperty(name, out var value))
                continue;
            if (Flag(value) is not { } flag)
                return ApiResponse.Json(422, ZendeskErrors.RecordInvalid(name, $"{name}: is invalid", "InvalidValue"));
            set(flag);
        }
        if (account.IgnoreApiAccessUpdates)
        {
            var dropped = string.Join(", ", new[] { password is null ? null : "\"settings.api.api_password_access\"", token is null ? null : "\"settings.api.api_token_access\"" }.OfType<string>());
            return Answer(account).WithHeader("X-Zendesk-Api-Warn", $"Removed restricted keys [{dropped}] from parameters according to allowlist");
        }
        if (password is { } p)
            account.PasswordAccessEnabled = p;
        if (token is { } t)
            account.ApiTokenAccessEnabled = t;
        return Answer(account);
    }

    private static bool? Flag(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String when value.GetString() == "true" => true,
        JsonValueKind.String when value.GetString() == "false" => false,
        _ => null,
    };

    /// <summary>One api value as JSON text: Zendesk's, or the test's <see cref="EmulatorAccount.RawApiValues"/> entry.</summary>
    private static void WriteApi(Utf8JsonWriter w, EmulatorAccount account, string name, string json)
    {
        w.WritePropertyName(name);
        w.WriteRawValue(account.RawApiValues.TryGetValue(name, out var raw) ? raw : json);
    }

    private static ApiResponse Answer(EmulatorAccount account) =>
        ApiResponse.Json(200, JsonText.Build(w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("settings");
            w.WriteStartObject("active_features");
            w.WriteBoolean("customer_satisfaction", false);
            w.WriteBoolean("ticket_forms", true);
            w.WriteEndObject();
            w.WriteStartObject("agents");
            w.WriteBoolean("agent_workspace", true);
            w.WriteEndObject();
            w.WriteStartObject("api");
            WriteApi(w, account, "accepted_api_agreement", account.AcceptedApiAgreement ? "true" : "false");
            WriteApi(w, account, "api_password_access", account.PasswordAccessEnabled ? "\"true\"" : "\"false\"");
            WriteApi(w, account, "api_token_access", account.ApiTokenAccessEnabled ? "\"true\"" : "\"false\"");
            w.WriteEndObject();
            w.WriteStartObject("apps");
            w.WriteBoolean("create_private", true);
            w.WriteBoolean("create_public", false);
            w.WriteBoolean("use", true);
            w.WriteEndObject();
            w.WriteStartObject("tickets");
            w.WriteBoolean("agent_collision", true);
            w.WriteNumber("maximum_personal_views_to_list", 8);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }));
}

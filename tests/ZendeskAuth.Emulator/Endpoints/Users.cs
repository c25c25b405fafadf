using System.Text.Json;

namespace ZendeskAuth.Emulator.Endpoints;

/// <summary>https://developer.zendesk.com/api-reference/ticketing/users/users/</summary>
internal static class Users
{
    /// <summary>GET /api/v2/users/me.json — the caller, or the anonymous user when credentials are missing or fail
    /// the "anonymous" way (see <see cref="Authentication.FallsBackToAnonymous"/>).</summary>
    public static ApiResponse Me(RequestContext rc) =>
        ApiResponse.Json(200, JsonText.Build(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("user");
            if (rc.User is { } user)
                Write(w, user, rc.BaseUrl);
            else
                WriteAnonymous(w);
            w.WriteEndObject();
        }));

    /// <summary>GET /api/v2/users/{id}.json</summary>
    public static ApiResponse Show(RequestContext rc)
    {
        var target = rc.Emulator.Account.FindUserById(rc.Id);
        if (target is null)
            return ApiResponse.RecordNotFound();
        // End users may only see themselves. [guess] at the body: the role-forbids 403.
        if (!rc.User!.IsAgentOrAdmin && rc.User.Id != target.Id)
            return ApiResponse.Forbidden();
        return ApiResponse.Json(200, JsonText.Build(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("user");
            Write(w, target, rc.BaseUrl);
            w.WriteEndObject();
        }));
    }

    /// <summary>
    /// A user with the 37 fields a real users/me answer has (recorded), which are UserForAdmin's properties in the
    /// OpenAPI file less chat_only and remote_photo_url (write-only). [guess] at the values of fields the emulator
    /// does not model (nulls, false, empty).
    /// </summary>
    public static void Write(Utf8JsonWriter w, EmulatorUser user, string baseUrl)
    {
        w.WriteStartObject();
        w.WriteNumber("id", user.Id);
        w.WriteString("url", $"{baseUrl}api/v2/users/{user.Id}.json");
        w.WriteString("name", user.Name);
        w.WriteString("email", user.Email);
        w.WriteString("created_at", JsonText.Timestamp(user.CreatedAt));
        w.WriteString("updated_at", JsonText.Timestamp(user.UpdatedAt));
        w.WriteString("time_zone", user.TimeZone);
        w.WriteString("iana_time_zone", user.IanaTimeZone);
        w.WriteNull("phone");
        w.WriteBoolean("shared_phone_number", false);
        w.WriteNull("photo");
        w.WriteNumber("locale_id", 1);
        w.WriteString("locale", user.Locale);
        w.WriteNull("organization_id");
        w.WriteString("role", user.Role);
        w.WriteBoolean("verified", user.Verified);
        w.WriteNull("external_id");
        w.WriteStartArray("tags");
        w.WriteEndArray();
        w.WriteString("alias", "");
        w.WriteBoolean("active", user.Active);
        w.WriteBoolean("shared", false);
        w.WriteBoolean("shared_agent", false);
        w.WriteString("last_login_at", JsonText.Timestamp(user.UpdatedAt));
        w.WriteBoolean("two_factor_auth_enabled", user.TwoFactorAuthEnabled);
        w.WriteString("signature", "");
        w.WriteString("details", "");
        w.WriteString("notes", "");
        if (user.IsAgentOrAdmin) w.WriteNumber("role_type", user.Role == Roles.Admin ? 4 : 0);
        else w.WriteNull("role_type");
        w.WriteNull("custom_role_id");
        w.WriteBoolean("moderator", user.IsAgentOrAdmin);
        if (user.IsAgentOrAdmin) w.WriteString("ticket_restriction", user.Role == Roles.Admin ? null : "assigned");
        else w.WriteString("ticket_restriction", "requested");
        w.WriteBoolean("only_private_comments", false);
        w.WriteBoolean("restricted_agent", user.Role == Roles.Agent);
        w.WriteBoolean("suspended", false);
        w.WriteNull("default_group_id");
        w.WriteBoolean("report_csv", user.Role == Roles.Admin);
        w.WriteStartObject("user_fields");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>
    /// The anonymous user. Seen: id null, name "Anonymous user", HTTP 200 (facts file; a third-party probe of a live
    /// account). [guess] for the other fields (shape of a normal end user with nulls; e-mail "invalid@example.com").
    /// </summary>
    private static void WriteAnonymous(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteNull("id");
        w.WriteNull("url");
        w.WriteString("name", "Anonymous user");
        w.WriteString("email", "invalid@example.com");
        w.WriteNull("created_at");
        w.WriteNull("updated_at");
        w.WriteString("time_zone", "Eastern Time (US & Canada)");
        w.WriteString("iana_time_zone", "America/New_York");
        w.WriteString("locale", "en-US");
        w.WriteNumber("locale_id", 1);
        w.WriteString("role", Roles.EndUser);
        w.WriteBoolean("verified", false);
        w.WriteBoolean("active", true);
        w.WriteNull("organization_id");
        w.WriteEndObject();
    }
}

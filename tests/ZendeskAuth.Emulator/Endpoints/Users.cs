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
                Write(w, user, rc.BaseUrl, includeAuthenticityToken: true);
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
            Write(w, target, rc.BaseUrl, includeAuthenticityToken: false);
            w.WriteEndObject();
        }));
    }

    public static void Write(Utf8JsonWriter w, EmulatorUser user, string baseUrl, bool includeAuthenticityToken)
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
        w.WriteString("locale", user.Locale);
        w.WriteNumber("locale_id", 1);
        w.WriteString("role", user.Role);
        w.WriteBoolean("verified", user.Verified);
        w.WriteBoolean("active", user.Active);
        w.WriteBoolean("suspended", false);
        w.WriteBoolean("two_factor_auth_enabled", user.TwoFactorAuthEnabled);
        w.WriteNull("organization_id");
        if (includeAuthenticityToken) // users/me carries a CSRF token for Help Center callers
            w.WriteString("authenticity_token", "emulator-authenticity-token");
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
        w.WriteString("authenticity_token", "emulator-authenticity-token");
        w.WriteEndObject();
    }
}

using System.Globalization;
using System.Text.Json;

namespace ZendeskAuth.Emulator.Endpoints;

/// <summary>
/// https://developer.zendesk.com/api-reference/ticketing/oauth/oauth_tokens/ — over EVERY access token of the account
/// (<see cref="EmulatorAccount.BearerTokens"/>), whether made here, by a grant, or seeded.
/// List and Create: "Allowed For: Admins"; Show and Revoke: "Admins, Agents, End Users".
/// </summary>
internal static class OAuthTokensApi
{
    /// <summary>GET /api/v2/oauth/tokens.json — "the tokens for the current user"; <c>all=true</c>: every user's; <c>client_id=</c>
    /// filters by the numeric client id. Cursor or offset paging.</summary>
    public static ApiResponse List(RequestContext rc)
    {
        if (rc.User!.Role != Roles.Admin)
            return ApiResponse.Forbidden();
        IEnumerable<BearerToken> tokens = rc.Emulator.Account.BearerTokens.Snapshot();
        if (!string.Equals(rc.Query["all"], "true", StringComparison.OrdinalIgnoreCase))
            tokens = tokens.Where(t => t.UserId == rc.User.Id);
        if (rc.Query.ContainsKey("client_id"))
        {
            // [guess] a client_id that is not a number matches nothing.
            var clientId = long.TryParse(rc.Query["client_id"], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (long?)null;
            tokens = tokens.Where(t => clientId is not null && t.ClientId == clientId);
        }
        return ListPaging.Page(rc, "tokens", "api/v2/oauth/tokens", tokens.ToArray(), t => t.Id, (w, t) => Write(w, t, rc.BaseUrl, fullToken: false));
    }

    /// <summary>
    /// POST /api/v2/oauth/tokens.json {"token":{"client_id":&lt;numeric id&gt;,"scopes":["read","write"]}} → 201 {"token":{…,"full_token"}}.
    /// "Refresh tokens aren't used. An access token doesn't expire". Unknown scope names are accepted ("The endpoint returns an
    /// access token even if you specify an invalid scope"); every call with the token then answers 403.
    /// [guess] client_id that is missing, unknown or not a number (e.g. the string identifier) → 404 RecordNotFound (Rails'
    /// find on the id); missing or empty scopes → 422. expires_at is not a documented parameter and is ignored.
    /// </summary>
    public static ApiResponse Create(RequestContext rc)
    {
        if (rc.User!.Role != Roles.Admin)
            return ApiResponse.Forbidden();
        if (!OAuthJson.TryReadWrapped(rc.Body, "token", out var posted))
            return ApiResponse.Json(400, ZendeskErrors.InvalidJson);
        var account = rc.Emulator.Account;
        if (!posted.TryGetProperty("client_id", out var clientIdValue) || clientIdValue.ValueKind != JsonValueKind.Number
            || !clientIdValue.TryGetInt64(out var clientId) || account.OAuthClients.FindById(clientId) is null)
            return ApiResponse.RecordNotFound();
        var scopes = OAuthJson.Strings(posted, "scopes");
        if (scopes is null || scopes.Length == 0)
            return ApiResponse.Json(422, ZendeskErrors.RecordInvalid("scopes", "Scopes: cannot be blank", "BlankValue"));

        var token = account.BearerTokens.Issue(new BearerToken(rc.User.Id, scopes) { ClientId = clientId, CreatedAt = rc.Emulator.Clock.Now });
        return Wrap(201, token, rc.BaseUrl, fullToken: true);
    }

    /// <summary>GET /api/v2/oauth/tokens/{id}.json — only the first 10 characters of the token. [guess] non-admins see only
    /// their own tokens (404 for others').</summary>
    public static ApiResponse Show(RequestContext rc) =>
        Find(rc) is { } token ? Wrap(200, token, rc.BaseUrl, fullToken: false) : ApiResponse.RecordNotFound();

    /// <summary>GET /api/v2/oauth/tokens/current.json — the token in the Authorization: Bearer header. [guess] 404 without one.</summary>
    public static ApiResponse ShowCurrent(RequestContext rc) =>
        Current(rc) is { } token ? Wrap(200, token, rc.BaseUrl, fullToken: false) : ApiResponse.RecordNotFound();

    /// <summary>DELETE /api/v2/oauth/tokens/{id}.json → 204, no body; the access token and its refresh token stop working.</summary>
    public static ApiResponse Revoke(RequestContext rc) =>
        Find(rc) is { } token && rc.Emulator.Account.BearerTokens.RemoveById(token.Id) ? ApiResponse.NoContent() : ApiResponse.RecordNotFound();

    /// <summary>DELETE /api/v2/oauth/tokens/current.json → 204: revokes the token the request was made with.</summary>
    public static ApiResponse RevokeCurrent(RequestContext rc) =>
        Current(rc) is { } token && rc.Emulator.Account.BearerTokens.RemoveById(token.Id) ? ApiResponse.NoContent() : ApiResponse.RecordNotFound();

    private static BearerToken? Find(RequestContext rc)
    {
        var token = rc.Emulator.Account.BearerTokens.FindById(rc.Id);
        return token is not null && (rc.User!.Role == Roles.Admin || token.UserId == rc.User.Id) ? token : null;
    }

    private static BearerToken? Current(RequestContext rc) =>
        rc.Auth.Token is { } used ? rc.Emulator.Account.BearerTokens.FindById(used.Id) : null;

    private static ApiResponse Wrap(int status, BearerToken token, string baseUrl, bool fullToken) =>
        ApiResponse.Json(status, JsonText.Build(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("token");
            Write(w, token, baseUrl, fullToken);
            w.WriteEndObject();
        }));

    /// <summary>
    /// "only the first 10 characters of each access token are included" (e.g. "token": "52d7ef4ee0",
    /// https://developer.zendesk.com/documentation/api-basics/authentication/viewing-oauth-tokens); full_token only on create.
    /// [guess] refresh_token is cut the same way (null when there is none).
    /// </summary>
    public static void Write(Utf8JsonWriter w, BearerToken token, string baseUrl, bool fullToken)
    {
        w.WriteStartObject();
        w.WriteString("url", $"{baseUrl}api/v2/oauth/tokens/{token.Id}.json");
        w.WriteNumber("id", token.Id);
        w.WriteNumber("user_id", token.UserId);
        if (token.ClientId is { } clientId) w.WriteNumber("client_id", clientId);
        else w.WriteNull("client_id");
        w.WriteString("token", First10(token.Token));
        Tickets.WriteUrlOrNull(w, "refresh_token", token.RefreshToken is { } refresh ? First10(refresh) : null);
        w.WriteStartArray("scopes");
        foreach (var scope in token.Scopes)
            w.WriteStringValue(scope);
        w.WriteEndArray();
        w.WriteString("created_at", JsonText.Timestamp(token.CreatedAt));
        WriteTime(w, "expires_at", token.ExpiresAt);
        WriteTime(w, "refresh_token_expires_at", token.RefreshTokenExpiresAt);
        WriteTime(w, "used_at", token.UsedAt);
        if (fullToken)
            w.WriteString("full_token", token.Token);
        w.WriteEndObject();
    }

    private static string First10(string value) => value.Length <= 10 ? value : value[..10];

    private static void WriteTime(Utf8JsonWriter w, string name, DateTimeOffset? value)
    {
        if (value is { } t) w.WriteString(name, JsonText.Timestamp(t));
        else w.WriteNull(name);
    }
}

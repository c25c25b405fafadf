using System.Text.Json;

namespace ZendeskAuth.Emulator.Endpoints;

/// <summary>https://developer.zendesk.com/api-reference/ticketing/oauth/oauth_clients/ — "Allowed for: Admins" on every endpoint.</summary>
internal static class OAuthClientsApi
{
    /// <summary>GET /api/v2/oauth/clients.json → {"clients":[…]}, cursor or offset paging, at most 100 a page.</summary>
    public static ApiResponse List(RequestContext rc) =>
        rc.User!.Role != Roles.Admin
            ? ApiResponse.Forbidden()
            : ListPaging.Page(rc, "clients", "api/v2/oauth/clients", rc.Emulator.Account.OAuthClients.Snapshot(), c => c.Id,
                (w, c) => Write(w, c, rc.BaseUrl, fullSecret: false));

    /// <summary>GET /api/v2/oauth/clients/{id}.json → {"client":{…}} with the secret masked.</summary>
    public static ApiResponse Show(RequestContext rc)
    {
        if (rc.User!.Role != Roles.Admin)
            return ApiResponse.Forbidden();
        return rc.Emulator.Account.OAuthClients.FindById(rc.Id) is { } client
            ? Wrap(200, client, rc.BaseUrl, fullSecret: false)
            : ApiResponse.RecordNotFound();
    }

    /// <summary>POST /api/v2/oauth/clients.json {"client":{"name","identifier","kind","redirect_uri":[…],…}} → 201 with the
    /// full secret, "returned in full only at that time".</summary>
    public static ApiResponse Create(RequestContext rc)
    {
        if (rc.User!.Role != Roles.Admin)
            return ApiResponse.Forbidden();
        if (!OAuthJson.TryReadWrapped(rc.Body, "client", out var posted))
            return ApiResponse.Json(400, ZendeskErrors.InvalidJson);

        var account = rc.Emulator.Account;
        var name = OAuthJson.String(posted, "name");
        var identifier = OAuthJson.String(posted, "identifier");
        // [guess] kind defaults to confidential (every client made before client kinds existed had a secret).
        var kind = OAuthJson.String(posted, "kind") ?? OAuthClientKinds.Confidential;
        var redirectUris = OAuthJson.Strings(posted, "redirect_uri", splitString: true) ?? [];
        // user_id is "the id of the admin who created the client"; [guess] an unknown or absent one means the caller.
        var userId = OAuthJson.Int64(posted, "user_id") is { } uid && account.FindUserById(uid) is not null ? uid : rc.User.Id;

        return account.OAuthClients.Locked(() =>
        {
            if (Validate(account.OAuthClients, null, name, identifier, kind, redirectUris) is { } invalid)
                return ApiResponse.Json(422, invalid);
            var client = account.OAuthClients.Add(name!.Trim(), identifier!.Trim(), kind, redirectUris, userId);
            client.Company = OAuthJson.String(posted, "company");
            client.Description = OAuthJson.String(posted, "description");
            return Wrap(201, client, rc.BaseUrl, fullSecret: true);
        });
    }

    /// <summary>PUT /api/v2/oauth/clients/{id}.json — changes the posted fields; 200 {"client":{…}} (secret masked).</summary>
    public static ApiResponse Update(RequestContext rc)
    {
        if (rc.User!.Role != Roles.Admin)
            return ApiResponse.Forbidden();
        var account = rc.Emulator.Account;
        if (account.OAuthClients.FindById(rc.Id) is not { } client)
            return ApiResponse.RecordNotFound();
        if (!OAuthJson.TryReadWrapped(rc.Body, "client", out var posted))
            return ApiResponse.Json(400, ZendeskErrors.InvalidJson);

        return account.OAuthClients.Locked(() =>
        {
            var name = OAuthJson.Has(posted, "name") ? OAuthJson.String(posted, "name") : client.Name;
            var identifier = OAuthJson.Has(posted, "identifier") ? OAuthJson.String(posted, "identifier") : client.Identifier;
            var kind = OAuthJson.Has(posted, "kind") ? OAuthJson.String(posted, "kind") : client.Kind;
            var redirectUris = OAuthJson.Strings(posted, "redirect_uri", splitString: true) ?? client.RedirectUris.ToArray();
            if (Validate(account.OAuthClients, client.Id, name, identifier, kind, redirectUris) is { } invalid)
                return ApiResponse.Json(422, invalid);
            client.Name = name!.Trim();
            client.Identifier = identifier!.Trim();
            client.Kind = kind!;
            client.RedirectUris = redirectUris;
            if (OAuthJson.Has(posted, "company")) client.Company = OAuthJson.String(posted, "company");
            if (OAuthJson.Has(posted, "description")) client.Description = OAuthJson.String(posted, "description");
            client.UpdatedAt = rc.Emulator.Clock.Now;
            return Wrap(200, client, rc.BaseUrl, fullSecret: false);
        });
    }

    /// <summary>DELETE /api/v2/oauth/clients/{id}.json → 204; "deactivates every token made with it".</summary>
    public static ApiResponse Delete(RequestContext rc)
    {
        if (rc.User!.Role != Roles.Admin)
            return ApiResponse.Forbidden();
        return rc.Emulator.Account.DeleteOAuthClient(rc.Id) ? ApiResponse.NoContent() : ApiResponse.RecordNotFound();
    }

    /// <summary>PUT /api/v2/oauth/clients/{id}/generate_secret.json → 200 {"client":{…}} with the new secret in full; the old
    /// secret stops working. [guess] that existing tokens survive (only the secret changes).</summary>
    public static ApiResponse GenerateSecret(RequestContext rc)
    {
        if (rc.User!.Role != Roles.Admin)
            return ApiResponse.Forbidden();
        if (rc.Emulator.Account.OAuthClients.FindById(rc.Id) is not { } client)
            return ApiResponse.RecordNotFound();
        client.Secret = EmulatorOAuthClient.NewSecret();
        client.UpdatedAt = rc.Emulator.Clock.Now;
        return Wrap(200, client, rc.BaseUrl, fullSecret: true);
    }

    /// <summary>The 422 body for the first problem, or null. Rules: name and identifier are mandatory, the identifier is unique,
    /// kind is public|confidential, redirect URLs are absolute https (http only for localhost/127.0.0.1) —
    /// https://support.zendesk.com/hc/en-us/articles/4408845965210. [guess] at the texts.</summary>
    private static string? Validate(OAuthClientStore store, long? selfId, string? name, string? identifier, string? kind, string[] redirectUris)
    {
        if (string.IsNullOrWhiteSpace(name))
            return ZendeskErrors.RecordInvalid("name", "Name: cannot be blank", "BlankValue");
        if (string.IsNullOrWhiteSpace(identifier))
            return ZendeskErrors.RecordInvalid("identifier", "Identifier: cannot be blank", "BlankValue");
        if (store.FindByIdentifier(identifier.Trim()) is { } other && other.Id != selfId)
            return ZendeskErrors.RecordInvalid("identifier", "Identifier: has already been taken", "DuplicateValue");
        if (kind is not (OAuthClientKinds.Public or OAuthClientKinds.Confidential))
            return ZendeskErrors.RecordInvalid("kind", "Kind: is not included in the list", "InvalidValue");
        foreach (var uri in redirectUris)
        {
            if (!OAuthRules.IsValidRegisteredRedirectUri(uri))
                return ZendeskErrors.RecordInvalid("redirect_uri",
                    $"Redirect URLs: {uri} is invalid. URLs must be absolute and use https, except for localhost and 127.0.0.1", "InvalidValue");
        }
        return null;
    }

    private static ApiResponse Wrap(int status, EmulatorOAuthClient client, string baseUrl, bool fullSecret) =>
        ApiResponse.Json(status, JsonText.Build(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("client");
            Write(w, client, baseUrl, fullSecret);
            w.WriteEndObject();
        }));

    /// <summary>Secret: "Generated automatically on creation and returned in full only at that time"; otherwise the
    /// first 10 characters and "..." — [guess] from the documented example value "af3t24tfj34h43s...".</summary>
    public static void Write(Utf8JsonWriter w, EmulatorOAuthClient client, string baseUrl, bool fullSecret)
    {
        w.WriteStartObject();
        w.WriteString("url", $"{baseUrl}api/v2/oauth/clients/{client.Id}.json");
        w.WriteNumber("id", client.Id);
        w.WriteNumber("user_id", client.UserId);
        w.WriteString("name", client.Name);
        w.WriteString("identifier", client.Identifier);
        w.WriteString("kind", client.Kind);
        Tickets.WriteUrlOrNull(w, "company", client.Company);
        Tickets.WriteUrlOrNull(w, "description", client.Description);
        w.WriteStartArray("redirect_uri");
        foreach (var uri in client.RedirectUris)
            w.WriteStringValue(uri);
        w.WriteEndArray();
        w.WriteString("secret", fullSecret || client.Secret.Length <= 10 ? client.Secret : client.Secret[..10] + "...");
        Tickets.WriteUrlOrNull(w, "logo_url", client.LogoUrl);
        w.WriteBoolean("global", client.Global);
        w.WriteString("created_at", JsonText.Timestamp(client.CreatedAt));
        w.WriteString("updated_at", JsonText.Timestamp(client.UpdatedAt));
        w.WriteEndObject();
    }
}

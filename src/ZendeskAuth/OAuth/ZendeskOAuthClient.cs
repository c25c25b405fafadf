using System;
using System.Security;
using System.Text.Json;
using ZendeskAuth.Json;

namespace ZendeskAuth.OAuth;

/// <summary>
/// An OAuth client of the account (https://developer.zendesk.com/api-reference/ticketing/oauth/oauth_clients/).
/// Its secret is shown only by New-ZendeskOAuthClient, once, as a SecureString.
/// </summary>
public sealed class ZendeskOAuthClient
{
    internal ZendeskOAuthClient()
    {
    }

    public long Id { get; internal set; }

    public string? Name { get; internal set; }

    /// <summary>The OAuth client_id string the grant flows take.</summary>
    public string? Identifier { get; internal set; }

    /// <summary>public or confidential.</summary>
    public string? Kind { get; internal set; }

    public string[] RedirectUri { get; internal set; } = Array.Empty<string>();

    public string? Company { get; internal set; }

    public string? Description { get; internal set; }

    /// <summary>The user who created the client; client_credentials tokens act as this user.</summary>
    public long? UserId { get; internal set; }

    public DateTimeOffset? CreatedAt { get; internal set; }

    public DateTimeOffset? UpdatedAt { get; internal set; }

    /// <summary>Only on the output of New-ZendeskOAuthClient; null otherwise.</summary>
    public SecureString? Secret { get; internal set; }

    public override string ToString() => $"{Name} ({Identifier}, id {Id})";

    internal static ZendeskOAuthClient FromJson(JsonElement client) => new()
    {
        Id = ZendeskJson.Int64(client, "id") ?? 0,
        Name = ZendeskJson.String(client, "name"),
        Identifier = ZendeskJson.String(client, "identifier"),
        Kind = ZendeskJson.String(client, "kind"),
        RedirectUri = ZendeskJson.Strings(client, "redirect_uri"),
        Company = ZendeskJson.String(client, "company"),
        Description = ZendeskJson.String(client, "description"),
        UserId = ZendeskJson.Int64(client, "user_id"),
        CreatedAt = ZendeskJson.Date(client, "created_at"),
        UpdatedAt = ZendeskJson.Date(client, "updated_at"),
    };
}

using Microsoft.AspNetCore.Http;
using ZendeskAuth.Emulator.Endpoints;

namespace ZendeskAuth.Emulator;

/// <summary>Who may call a route.</summary>
internal enum Access
{
    /// <summary>No credentials looked at (emulator-only helpers).</summary>
    Public,
    /// <summary>Failed/missing credentials get the anonymous user instead of 401 (users/me).</summary>
    AnonymousAllowed,
    /// <summary>401 without valid credentials.</summary>
    Authenticated,
}

/// <summary>Everything a handler needs about the current request.</summary>
internal sealed class RequestContext
{
    public required HttpContext Http { get; init; }
    public required ZendeskEmulator Emulator { get; init; }
    public required AuthResult Auth { get; init; }
    public required byte[] Body { get; init; }

    /// <summary>The {id} path segment, when the route has one.</summary>
    public long Id { get; init; }

    /// <summary>The {token} path segment, when the route has one.</summary>
    public string? PathToken { get; init; }

    /// <summary>The authenticated user; null only on <see cref="Access.Public"/> routes and for the anonymous user.</summary>
    public EmulatorUser? User => Auth.User;

    /// <summary>Scheme and host the client used, e.g. "https://127.0.0.1:5001/": paging links point back at it, as Zendesk's
    /// point at the subdomain the client called.</summary>
    public string BaseUrl => $"{Http.Request.Scheme}://{Http.Request.Host}/";

    public IQueryCollection Query => Http.Request.Query;
}

/// <summary>An endpoint's own limit, besides the account's.</summary>
internal enum EndpointLimit
{
    /// <summary>Every incremental export: 10 requests a minute.</summary>
    IncrementalExports,
    /// <summary>GET tickets.json: zendesk-ratelimit-tickets-index.</summary>
    TicketsIndex,
    /// <summary>GET search/export.json: 100 requests a minute (ExportSearchResults).</summary>
    SearchExport,
}

/// <summary>A route the emulator serves, and where ../shared/zendesk-openapi.yaml describes it.</summary>
/// <param name="Template">Path without ".json"; "{id}" and "{token}" stand for a path segment.</param>
/// <param name="OperationId">The operation in Zendesk's OpenAPI description; null when the file has none.</param>
/// <param name="NotInOpenApi">Why the OpenAPI file does not describe it (another API, not an API path, an emulator helper).</param>
public sealed record EmulatedRoute(string Method, string Template, string? OperationId, string? NotInOpenApi);

/// <param name="Template">Path without the optional ".json" suffix; "{id}" matches a 64-bit integer, "{token}" any segment.</param>
/// <param name="ScopeResource">OAuth resource name for scope checks (e.g. "tickets" for tickets:read); null = only read/write count.</param>
/// <param name="IsList">A list endpoint.</param>
/// <param name="OperationId">The operation in ../shared/zendesk-openapi.yaml this route follows.</param>
/// <param name="Limit">The endpoint's own rate limit, if it has one.</param>
/// <param name="NotInOpenApi">Why the OpenAPI file has no such operation.</param>
internal sealed record Route(string Method, string Template, Access Access, string? ScopeResource, bool IsList, Func<RequestContext, ApiResponse> Handler,
    string? OperationId = null, EndpointLimit? Limit = null, string? NotInOpenApi = null)
{
    private readonly string[] _segments = Template.Trim('/').Split('/');

    public bool TryMatch(string[] path, out long id)
    {
        id = 0;
        if (path.Length != _segments.Length)
            return false;
        for (var i = 0; i < path.Length; i++)
        {
            if (_segments[i] == "{id}")
            {
                if (!long.TryParse(path[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out id))
                    return false;
            }
            else if (_segments[i] == "{token}")
            {
                if (path[i].Length == 0)
                    return false;
            }
            else if (!string.Equals(_segments[i], path[i], StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }
}

/// <summary>The route table.</summary>
public static class Router
{
    // Each route names the operation of ../shared/zendesk-openapi.yaml it follows (ZendeskFidelity's OpenApiConformanceTests
    // check that the path, the method, the operation and the answer's fields are there).
    private static readonly Route[] Routes =
    [
        new("GET", "/api/v2/users/me", Access.AnonymousAllowed, "users", false, Users.Me, "ShowCurrentUser"),
        new("GET", "/api/v2/users/{id}", Access.Authenticated, "users", false, Users.Show, "ShowUser"),

        new("GET", "/api/v2/tickets", Access.Authenticated, "tickets", true, Tickets.List, "ListTickets", EndpointLimit.TicketsIndex),
        new("POST", "/api/v2/tickets", Access.Authenticated, "tickets", false, Tickets.Create, "CreateTicket"),
        new("GET", "/api/v2/tickets/{id}", Access.Authenticated, "tickets", false, Tickets.Show, "ShowTicket"),
        new("PUT", "/api/v2/tickets/{id}", Access.Authenticated, "tickets", false, Tickets.Update, "UpdateTicket"),
        new("DELETE", "/api/v2/tickets/{id}", Access.Authenticated, "tickets", false, Tickets.Delete, "DeleteTicket"),

        new("GET", "/api/v2/incremental/tickets/cursor", Access.Authenticated, "tickets", true, Incremental.TicketsCursor, "IncrementalTicketExportCursor", EndpointLimit.IncrementalExports),
        new("GET", "/api/v2/incremental/tickets", Access.Authenticated, "tickets", true, Exports.TicketsTime, "IncrementalTicketExportTime", EndpointLimit.IncrementalExports),
        new("GET", "/api/v2/incremental/users/cursor", Access.Authenticated, "users", true, Exports.UsersCursor, "IncrementalUserExportCursor", EndpointLimit.IncrementalExports),
        new("GET", "/api/v2/incremental/users", Access.Authenticated, "users", true, Exports.UsersTime, "IncrementalUserExportTime", EndpointLimit.IncrementalExports),
        new("GET", "/api/v2/incremental/organizations", Access.Authenticated, "organizations", true, Exports.OrganizationsTime, "IncrementalOrganizationExport", EndpointLimit.IncrementalExports),
        // Talk's incremental export is in Zendesk's Talk API, not in the Support API's OpenAPI description.
        new("GET", "/api/v2/channels/voice/stats/incremental/calls", Access.Authenticated, null, true, Exports.TalkCalls, null, EndpointLimit.IncrementalExports,
            "Talk API (https://developer.zendesk.com/api-reference/voice/talk-api/incremental_exports/): not part of the Support API's OpenAPI description"),

        new("GET", "/api/v2/search", Access.Authenticated, null, true, Search.List, "ListSearchResults"),
        new("GET", "/api/v2/search/export", Access.Authenticated, null, true, Search.Export, "ExportSearchResults", EndpointLimit.SearchExport),

        new("POST", "/api/v2/uploads", Access.Authenticated, null, false, Attachments.Upload, "UploadFiles"),
        new("GET", "/api/v2/attachments/{id}", Access.Authenticated, "tickets", false, Attachments.Show, "ShowAttachment"),
        // content_url: a page of the account, not an API path, that redirects to the file host.
        new("GET", "/attachments/token/{token}", Access.Authenticated, null, false, Attachments.Content, null, null,
            "an attachment's content_url (AttachmentObject.content_url): a file URL of the account, not an API operation"),

        new("GET", "/api/v2/audit_logs", Access.Authenticated, "auditlogs", true, AuditLogs.List, "ListAuditLogs"),

        // Account settings: no scope resource is documented for them: read (GET) or write (PUT). [guess]
        new("GET", "/api/v2/account/settings", Access.Authenticated, null, false, AccountSettings.Show, "ShowAccountSettings"),
        new("PUT", "/api/v2/account/settings", Access.Authenticated, null, false, AccountSettings.Update, "UpdateAccountSettings"),

        // OAuth clients and tokens APIs. Zendesk names no scope resource for them: read (GET) or write (others). [guess]
        new("GET", "/api/v2/oauth/clients", Access.Authenticated, null, true, OAuthClientsApi.List, "ListOAuthClients"),
        new("POST", "/api/v2/oauth/clients", Access.Authenticated, null, false, OAuthClientsApi.Create, "CreateOAuthClient"),
        new("GET", "/api/v2/oauth/clients/{id}", Access.Authenticated, null, false, OAuthClientsApi.Show, "ShowClient"),
        new("PUT", "/api/v2/oauth/clients/{id}", Access.Authenticated, null, false, OAuthClientsApi.Update, "UpdateClient"),
        new("DELETE", "/api/v2/oauth/clients/{id}", Access.Authenticated, null, false, OAuthClientsApi.Delete, "DeleteClient"),
        new("PUT", "/api/v2/oauth/clients/{id}/generate_secret", Access.Authenticated, null, false, OAuthClientsApi.GenerateSecret, "ClientGenerateSecret"),

        new("GET", "/api/v2/oauth/tokens", Access.Authenticated, null, true, OAuthTokensApi.List, "ListOAuthTokens"),
        new("POST", "/api/v2/oauth/tokens", Access.Authenticated, null, false, OAuthTokensApi.Create, "CreateOAuthToken"),
        new("GET", "/api/v2/oauth/tokens/current", Access.Authenticated, null, false, OAuthTokensApi.ShowCurrent, "ShowToken"),
        new("DELETE", "/api/v2/oauth/tokens/current", Access.Authenticated, null, false, OAuthTokensApi.RevokeCurrent, "RevokeOAuthToken"),
        new("GET", "/api/v2/oauth/tokens/{id}", Access.Authenticated, null, false, OAuthTokensApi.Show, "ShowToken"),
        new("DELETE", "/api/v2/oauth/tokens/{id}", Access.Authenticated, null, false, OAuthTokensApi.Revoke, "RevokeOAuthToken"),

        // The OAuth grant endpoints take no API credentials (the client authenticates with client_id/client_secret).
        new("GET", "/oauth/authorizations/new", Access.Public, null, false, OAuthAuthorize.New, null, null,
            "the sign-in page of the authorization code flow (https://developer.zendesk.com/documentation/ticketing/working-with-oauth/oauth-authorization-code-grant-flow/): a browser page, not an API operation"),
        new("POST", "/oauth/tokens", Access.Public, null, false, OAuthTokenGrant.Post, "CreateTokenForGrantType"),

        new("POST", "/api/v2/emulator/echo", Access.Public, null, false, Echo.Post, null, null, "an emulator helper that answers what it is sent"),
    ];

    /// <summary>Every route, with the operation it follows.</summary>
    public static IReadOnlyList<EmulatedRoute> Describe() =>
        Routes.Select(r => new EmulatedRoute(r.Method, r.Template, r.OperationId, r.NotInOpenApi)).ToArray();

    /// <summary>The route for <paramref name="method"/> and <paramref name="path"/>; null → 404 InvalidEndpoint
    /// (also for a known path with another method — [guess]).</summary>
    internal static Route? Match(string method, string path, out long id) => Match(method, path, out id, out _);

    internal static Route? Match(string method, string path, out long id, out string? token)
    {
        id = 0;
        token = null;
        if (path.EndsWith(".json", StringComparison.Ordinal))
            path = path[..^".json".Length];
        var segments = path.Trim('/').Split('/');
        foreach (var route in Routes)
        {
            if (string.Equals(route.Method, method, StringComparison.OrdinalIgnoreCase) && route.TryMatch(segments, out id))
            {
                var at = Array.IndexOf(route.Template.Trim('/').Split('/'), "{token}");
                token = at >= 0 ? Uri.UnescapeDataString(segments[at]) : null;
                return route;
            }
        }
        return null;
    }
}

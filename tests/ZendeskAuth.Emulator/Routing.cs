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

    /// <summary>The authenticated user; null only on <see cref="Access.Public"/> routes and for the anonymous user.</summary>
    public EmulatorUser? User => Auth.User;

    /// <summary>Scheme and host the client used, e.g. "https://127.0.0.1:5001/": paging links point back at it, as Zendesk's
    /// point at the subdomain the client called.</summary>
    public string BaseUrl => $"{Http.Request.Scheme}://{Http.Request.Host}/";

    public IQueryCollection Query => Http.Request.Query;
}

/// <param name="Template">Path without the optional ".json" suffix; "{id}" matches a 64-bit integer.</param>
/// <param name="ScopeResource">OAuth resource name for scope checks (e.g. "tickets" for tickets:read); null = only read/write count.</param>
/// <param name="IsList">List endpoints also carry the ratelimit-limit / ratelimit-remaining / ratelimit-reset headers.</param>
internal sealed record Route(string Method, string Template, Access Access, string? ScopeResource, bool IsList, Func<RequestContext, ApiResponse> Handler)
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
            else if (!string.Equals(_segments[i], path[i], StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }
}

/// <summary>The route table.</summary>
internal static class Router
{
    private static readonly Route[] Routes =
    [
        new("GET", "/api/v2/users/me", Access.AnonymousAllowed, "users", false, Users.Me),
        new("GET", "/api/v2/users/{id}", Access.Authenticated, "users", false, Users.Show),

        new("GET", "/api/v2/tickets", Access.Authenticated, "tickets", true, Tickets.List),
        new("POST", "/api/v2/tickets", Access.Authenticated, "tickets", false, Tickets.Create),
        new("GET", "/api/v2/tickets/{id}", Access.Authenticated, "tickets", false, Tickets.Show),
        new("PUT", "/api/v2/tickets/{id}", Access.Authenticated, "tickets", false, Tickets.Update),
        new("DELETE", "/api/v2/tickets/{id}", Access.Authenticated, "tickets", false, Tickets.Delete),

        new("GET", "/api/v2/incremental/tickets/cursor", Access.Authenticated, "tickets", true, Incremental.TicketsCursor),

        new("GET", "/api/v2/audit_logs", Access.Authenticated, "auditlogs", true, AuditLogs.List),

        // Account settings: no scope resource is documented for them: read (GET) or write (PUT). [guess]
        new("GET", "/api/v2/account/settings", Access.Authenticated, null, false, AccountSettings.Show),
        new("PUT", "/api/v2/account/settings", Access.Authenticated, null, false, AccountSettings.Update),

        // OAuth clients and tokens APIs. Zendesk names no scope resource for them: read (GET) or write (others). [guess]
        new("GET", "/api/v2/oauth/clients", Access.Authenticated, null, true, OAuthClientsApi.List),
        new("POST", "/api/v2/oauth/clients", Access.Authenticated, null, false, OAuthClientsApi.Create),
        new("GET", "/api/v2/oauth/clients/{id}", Access.Authenticated, null, false, OAuthClientsApi.Show),
        new("PUT", "/api/v2/oauth/clients/{id}", Access.Authenticated, null, false, OAuthClientsApi.Update),
        new("DELETE", "/api/v2/oauth/clients/{id}", Access.Authenticated, null, false, OAuthClientsApi.Delete),
        new("PUT", "/api/v2/oauth/clients/{id}/generate_secret", Access.Authenticated, null, false, OAuthClientsApi.GenerateSecret),

        new("GET", "/api/v2/oauth/tokens", Access.Authenticated, null, true, OAuthTokensApi.List),
        new("POST", "/api/v2/oauth/tokens", Access.Authenticated, null, false, OAuthTokensApi.Create),
        new("GET", "/api/v2/oauth/tokens/current", Access.Authenticated, null, false, OAuthTokensApi.ShowCurrent),
        new("DELETE", "/api/v2/oauth/tokens/current", Access.Authenticated, null, false, OAuthTokensApi.RevokeCurrent),
        new("GET", "/api/v2/oauth/tokens/{id}", Access.Authenticated, null, false, OAuthTokensApi.Show),
        new("DELETE", "/api/v2/oauth/tokens/{id}", Access.Authenticated, null, false, OAuthTokensApi.Revoke),

        // The OAuth grant endpoints take no API credentials (the client authenticates with client_id/client_secret).
        new("GET", "/oauth/authorizations/new", Access.Public, null, false, OAuthAuthorize.New),
        new("POST", "/oauth/tokens", Access.Public, null, false, OAuthTokenGrant.Post),

        new("POST", "/api/v2/emulator/echo", Access.Public, null, false, Echo.Post),
    ];

    /// <summary>The route for <paramref name="method"/> and <paramref name="path"/>; null → 404 InvalidEndpoint
    /// (also for a known path with another method — [guess]).</summary>
    public static Route? Match(string method, string path, out long id)
    {
        id = 0;
        if (path.EndsWith(".json", StringComparison.Ordinal))
            path = path[..^".json".Length];
        var segments = path.Trim('/').Split('/');
        foreach (var route in Routes)
        {
            if (string.Equals(route.Method, method, StringComparison.OrdinalIgnoreCase) && route.TryMatch(segments, out id))
                return route;
        }
        return null;
    }
}

namespace ZendeskAuth.Emulator.Endpoints;

/// <summary>https://developer.zendesk.com/api-reference/ticketing/account-configuration/audit_logs/ — admins only (Enterprise).</summary>
internal static class AuditLogs
{
    /// <summary>GET /api/v2/audit_logs.json — an empty list for admins; everyone else gets the object-shaped 403.</summary>
    public static ApiResponse List(RequestContext rc) =>
        rc.User!.Role != Roles.Admin
            ? ApiResponse.Forbidden()
            : ApiResponse.Json(200, """{"audit_logs":[],"next_page":null,"previous_page":null,"count":0}""");
}

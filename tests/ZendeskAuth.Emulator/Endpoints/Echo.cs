namespace ZendeskAuth.Emulator.Endpoints;

/// <summary>EMULATOR-ONLY, not a Zendesk endpoint: lets tests check what a client puts on the wire.</summary>
internal static class Echo
{
    /// <summary>POST /api/v2/emulator/echo — 200 with the request body, byte for byte, and the request's Content-Type
    /// (JSON if none). No credentials needed.</summary>
    public static ApiResponse Post(RequestContext rc) =>
        ApiResponse.Raw(200, rc.Body, rc.Http.Request.ContentType ?? ApiResponse.JsonContentType);
}

using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Primitives;

namespace ZendeskAuth.Emulator.Endpoints;

/// <summary>https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/ — agents and admins only.</summary>
internal static class Tickets
{
    public const int MaxPageSize = 100;

    /// <summary>Offset paging stops at 10,000 records (page * per_page):
    /// https://support.zendesk.com/hc/en-us/articles/5591904358938</summary>
    public const int MaxOffsetRecords = 10_000;

    /// <summary>GET /api/v2/tickets.json — cursor paging when page[size] (or page[after]/page[before]) is given, else offset paging.
    /// https://developer.zendesk.com/api-reference/introduction/pagination/</summary>
    public static ApiResponse List(RequestContext rc)
    {
        if (!rc.User!.IsAgentOrAdmin)
            return ApiResponse.Forbidden(); // "Allowed for: Agents"; [guess] at the body
        var q = rc.Query;
        var cursorPaging = q.ContainsKey("page[size]") || q.ContainsKey("page[after]") || q.ContainsKey("page[before]");
        return cursorPaging ? CursorPage(rc) : OffsetPage(rc);
    }

    private static ApiResponse OffsetPage(RequestContext rc)
    {
        var store = rc.Emulator.Tickets;
        // [guess] per_page above 100 is clamped to 100 (no error documented); invalid numbers fall back to the default.
        var perPage = Math.Clamp(ParseInt(rc.Query["per_page"], MaxPageSize), 1, MaxPageSize);
        var page = Math.Max(1, ParseInt(rc.Query["page"], 1));
        if ((long)page * perPage > MaxOffsetRecords)
            return ApiResponse.Json(400, ZendeskErrors.InvalidPaginationDepth);

        var count = store.Count;
        var ids = new List<long>(perPage);
        if (store.AtIndex((long)(page - 1) * perPage) is { } first)
        {
            ids.Add(first);
            ids.AddRange(store.Forward(first, perPage - 1));
        }
        var hasNext = (long)page * perPage < count;
        var include = Exports.IncludesUsers(rc) ? "&include=users" : "";
        string PageUrl(int p) => $"{rc.BaseUrl}api/v2/tickets.json?page={p}&per_page={perPage}{include}";

        return ApiResponse.Json(200, JsonText.Build(w =>
        {
            w.WriteStartObject();
            WriteTickets(w, rc, ids);
            if (Exports.IncludesUsers(rc))
                WriteSideloadedUsers(w, rc, ids);
            WriteUrlOrNull(w, "next_page", hasNext ? PageUrl(page + 1) : null);
            WriteUrlOrNull(w, "previous_page", page > 1 ? PageUrl(page - 1) : null);
            w.WriteNumber("count", count);
            w.WriteEndObject();
        }));
    }

    private static ApiResponse CursorPage(RequestContext rc)
    {
        var store = rc.Emulator.Tickets;
        // [guess] page[size] above 100 is clamped to 100, like per_page.
        var size = Math.Clamp(ParseInt(rc.Query["page[size]"], MaxPageSize), 1, MaxPageSize);
        string? before = rc.Query["page[before]"];
        string? after = rc.Query["page[after]"];

        List<long> ids;
        bool hasMore;
        if (!string.IsNullOrEmpty(before))
        {
            if (!Cursor.TryDecode(before, out var beforeId))
                return ApiResponse.Json(400, ZendeskErrors.InvalidCursor);
            ids = store.Backward(beforeId, size);
            hasMore = ids.Count > 0 && store.Previous(ids[0]) is not null;
        }
        else
        {
            long afterId = 0;
            if (!string.IsNullOrEmpty(after) && !Cursor.TryDecode(after, out afterId))
                return ApiResponse.Json(400, ZendeskErrors.InvalidCursor);
            ids = store.Forward(afterId, size);
            hasMore = ids.Count > 0 && store.Next(ids[^1]) is not null;
        }

        var afterCursor = ids.Count > 0 ? Cursor.Encode(ids[^1]) : null;
        var beforeCursor = ids.Count > 0 ? Cursor.Encode(ids[0]) : null;
        // Links as Zendesk writes them: brackets and the cursor percent-encoded (page%5Bafter%5D=eyJ…%3D%3D).
        var include = Exports.IncludesUsers(rc) ? "include=users&" : "";
        var listUrl = $"{rc.BaseUrl}api/v2/tickets.json?{include}page%5Bsize%5D={size}";

        return ApiResponse.Json(200, JsonText.Build(w =>
        {
            w.WriteStartObject();
            WriteTickets(w, rc, ids);
            if (Exports.IncludesUsers(rc))
                WriteSideloadedUsers(w, rc, ids);
            w.WriteStartObject("meta");
            w.WriteBoolean("has_more", hasMore);
            WriteUrlOrNull(w, "after_cursor", afterCursor);
            WriteUrlOrNull(w, "before_cursor", beforeCursor);
            w.WriteEndObject();
            // links.next is present on the last page too (has_more false): stop on has_more, not on a missing link.
            // [guess] from memory of live responses; the docs only say "repeat until meta.has_more is false".
            w.WriteStartObject("links");
            WriteUrlOrNull(w, "prev", beforeCursor is null ? null : $"{listUrl}&page%5Bbefore%5D={Cursor.InLink(beforeCursor)}");
            WriteUrlOrNull(w, "next", afterCursor is null ? null : $"{listUrl}&page%5Bafter%5D={Cursor.InLink(afterCursor)}");
            w.WriteEndObject();
            w.WriteEndObject();
        }));
    }

    /// <summary>GET /api/v2/tickets/{id}.json</summary>
    public static ApiResponse Show(RequestContext rc)
    {
        if (!rc.User!.IsAgentOrAdmin)
            return ApiResponse.Forbidden();
        var store = rc.Emulator.Tickets;
        if (!store.Exists(rc.Id))
            return ApiResponse.RecordNotFound();
        return ApiResponse.Json(200, JsonText.Build(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("ticket");
            store.Write(w, rc.Id, rc.BaseUrl);
            w.WriteEndObject();
        }));
    }

    /// <summary>
    /// POST /api/v2/tickets.json with {"ticket":{"subject":…,"comment":{"body":…},…}} → 201 {"ticket":{…}}: every posted
    /// property echoed back verbatim (any depth), plus url, id, description (from the comment), defaults and timestamps.
    /// Without a comment → 422 "Description: cannot be blank".
    /// </summary>
    public static ApiResponse Create(RequestContext rc)
    {
        if (!rc.User!.IsAgentOrAdmin)
            return ApiResponse.Forbidden(); // end users create tickets through the Requests API
        if (!TryReadTicket(rc.Body, out var posted))
            return ApiResponse.Json(400, ZendeskErrors.InvalidJson);

        if (CommentBody(posted) is not { } body || string.IsNullOrWhiteSpace(JsonText.AsString(body)))
            return ApiResponse.Json(422, ZendeskErrors.DescriptionBlank);

        var json = rc.Emulator.Tickets.Create(posted, body, rc.User.Id, rc.Emulator.Clock.Now, rc.BaseUrl);
        return ApiResponse.Json(201, WrapTicket(json));
    }

    /// <summary>PUT /api/v2/tickets/{id}.json — merges the posted top-level ticket properties; 200 {"ticket":{…}}.</summary>
    public static ApiResponse Update(RequestContext rc)
    {
        if (!rc.User!.IsAgentOrAdmin)
            return ApiResponse.Forbidden();
        if (!rc.Emulator.Tickets.Exists(rc.Id))
            return ApiResponse.RecordNotFound();
        // The per-ticket update limit (30 updates of one ticket per 10 minutes per user): 429 as a text/html sentence
        // with Retry-After (recorded; ZENDESK_API_FACTS.md "Errors"). [guess] at the sentence's wording.
        var perTicket = rc.Emulator.TicketUpdateLimit.Acquire($"{rc.Id}/{rc.User.Id}");
        if (!perTicket.Allowed)
            return ApiResponse.Text(429, ZendeskErrors.TicketUpdateRateLimitExceeded, ZendeskErrors.HtmlContentType)
                .WithHeader("Retry-After", perTicket.ResetSeconds.ToString(CultureInfo.InvariantCulture));
        if (!TryReadTicket(rc.Body, out var posted))
            return ApiResponse.Json(400, ZendeskErrors.InvalidJson);
        var json = rc.Emulator.Tickets.Update(rc.Id, posted, rc.Emulator.Clock.Now, rc.BaseUrl);
        return json is null ? ApiResponse.RecordNotFound() : ApiResponse.Json(200, WrapTicket(json));
    }

    /// <summary>DELETE /api/v2/tickets/{id}.json — 204, no body.</summary>
    public static ApiResponse Delete(RequestContext rc)
    {
        if (!rc.User!.IsAgentOrAdmin)
            return ApiResponse.Forbidden();
        return rc.Emulator.Tickets.Delete(rc.Id) ? ApiResponse.NoContent() : ApiResponse.RecordNotFound();
    }

    internal static void WriteTickets(Utf8JsonWriter w, RequestContext rc, List<long> ids)
    {
        w.WriteStartArray("tickets");
        foreach (var id in ids)
            rc.Emulator.Tickets.Write(w, id, rc.BaseUrl);
        w.WriteEndArray();
    }

    /// <summary>
    /// The side-load of include=users: the users the page's tickets name (requesters), each once, beside the tickets
    /// (https://developer.zendesk.com/documentation/ticketing/using-the-zendesk-api/side_loading/).
    /// </summary>
    internal static void WriteSideloadedUsers(Utf8JsonWriter w, RequestContext rc, IEnumerable<long> ticketIds)
    {
        var ids = ticketIds.Select(id => id % 3 == 0 ? DemoCredentials.EndUserId : DemoCredentials.UnverifiedUserId).Distinct().Order();
        w.WriteStartArray("users");
        foreach (var id in ids)
        {
            if (rc.Emulator.Account.FindUserById(id) is { } user)
                Users.Write(w, user, rc.BaseUrl);
        }
        w.WriteEndArray();
    }

    internal static void WriteUrlOrNull(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name);
        else w.WriteString(name, value);
    }

    internal static int ParseInt(StringValues value, int fallback) =>
        int.TryParse(value.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : fallback;

    /// <summary>The properties of the body's "ticket" object; false if the body is not a JSON object.
    /// A body without a "ticket" object yields no properties.</summary>
    private static bool TryReadTicket(byte[] body, out List<RawProperty> ticket)
    {
        ticket = [];
        if (!JsonText.TryReadObject(body, out var root))
            return false;
        if (JsonText.Find(root, "ticket") is { } t && JsonText.IsObject(t.Value))
            return JsonText.TryReadObject(t.Value, out ticket);
        return true;
    }

    /// <summary>ticket.comment.body (or html_body) as raw JSON, or null.</summary>
    private static byte[]? CommentBody(List<RawProperty> ticket)
    {
        if (JsonText.Find(ticket, "comment") is not { } comment || !JsonText.IsObject(comment.Value)
            || !JsonText.TryReadObject(comment.Value, out var properties))
            return null;
        return (JsonText.Find(properties, "body") ?? JsonText.Find(properties, "html_body"))?.Value;
    }

    private static byte[] WrapTicket(byte[] ticketJson) => JsonText.Build(w =>
    {
        w.WriteStartObject();
        w.WritePropertyName("ticket");
        w.WriteRawValue(ticketJson, skipInputValidation: true);
        w.WriteEndObject();
    });
}

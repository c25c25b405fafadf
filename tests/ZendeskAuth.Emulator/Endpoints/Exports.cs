using System.Globalization;
using System.Text.Json;

namespace ZendeskAuth.Emulator.Endpoints;

/// <summary>
/// Incremental exports other than the cursor ticket export (<see cref="Incremental"/>):
/// https://developer.zendesk.com/documentation/ticketing/managing-tickets/using-the-incremental-export-api
/// <list type="bullet">
/// <item>time-based (IncrementalTicketExportTime, IncrementalUserExportTime, IncrementalOrganizationExport):
///   <c>{"&lt;records&gt;":[…],"next_page","count","end_time","end_of_stream"}</c>. The last page still has a
///   next_page (for the next run); a page holds every record with its last record's timestamp, so it can hold more
///   than per_page asked; stop at end_of_stream: true;</item>
/// <item>cursor-based users (IncrementalUserExportCursor): after_url, after_cursor, before_url/before_cursor (null,
///   as recorded), end_of_stream;</item>
/// <item>Talk's calls (Talk API, not in the Support OpenAPI file): time-based, no end_of_stream, and the last page's
///   next_page is the page itself (recorded).</item>
/// </list>
/// Every export counts against the incremental exports' own limit (10 a minute), applied by the router.
/// Simplifications: the one-minute exclusion of recent changes is not emulated; end_time is the last record's
/// timestamp + 1 [guess] (Zendesk's example shows next_page's start_time equal to end_time).
/// </summary>
internal static class Exports
{
    public const int MaxPerPage = 1000;

    private readonly record struct Item(long Timestamp, long Id, Action<Utf8JsonWriter> Write);

    /// <summary>GET /api/v2/incremental/tickets.json?start_time= (IncrementalTicketExportTime).</summary>
    public static ApiResponse TicketsTime(RequestContext rc)
    {
        if (rc.User!.Role != Roles.Admin)
            return ApiResponse.Forbidden();
        if (StartTime(rc) is not { } start)
            return ApiResponse.Json(400, ZendeskErrors.StartTimeMissing);
        var store = rc.Emulator.Tickets;
        var perPage = PerPage(rc);
        // Generated tickets' updated_at grows with the id: read from the first one at or after start_time.
        var first = TicketStore.FirstIdUpdatedAtOrAfter(DateTimeOffset.FromUnixTimeSeconds(start));
        var ids = store.Forward(first - 1, perPage + 1);
        var items = ids.Select(id => new Item(TicketTimestamp(id), id, w => store.Write(w, id, rc.BaseUrl))).ToList();
        return TimePage(rc, "tickets", "api/v2/incremental/tickets.json", start, perPage, items, sideloadUsers: true);
    }

    /// <summary>GET /api/v2/incremental/users.json?start_time= (IncrementalUserExportTime).</summary>
    public static ApiResponse UsersTime(RequestContext rc)
    {
        if (rc.User!.Role != Roles.Admin)
            return ApiResponse.Forbidden();
        if (StartTime(rc) is not { } start)
            return ApiResponse.Json(400, ZendeskErrors.StartTimeMissing);
        var items = UserItems(rc).Where(i => i.Timestamp >= start).ToList();
        return TimePage(rc, "users", "api/v2/incremental/users.json", start, PerPage(rc), items, sideloadUsers: false);
    }

    /// <summary>GET /api/v2/incremental/organizations.json?start_time= (IncrementalOrganizationExport).</summary>
    public static ApiResponse OrganizationsTime(RequestContext rc)
    {
        if (rc.User!.Role != Roles.Admin)
            return ApiResponse.Forbidden();
        if (StartTime(rc) is not { } start)
            return ApiResponse.Json(400, ZendeskErrors.StartTimeMissing);
        var count = rc.Emulator.Options.OrganizationCount;
        var items = Enumerable.Range(1, count).Select(i => (long)i)
            .Select(id => new Item(OrganizationTimestamp(id), id, w => Organizations.Write(w, id, rc.BaseUrl)))
            .Where(i => i.Timestamp >= start).ToList();
        return TimePage(rc, "organizations", "api/v2/incremental/organizations.json", start, PerPage(rc), items, sideloadUsers: false);
    }

    /// <summary>
    /// GET /api/v2/incremental/users/cursor.json?start_time= then ?cursor= (IncrementalUserExportCursor).
    /// before_url and before_cursor are null on every page, as recorded answers have them.
    /// </summary>
    public static ApiResponse UsersCursor(RequestContext rc)
    {
        if (rc.User!.Role != Roles.Admin)
            return ApiResponse.Forbidden();
        var items = UserItems(rc);
        long position;
        string? cursor = rc.Query["cursor"];
        if (!string.IsNullOrEmpty(cursor))
        {
            if (!Cursor.TryDecode(cursor, out position))
                return ApiResponse.Json(400, ZendeskErrors.InvalidCursor);
        }
        else if (StartTime(rc) is { } start)
        {
            position = items.TakeWhile(i => i.Timestamp < start).Count();
        }
        else
        {
            return ApiResponse.Json(400, ZendeskErrors.StartTimeMissing);
        }
        var perPage = PerPage(rc);
        var page = items.Skip((int)Math.Min(position, items.Count)).Take(perPage).ToList();
        var next = Math.Min(position + page.Count, items.Count);
        var endOfStream = next >= items.Count;
        var afterCursor = Cursor.Encode(next);
        var perPageParameter = rc.Query.ContainsKey("per_page") ? $"&per_page={perPage}" : ""; // [guess] carried along
        return ApiResponse.Json(200, JsonText.Build(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("users");
            foreach (var item in page)
                item.Write(w);
            w.WriteEndArray();
            w.WriteString("after_url", $"{rc.BaseUrl}api/v2/incremental/users/cursor.json?cursor={Uri.EscapeDataString(afterCursor)}{perPageParameter}");
            w.WriteString("after_cursor", afterCursor);
            w.WriteNull("before_url");
            w.WriteNull("before_cursor");
            w.WriteBoolean("end_of_stream", endOfStream);
            w.WriteEndObject();
        }));
    }

    /// <summary>
    /// GET /api/v2/channels/voice/stats/incremental/calls.json?start_time= — Talk API
    /// (https://developer.zendesk.com/api-reference/voice/talk-api/incremental_exports/). [guess] at most fields of a call;
    /// recorded: no end_of_stream, and the last page's next_page is the URL of the page itself.
    /// </summary>
    public static ApiResponse TalkCalls(RequestContext rc)
    {
        if (rc.User!.Role != Roles.Admin)
            return ApiResponse.Forbidden();
        if (StartTime(rc) is not { } start)
            return ApiResponse.Json(400, ZendeskErrors.StartTimeMissing);
        var perPage = PerPage(rc);
        var calls = Enumerable.Range(1, rc.Emulator.Options.TalkCallCount).Select(i => (long)i)
            .Where(id => CallTimestamp(id) >= start).ToList();
        var page = calls.Take(perPage).ToList();
        var more = calls.Count > page.Count;
        var endTime = page.Count > 0 ? CallTimestamp(page[^1]) + 1 : start;
        var self = rc.BaseUrl + (rc.Http.Request.Path.Value ?? "").TrimStart('/') + rc.Http.Request.QueryString.Value;
        var perPageParameter = rc.Query.ContainsKey("per_page") ? $"&per_page={perPage}" : "";
        return ApiResponse.Json(200, JsonText.Build(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("calls");
            foreach (var id in page)
                WriteCall(w, id);
            w.WriteEndArray();
            w.WriteString("next_page", more
                ? $"{rc.BaseUrl}api/v2/channels/voice/stats/incremental/calls.json?start_time={endTime.ToString(CultureInfo.InvariantCulture)}{perPageParameter}"
                : self);
            w.WriteNumber("count", page.Count);
            w.WriteNumber("end_time", endTime);
            w.WriteEndObject();
        }));
    }

    /// <summary>A time-based page: per_page records, plus every further record sharing the last one's timestamp.</summary>
    private static ApiResponse TimePage(RequestContext rc, string collection, string path, long start, int perPage, List<Item> items, bool sideloadUsers)
    {
        var page = items.Take(perPage).ToList();
        while (page.Count < items.Count && page.Count > 0 && items[page.Count].Timestamp == page[^1].Timestamp)
            page.Add(items[page.Count]);
        var endOfStream = page.Count == items.Count;
        var endTime = page.Count > 0 ? page[^1].Timestamp + 1 : start;
        var perPageParameter = rc.Query.ContainsKey("per_page") ? $"&per_page={perPage}" : "";
        var include = IncludesUsers(rc) && sideloadUsers ? "&include=users" : "";
        return ApiResponse.Json(200, JsonText.Build(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray(collection);
            foreach (var item in page)
                item.Write(w);
            w.WriteEndArray();
            if (include.Length > 0)
                Tickets.WriteSideloadedUsers(w, rc, page.Select(i => i.Id));
            // The last page still names the next one: where the next run starts.
            w.WriteString("next_page", $"{rc.BaseUrl}{path}?start_time={endTime.ToString(CultureInfo.InvariantCulture)}{perPageParameter}{include}");
            w.WriteNumber("count", page.Count);
            w.WriteNumber("end_time", endTime);
            w.WriteBoolean("end_of_stream", endOfStream);
            w.WriteEndObject();
        }));
    }

    internal static bool IncludesUsers(RequestContext rc) =>
        rc.Query["include"].ToString().Split(',').Any(s => s.Trim() == "users");

    private static List<Item> UserItems(RequestContext rc) =>
        rc.Emulator.Account.Users
            .OrderBy(u => u.UpdatedAt).ThenBy(u => u.Id)
            .Select(u => new Item(u.UpdatedAt.ToUnixTimeSeconds(), u.Id, w => Users.Write(w, u, rc.BaseUrl)))
            .ToList();

    private static long? StartTime(RequestContext rc) =>
        long.TryParse(rc.Query["start_time"].ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var start) ? start : null;

    /// <summary>per_page, 1..1000 (default 1000). [guess] above 1000 is clamped.</summary>
    private static int PerPage(RequestContext rc) => Math.Clamp(Tickets.ParseInt(rc.Query["per_page"], MaxPerPage), 1, MaxPerPage);

    private static long TicketTimestamp(long id) => TicketStore.Epoch.AddMinutes(id + 30).ToUnixTimeSeconds();

    internal static long OrganizationTimestamp(long id) => TicketStore.Epoch.AddHours(id).ToUnixTimeSeconds();

    private static long CallTimestamp(long id) => TicketStore.Epoch.AddMinutes(id * 7).ToUnixTimeSeconds();

    private static void WriteCall(Utf8JsonWriter w, long id)
    {
        var at = JsonText.Timestamp(DateTimeOffset.FromUnixTimeSeconds(CallTimestamp(id)));
        w.WriteStartObject();
        w.WriteNumber("id", 9_000_000 + id);
        w.WriteString("created_at", at);
        w.WriteString("updated_at", at);
        w.WriteNumber("agent_id", DemoCredentials.AgentUserId);
        w.WriteNumber("customer_id", DemoCredentials.EndUserId);
        w.WriteString("direction", id % 2 == 0 ? "outbound" : "inbound");
        w.WriteNumber("duration", 60 + id);
        w.WriteString("completion_status", "completed");
        w.WriteNumber("ticket_id", id);
        w.WriteNumber("wait_time", 5);
        w.WriteNumber("hold_time", 0);
        w.WriteNumber("talk_time", 55 + id);
        w.WriteNumber("wrap_up_time", 0);
        w.WriteBoolean("voicemail", false);
        w.WriteString("phone_number", "+15551234567");
        w.WriteEndObject();
    }
}

/// <summary>The organization data set: ids 1..OrganizationCount, generated from the id (OrganizationObject's fields).</summary>
internal static class Organizations
{
    public static void Write(Utf8JsonWriter w, long id, string baseUrl)
    {
        var at = JsonText.Timestamp(DateTimeOffset.FromUnixTimeSeconds(Exports.OrganizationTimestamp(id)));
        w.WriteStartObject();
        w.WriteString("url", $"{baseUrl}api/v2/organizations/{id}.json");
        w.WriteNumber("id", id);
        w.WriteString("name", $"Organization {id}");
        w.WriteBoolean("shared_tickets", false);
        w.WriteBoolean("shared_comments", false);
        w.WriteNull("external_id");
        w.WriteString("created_at", at);
        w.WriteString("updated_at", at);
        w.WriteStartArray("domain_names");
        w.WriteStringValue($"org{id}.example.com");
        w.WriteEndArray();
        w.WriteString("details", "");
        w.WriteString("notes", "");
        w.WriteNull("group_id");
        w.WriteStartArray("tags");
        w.WriteEndArray();
        w.WriteStartObject("organization_fields");
        w.WriteEndObject();
        w.WriteEndObject();
    }
}

using System.Globalization;

namespace ZendeskAuth.Emulator.Endpoints;

/// <summary>
/// Cursor-based incremental ticket export over the ticket data set:
/// https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/
/// </summary>
internal static class Incremental
{
    public const int MaxPerPage = 1000;

    /// <summary>
    /// GET /api/v2/incremental/tickets/cursor.json?start_time={unix seconds} then ?cursor={after_cursor} →
    /// {"tickets":[…],"after_url","after_cursor","before_url","before_cursor","end_of_stream"}.
    /// Stop at end_of_stream: true; keep after_cursor to resume later (it is never null).
    /// Simplifications: tickets come in id order (generated tickets' updated_at grows with the id; updated ones are not
    /// re-sent); the "exclude the last minute" rule is not emulated. The 10-requests-a-minute limit is the router's.
    /// </summary>
    public static ApiResponse TicketsCursor(RequestContext rc)
    {
        if (rc.User!.Role != Roles.Admin)
            return ApiResponse.Forbidden(); // "Allowed for: Admins"
        var store = rc.Emulator.Tickets;
        // [guess] per_page above 1000 is clamped.
        var perPage = Math.Clamp(Tickets.ParseInt(rc.Query["per_page"], MaxPerPage), 1, MaxPerPage);

        string? cursor = rc.Query["cursor"];
        string? startTime = rc.Query["start_time"];
        long position;
        if (!string.IsNullOrEmpty(cursor))
        {
            if (!Cursor.TryDecode(cursor, out position))
                return ApiResponse.Json(400, ZendeskErrors.InvalidCursor);
        }
        else if (long.TryParse(startTime, NumberStyles.Integer, CultureInfo.InvariantCulture, out var unixSeconds))
        {
            position = TicketStore.FirstIdUpdatedAtOrAfter(DateTimeOffset.FromUnixTimeSeconds(unixSeconds)) - 1;
        }
        else
        {
            return ApiResponse.Json(400, ZendeskErrors.StartTimeMissing);
        }

        var ids = store.Forward(position, perPage);
        var last = ids.Count > 0 ? ids[^1] : position;
        var endOfStream = store.Next(last) is null;
        var afterCursor = Cursor.Encode(last);
        // before_url and before_cursor are null on every page, as recorded answers have them (also after page 1).
        string? beforeCursor = null;
        // [guess] an explicit per_page is carried into after_url/before_url.
        var perPageParameter = rc.Query.ContainsKey("per_page") ? $"&per_page={perPage}" : "";
        var include = Exports.IncludesUsers(rc) ? "&include=users" : "";
        string Url(string c) => $"{rc.BaseUrl}api/v2/incremental/tickets/cursor.json?cursor={Cursor.InLink(c)}{perPageParameter}{include}";

        return ApiResponse.Json(200, JsonText.Build(w =>
        {
            w.WriteStartObject();
            Tickets.WriteTickets(w, rc, ids);
            if (include.Length > 0)
                Tickets.WriteSideloadedUsers(w, rc, ids);
            w.WriteString("after_url", Url(afterCursor));
            w.WriteString("after_cursor", afterCursor);
            Tickets.WriteUrlOrNull(w, "before_url", beforeCursor is null ? null : Url(beforeCursor));
            Tickets.WriteUrlOrNull(w, "before_cursor", beforeCursor);
            w.WriteBoolean("end_of_stream", endOfStream);
            w.WriteEndObject();
        }));
    }
}

using System.Net;
using System.Text.Json;

namespace ZendeskAuth.Emulator.Endpoints;

/// <summary>
/// Search over the ticket data set (every query matches every ticket: the emulator has no query engine).
/// https://developer.zendesk.com/api-reference/ticketing/ticket-management/search/
/// </summary>
internal static class Search
{
    /// <summary>
    /// GET /api/v2/search.json?query= (ListSearchResults): offset paging, at most 100 a page, and no further than
    /// <see cref="EmulatorOptions.SearchResultCap"/> results (1,000): page 11 at 100 a page answers 422. As recorded,
    /// page 10 still names page 11 in next_page; count is the full number of matches.
    /// </summary>
    public static ApiResponse List(RequestContext rc)
    {
        if (!rc.User!.IsAgentOrAdmin)
            return ApiResponse.Forbidden();
        var query = rc.Query["query"].ToString();
        if (string.IsNullOrWhiteSpace(query))
            return ApiResponse.Json(400, ZendeskErrors.SearchQueryMissing);
        var store = rc.Emulator.Tickets;
        var perPage = Math.Clamp(Tickets.ParseInt(rc.Query["per_page"], Tickets.MaxPageSize), 1, Tickets.MaxPageSize);
        var page = Math.Max(1, Tickets.ParseInt(rc.Query["page"], 1));
        if ((long)(page - 1) * perPage >= rc.Emulator.SearchResultCap)
            return ApiResponse.Json(422, ZendeskErrors.SearchResultLimit);

        var ids = new List<long>();
        if (store.AtIndex((long)(page - 1) * perPage) is { } first)
        {
            ids.Add(first);
            ids.AddRange(store.Forward(first, perPage - 1));
        }
        var count = store.Count;
        string PageUrl(int p) => $"{rc.BaseUrl}api/v2/search.json?page={p}&per_page={perPage}&query={WebUtility.UrlEncode(query)}";
        return ApiResponse.Json(200, JsonText.Build(w =>
        {
            w.WriteStartObject();
            WriteResults(w, rc, ids);
            w.WriteNull("facets");
            Tickets.WriteUrlOrNull(w, "next_page", (long)page * perPage < count ? PageUrl(page + 1) : null);
            Tickets.WriteUrlOrNull(w, "previous_page", page > 1 ? PageUrl(page - 1) : null);
            w.WriteNumber("count", count);
            w.WriteEndObject();
        }));
    }

    /// <summary>
    /// GET /api/v2/search/export.json?query=&amp;filter[type]=ticket (ExportSearchResults): cursor paging with no cap,
    /// page[size] up to 1000 (default 100 [guess]); links.prev is always null; no count. Links use "+" for spaces
    /// and percent-encoded brackets and cursors (facts file).
    /// </summary>
    public static ApiResponse Export(RequestContext rc)
    {
        if (!rc.User!.IsAgentOrAdmin)
            return ApiResponse.Forbidden();
        var query = rc.Query["query"].ToString();
        if (string.IsNullOrWhiteSpace(query))
            return ApiResponse.Json(400, ZendeskErrors.SearchQueryMissing);
        var type = rc.Query["filter[type]"].ToString();
        if (string.IsNullOrWhiteSpace(type))
            return ApiResponse.Json(400, ZendeskErrors.SearchFilterTypeMissing);
        var size = Math.Clamp(Tickets.ParseInt(rc.Query["page[size]"], 100), 1, 1000);
        long afterId = 0;
        string? after = rc.Query["page[after]"];
        if (!string.IsNullOrEmpty(after) && !Cursor.TryDecode(after, out afterId))
            return ApiResponse.Json(400, ZendeskErrors.InvalidCursor);
        var store = rc.Emulator.Tickets;
        var ids = type == "ticket" ? store.Forward(afterId, size) : [];
        var hasMore = ids.Count > 0 && store.Next(ids[^1]) is not null;
        var afterCursor = ids.Count > 0 ? Cursor.Encode(ids[^1]) : null;
        var next = hasMore
            ? $"{rc.BaseUrl}api/v2/search/export.json?filter%5Btype%5D={WebUtility.UrlEncode(type)}&page%5Bafter%5D={Cursor.InLink(afterCursor!)}&page%5Bsize%5D={size}&query={WebUtility.UrlEncode(query)}"
            : null;
        return ApiResponse.Json(200, JsonText.Build(w =>
        {
            w.WriteStartObject();
            WriteResults(w, rc, ids);
            w.WriteNull("facets");
            w.WriteStartObject("meta");
            w.WriteBoolean("has_more", hasMore);
            Tickets.WriteUrlOrNull(w, "after_cursor", afterCursor);
            w.WriteNull("before_cursor");
            w.WriteEndObject();
            w.WriteStartObject("links");
            w.WriteNull("prev");
            Tickets.WriteUrlOrNull(w, "next", next);
            w.WriteEndObject();
            w.WriteEndObject();
        }));
    }

    /// <summary>"results": tickets, each with result_type "ticket" (SearchResultObject).</summary>
    private static void WriteResults(Utf8JsonWriter w, RequestContext rc, List<long> ids)
    {
        w.WriteStartArray("results");
        foreach (var id in ids)
        {
            var ticket = rc.Emulator.Tickets.ToJson(id, rc.BaseUrl);
            if (!JsonText.TryReadObject(ticket, out var properties))
                continue;
            properties.Add(new RawProperty("result_type", JsonText.Raw("ticket")));
            JsonText.WriteObject(w, properties);
        }
        w.WriteEndArray();
    }
}

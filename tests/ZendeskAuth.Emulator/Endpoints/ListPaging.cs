using System.Text.Json;

namespace ZendeskAuth.Emulator.Endpoints;

/// <summary>
/// Cursor and offset paging over a small in-memory list ordered by id, shaped like <see cref="Tickets.List"/>:
/// https://developer.zendesk.com/api-reference/introduction/pagination/ ("Returns a maximum of 100 records per page").
/// </summary>
internal static class ListPaging
{
    private static readonly string[] PagingKeys = ["page", "per_page", "page[size]", "page[after]", "page[before]"];

    /// <param name="collection">The array's name, e.g. "clients".</param>
    /// <param name="path">The list's path without ".json", e.g. "api/v2/oauth/clients".</param>
    public static ApiResponse Page<T>(RequestContext rc, string collection, string path, IReadOnlyList<T> items, Func<T, long> idOf,
        Action<Utf8JsonWriter, T> write)
    {
        var q = rc.Query;
        var cursorPaging = q.ContainsKey("page[size]") || q.ContainsKey("page[after]") || q.ContainsKey("page[before]");
        // Other query parameters (client_id, all) are carried into the links. [guess]
        var carried = string.Concat(q.Where(p => !PagingKeys.Contains(p.Key))
            .Select(p => $"&{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value.ToString())}"));
        return cursorPaging ? CursorPage(rc, collection, path, items, idOf, write, carried) : OffsetPage(rc, collection, path, items, write, carried);
    }

    private static ApiResponse OffsetPage<T>(RequestContext rc, string collection, string path, IReadOnlyList<T> items,
        Action<Utf8JsonWriter, T> write, string carried)
    {
        // [guess] per_page above 100 is clamped, as for tickets.
        var perPage = Math.Clamp(Tickets.ParseInt(rc.Query["per_page"], Tickets.MaxPageSize), 1, Tickets.MaxPageSize);
        var page = Math.Max(1, Tickets.ParseInt(rc.Query["page"], 1));
        if ((long)page * perPage > Tickets.MaxOffsetRecords)
            return ApiResponse.Json(400, ZendeskErrors.InvalidPaginationDepth);
        var slice = items.Skip((page - 1) * perPage).Take(perPage).ToArray();
        var hasNext = (long)page * perPage < items.Count;
        string PageUrl(int p) => $"{rc.BaseUrl}{path}.json?page={p}&per_page={perPage}{carried}";

        return ApiResponse.Json(200, JsonText.Build(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray(collection);
            foreach (var item in slice)
                write(w, item);
            w.WriteEndArray();
            Tickets.WriteUrlOrNull(w, "next_page", hasNext ? PageUrl(page + 1) : null);
            Tickets.WriteUrlOrNull(w, "previous_page", page > 1 ? PageUrl(page - 1) : null);
            w.WriteNumber("count", items.Count);
            w.WriteEndObject();
        }));
    }

    private static ApiResponse CursorPage<T>(RequestContext rc, string collection, string path, IReadOnlyList<T> items, Func<T, long> idOf,
        Action<Utf8JsonWriter, T> write, string carried)
    {
        var size = Math.Clamp(Tickets.ParseInt(rc.Query["page[size]"], Tickets.MaxPageSize), 1, Tickets.MaxPageSize);
        string? before = rc.Query["page[before]"];
        string? after = rc.Query["page[after]"];

        T[] slice;
        bool hasMore;
        if (!string.IsNullOrEmpty(before))
        {
            if (!Cursor.TryDecode(before, out var beforeId))
                return ApiResponse.Json(400, ZendeskErrors.InvalidCursor);
            var earlier = items.Where(i => idOf(i) < beforeId).ToArray();
            slice = earlier.Skip(Math.Max(0, earlier.Length - size)).ToArray();
            hasMore = earlier.Length > slice.Length;
        }
        else
        {
            long afterId = long.MinValue;
            if (!string.IsNullOrEmpty(after) && !Cursor.TryDecode(after, out afterId))
                return ApiResponse.Json(400, ZendeskErrors.InvalidCursor);
            var later = items.Where(i => idOf(i) > afterId).ToArray();
            slice = later.Take(size).ToArray();
            hasMore = later.Length > slice.Length;
        }

        var afterCursor = slice.Length > 0 ? Cursor.Encode(idOf(slice[^1])) : null;
        var beforeCursor = slice.Length > 0 ? Cursor.Encode(idOf(slice[0])) : null;
        var listUrl = $"{rc.BaseUrl}{path}.json?page%5Bsize%5D={size}{carried}";

        return ApiResponse.Json(200, JsonText.Build(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray(collection);
            foreach (var item in slice)
                write(w, item);
            w.WriteEndArray();
            w.WriteStartObject("meta");
            w.WriteBoolean("has_more", hasMore);
            Tickets.WriteUrlOrNull(w, "after_cursor", afterCursor);
            Tickets.WriteUrlOrNull(w, "before_cursor", beforeCursor);
            w.WriteEndObject();
            w.WriteStartObject("links");
            Tickets.WriteUrlOrNull(w, "prev", beforeCursor is null ? null : $"{listUrl}&page%5Bbefore%5D={Cursor.InLink(beforeCursor)}");
            Tickets.WriteUrlOrNull(w, "next", afterCursor is null ? null : $"{listUrl}&page%5Bafter%5D={Cursor.InLink(afterCursor)}");
            w.WriteEndObject();
            w.WriteEndObject();
        }));
    }
}

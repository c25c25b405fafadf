using System.Text.Json;
using ZendeskAuth.Json;

namespace ZendeskAuth.Http;

/// <summary>
/// Reads Zendesk's three paging styles from a page: https://developer.zendesk.com/api-reference/introduction/pagination/
/// cursor (<c>meta.has_more</c> and <c>links.next</c>), offset (<c>next_page</c>), and incremental exports
/// (<c>end_of_stream</c> and <c>after_url</c>).
/// </summary>
internal static class Pagination
{
    private static readonly string[] s_pagingProperties = { "meta", "links" };

    /// <summary>The next page's URL as the page names it, or null at the end.</summary>
    public static string? NextPage(JsonElement page)
    {
        if (page.TryGetProperty("meta", out var meta) && meta.ValueKind == JsonValueKind.Object && ZendeskJson.Boolean(meta, "has_more") is { } hasMore)
        {
            // Cursor paging: has_more decides; links.next may still be present on the last page.
            return hasMore && page.TryGetProperty("links", out var links) && links.ValueKind == JsonValueKind.Object ? ZendeskJson.String(links, "next") : null;
        }
        if (ZendeskJson.Boolean(page, "end_of_stream") is { } endOfStream)
        {
            return endOfStream ? null : ZendeskJson.String(page, "after_url");
        }
        return ZendeskJson.String(page, "next_page");
    }

    /// <summary>The page's collection: the array property that is not paging data (tickets, users, clients…).</summary>
    public static string? CollectionName(JsonElement page)
    {
        if (page.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        foreach (var property in page.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Array && System.Array.IndexOf(s_pagingProperties, property.Name) < 0)
            {
                return property.Name;
            }
        }
        return null;
    }
}

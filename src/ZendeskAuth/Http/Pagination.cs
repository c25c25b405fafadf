using System;
using System.Collections.Generic;
using System.Text.Json;
using ZendeskAuth.Json;

namespace ZendeskAuth.Http;

/// <summary>
/// Reads every paging shape Zendesk documents (https://developer.zendesk.com/api-reference/introduction/pagination/
/// and ../shared/zendesk-openapi.yaml), from the page itself:
/// <list type="bullet">
/// <item>cursor (<c>meta.has_more</c> + <c>links.next</c>): lists, <c>search/export.json</c> (ExportSearchResults);</item>
/// <item>offset (<c>next_page</c>, null at the end): lists, <c>search.json</c> (ListSearchResults);</item>
/// <item>cursor-based incremental exports (<c>after_url</c> + <c>end_of_stream</c>): IncrementalTicketExportCursor,
///   IncrementalUserExportCursor;</item>
/// <item>time-based incremental exports (<c>next_page</c> + <c>end_time</c> + <c>end_of_stream</c>, and the last page
///   still has a <c>next_page</c>): IncrementalTicketExportTime, IncrementalUserExportTime,
///   IncrementalOrganizationExport, IncrementalTicketEvents, and Talk's incremental exports, whose last
///   <c>next_page</c> can be the page itself.</item>
/// </list>
/// </summary>
internal static class Pagination
{
    private static readonly string[] s_pagingProperties = { "meta", "links", "facets" };

    /// <summary>The next page's URL as the page names it, or null at the end.</summary>
    public static string? NextPage(JsonElement page) => NextPage(page, null);

    /// <summary>
    /// The next page's URL as the page names it, or null at the end. <c>end_of_stream: true</c> ends an export
    /// whatever link the page still carries; on an incremental export (a page with <c>end_time</c>, or an
    /// <c>/incremental/</c> path), a next link equal to <paramref name="current"/> (a Talk export's last page) ends it too.
    /// </summary>
    public static string? NextPage(JsonElement page, Uri? current)
    {
        if (page.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        // Incremental exports, cursor and time-based: end_of_stream decides, before any link.
        if (ZendeskJson.Boolean(page, "end_of_stream") == true)
        {
            return null;
        }

        string? next;
        if (page.TryGetProperty("meta", out var meta) && meta.ValueKind == JsonValueKind.Object && ZendeskJson.Boolean(meta, "has_more") is { } hasMore)
        {
            // Cursor paging: has_more decides; links.next may still be present on the last page.
            next = hasMore && page.TryGetProperty("links", out var links) && links.ValueKind == JsonValueKind.Object ? ZendeskJson.String(links, "next") : null;
        }
        else
        {
            // A time-based export from before end_of_stream existed: a page with nothing in it is the end.
            if (page.TryGetProperty("end_time", out _) && ZendeskJson.Int64(page, "count") == 0)
            {
                return null;
            }
            // A cursor export names after_url; a time-based export and offset paging name next_page; a cursor page
            // without meta, links.next.
            next = ZendeskJson.String(page, "after_url") ?? ZendeskJson.String(page, "next_page")
                ?? (page.TryGetProperty("links", out var links) && links.ValueKind == JsonValueKind.Object ? ZendeskJson.String(links, "next") : null);
        }

        if (string.IsNullOrWhiteSpace(next))
        {
            return null;
        }
        // An incremental export's last page may name itself (Talk): that is its end. Anywhere else a link to the
        // same page is a loop, which the paging loop reports (ZendeskApiCmdlet.ForEachPage).
        return current is not null && IsExport(page, current) && IsSamePage(next!, current) ? null : next;
    }

    /// <summary>A time-based export page (it carries end_time), or any page of an incremental export's path.</summary>
    private static bool IsExport(JsonElement page, Uri current) =>
        page.TryGetProperty("end_time", out _) || current.AbsolutePath.IndexOf("/incremental/", StringComparison.OrdinalIgnoreCase) >= 0;

    /// <summary>A next link naming the page just read (Talk's last page) does not lead anywhere new.</summary>
    private static bool IsSamePage(string next, Uri current) =>
        Uri.TryCreate(current, next, out var resolved) && Uri.Compare(resolved, current, UriComponents.HttpRequestUrl, UriFormat.UriEscaped, StringComparison.Ordinal) == 0;

    /// <summary>The page's collection: the array property that is not paging data (tickets, users, clients…).</summary>
    public static string? CollectionName(JsonElement page) => CollectionName(page, null);

    /// <summary>
    /// The page's main collection. Side-loads (<c>include=users</c>) add other arrays beside it, so the one named
    /// after the endpoint wins (<c>tickets.json</c> → <c>tickets</c>, <c>incremental/tickets/cursor.json</c> →
    /// <c>tickets</c>, <c>search.json</c> → <c>results</c>); else the first array that is not paging data.
    /// </summary>
    public static string? CollectionName(JsonElement page, Uri? uri)
    {
        if (page.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        foreach (var candidate in NamesFromPath(uri))
        {
            if (page.TryGetProperty(candidate, out var value) && value.ValueKind == JsonValueKind.Array)
            {
                return candidate;
            }
        }
        foreach (var property in page.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Array && Array.IndexOf(s_pagingProperties, property.Name) < 0)
            {
                return property.Name;
            }
        }
        return null;
    }

    /// <summary>The other arrays of a page: side-loaded records (<c>users</c>, <c>groups</c>…), by name.</summary>
    public static IReadOnlyList<string> SideloadNames(JsonElement page, string collection)
    {
        var names = new List<string>();
        if (page.ValueKind != JsonValueKind.Object)
        {
            return names;
        }
        foreach (var property in page.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Array && property.Name != collection && Array.IndexOf(s_pagingProperties, property.Name) < 0)
            {
                names.Add(property.Name);
            }
        }
        return names;
    }

    private static IEnumerable<string> NamesFromPath(Uri? uri)
    {
        if (uri is null)
        {
            yield break;
        }
        var segments = uri.AbsolutePath.Trim('/').Split('/');
        for (var i = segments.Length - 1; i >= 0; i--)
        {
            var name = segments[i];
            if (name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                name = name.Substring(0, name.Length - 5);
            }
            if (name is "cursor" or "export" or "sample" || name.Length == 0 || char.IsDigit(name[0]))
            {
                continue;
            }
            if (name == "search")
            {
                yield return "results";
            }
            yield return name;
            // Talk: /api/v2/channels/voice/stats/incremental/calls.json → calls; legs → legs.
            yield break;
        }
    }
}

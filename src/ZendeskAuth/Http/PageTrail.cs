using System;
using System.Collections.Generic;

namespace ZendeskAuth.Http;

/// <summary>What to do with a next-page link, given the pages read so far.</summary>
internal enum PageStep
{
    /// <summary>A page not read yet: follow it.</summary>
    Follow,

    /// <summary>A page read already, and the current page says end_of_stream: the normal end of an export.</summary>
    End,

    /// <summary>The page names itself and does not say end_of_stream: stop, with a warning.</summary>
    SelfLink,

    /// <summary>The link leads back to an earlier page (a→b→a, any length): stop, with a PagingLoop error.</summary>
    Cycle,
}

/// <summary>
/// The pages a paging loop has read, so that it always ends: a next link back to any page already read stops it.
/// Memory is one URL per page read. Kept apart from <see cref="Pagination.NextPage"/>, which only reads a page.
/// </summary>
internal sealed class PageTrail
{
    private readonly HashSet<string> _visited = new(StringComparer.Ordinal);

    public PageTrail(Uri first) => _visited.Add(Key(first));

    /// <summary>How many distinct pages have been requested.</summary>
    public int Count => _visited.Count;

    /// <summary>Decides on the link <paramref name="next"/> found on the page <paramref name="current"/>; records it when followed.</summary>
    public PageStep Step(Uri current, Uri next, bool endOfStream)
    {
        var key = Key(next);
        if (_visited.Add(key))
        {
            return PageStep.Follow;
        }
        return endOfStream ? PageStep.End : key == Key(current) ? PageStep.SelfLink : PageStep.Cycle;
    }

    // The request as it goes on the wire, canonical: scheme and host lower-cased, default port dropped, escapes
    // normalized, and no fragment (never sent, so "page#1", "page#2"… are the same page and must not count as new).
    private static string Key(Uri uri) => uri.GetComponents(UriComponents.HttpRequestUrl, UriFormat.UriEscaped);
}

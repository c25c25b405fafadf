using System;
using System.Collections.Generic;
using System.Linq;

namespace ZendeskAuth.OAuth;

/// <summary>
/// Zendesk's OAuth scopes: https://developer.zendesk.com/api-reference/ticketing/oauth/oauth_tokens/#scopes.
/// Zendesk accepts an unknown scope name when a token is created and then answers 403 to every call, so
/// scopes are checked here before anything is sent.
/// </summary>
internal static class OAuthScopes
{
    private static readonly string[] s_readWriteResources =
    {
        "tickets", "users", "organizations", "hc", "apps", "triggers", "automations", "targets", "webhooks",
        "macros", "requests", "satisfaction_ratings", "dynamic_content",
    };

    /// <summary>Every valid scope, in the order a completer offers them.</summary>
    public static IReadOnlyList<string> All { get; } = BuildAll();

    private static readonly HashSet<string> s_valid = new(All, StringComparer.Ordinal);

    /// <summary>The scopes, trimmed, split on spaces or commas, and de-duplicated; throws listing the valid ones on an unknown name.</summary>
    public static string[] Validate(IEnumerable<string> scopes)
    {
        var result = scopes
            .SelectMany(s => (s ?? "").Split(new[] { ' ', ',' }, StringSplitOptions.RemoveEmptyEntries))
            .Select(s => s.Trim())
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        var unknown = result.Where(s => !s_valid.Contains(s)).ToArray();
        if (unknown.Length > 0)
        {
            var named = string.Join("; ", unknown.Select(u => Nearest(u) is { } near ? $"'{u}' (did you mean '{near}'?)" : $"'{u}'"));
            throw new ArgumentException(
                $"Unknown scope{(unknown.Length > 1 ? "s" : "")} {named}. Zendesk would issue the token anyway and then answer 403 to every call. {Shape} -Scope tab-completes them.");
        }
        if (result.Length == 0)
        {
            throw new ArgumentException($"No scope given. Give at least one, such as read or tickets:read. {Shape}");
        }
        return result;
    }

    /// <summary>How scopes are made, in one sentence instead of all of them.</summary>
    private static string Shape =>
        $"Scopes are read, write, impersonate, auditlogs:read, any_channel:write, web_widget:write, or a resource alone or with :read or :write, for the resources {string.Join(", ", s_readWriteResources)}.";

    /// <summary>The valid scope nearest to a mistyped one (case, a letter or two, - for _), or null when none is near.</summary>
    internal static string? Nearest(string scope)
    {
        var candidate = scope.ToLowerInvariant().Replace('-', '_').Replace('.', ':');
        if (s_valid.Contains(candidate))
        {
            return candidate;
        }
        var best = All.Select(s => (Scope: s, Distance: Distance(candidate, s))).OrderBy(x => x.Distance).First();
        return best.Distance <= Math.Max(1, Math.Min(2, candidate.Length / 4)) ? best.Scope : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
            previous = current;
        }
        return previous[b.Length];
    }

    private static string[] BuildAll()
    {
        var all = new List<string> { "read", "write", "impersonate" };
        foreach (var resource in s_readWriteResources)
        {
            all.Add(resource);
            all.Add(resource + ":read");
            all.Add(resource + ":write");
        }
        all.Add("auditlogs:read");
        all.Add("any_channel:write");
        all.Add("web_widget:write");
        return all.ToArray();
    }
}

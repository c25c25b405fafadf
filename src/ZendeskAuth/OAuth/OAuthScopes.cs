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
            throw new ArgumentException(
                $"Unknown scope{(unknown.Length > 1 ? "s" : "")} {string.Join(", ", unknown.Select(u => $"'{u}'"))}. Zendesk would issue the token anyway and then answer 403 to every call. Valid scopes: {string.Join(", ", All)}.");
        }
        if (result.Length == 0)
        {
            throw new ArgumentException($"No scope given. Give at least one, such as read or tickets:read. Valid scopes: {string.Join(", ", All)}.");
        }
        return result;
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

using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace ZendeskAuth.Commands;

/// <summary>Tab-completes -Path with common Zendesk Support API endpoints.</summary>
public sealed class PathCompleter : IArgumentCompleter
{
    private static readonly string[] s_paths =
    {
        "/api/v2/users/me.json",
        "/api/v2/users.json",
        "/api/v2/users/{id}.json",
        "/api/v2/users/search.json?query=",
        "/api/v2/tickets.json",
        "/api/v2/tickets/{id}.json",
        "/api/v2/tickets/{id}/comments.json",
        "/api/v2/tickets/show_many.json?ids=",
        "/api/v2/tickets/create_many.json",
        "/api/v2/tickets/update_many.json",
        "/api/v2/organizations.json",
        "/api/v2/organizations/{id}.json",
        "/api/v2/groups.json",
        "/api/v2/ticket_fields.json",
        "/api/v2/user_fields.json",
        "/api/v2/views.json",
        "/api/v2/macros.json",
        "/api/v2/triggers.json",
        "/api/v2/automations.json",
        "/api/v2/webhooks",
        "/api/v2/search.json?query=",
        "/api/v2/search/export.json?query=",
        "/api/v2/incremental/tickets/cursor.json?start_time=",
        "/api/v2/incremental/users/cursor.json?start_time=",
        "/api/v2/uploads.json?filename=",
        "/api/v2/attachments/{id}.json",
        "/api/v2/audit_logs.json",
        "/api/v2/oauth/clients.json",
        "/api/v2/oauth/tokens.json",
        "/api/v2/oauth/tokens/current.json",
        "/api/v2/account/settings.json",
        "/api/v2/job_statuses/{id}.json",
    };

    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var typed = (wordToComplete ?? "").Trim('\'', '"');
        // "tickets" and "/api/v2/tickets" both find /api/v2/tickets.json.
        // A path with a placeholder is inserted up to it (/api/v2/tickets/), so the id is typed in its place:
        // a literal {id} would be sent as %7Bid%7D.
        return s_paths
            .Where(path => path.StartsWith(typed, StringComparison.OrdinalIgnoreCase) || path.StartsWith("/api/v2/" + typed.TrimStart('/'), StringComparison.OrdinalIgnoreCase))
            .GroupBy(path => path.IndexOf('{') is var brace and >= 0 ? path.Substring(0, brace) : path, StringComparer.Ordinal)
            .Select(group =>
            {
                var text = group.Key.IndexOf('?') >= 0 ? "'" + group.Key + "'" : group.Key;
                var listed = string.Join(" | ", group);
                var tip = group.Key.Length < group.First().Length ? listed + "  (type the id after the inserted text)" : listed;
                return new CompletionResult(text, listed, CompletionResultType.ParameterValue, tip);
            });
    }
}

using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using ZendeskAuth.Connections;
using ZendeskAuth.Http;
using ZendeskAuth.Json;

namespace ZendeskAuth.Commands;

/// <summary>Tab-completes a token's -Id with the ids of the connected user's OAuth tokens (their scopes shown beside). Never file names.</summary>
public sealed class TokenIdCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var connection = fakeBoundParameters["Connection"] as ZendeskConnection ?? (fakeBoundParameters["Connection"] as PSObject)?.BaseObject as ZendeskConnection ?? ConnectionStore.Current;
        if (connection is null || !connection.IsConnected)
        {
            return Enumerable.Empty<CompletionResult>();
        }

        var typed = (wordToComplete ?? "").Trim('\'', '"');
        try
        {
            // One page, with a short timeout: a slow account must not freeze the prompt.
            var request = new ZendeskRequest(HttpMethod.Get, ZendeskUrl.Resolve(connection.Url, "/api/v2/oauth/tokens.json?page[size]=100")) { Timeout = TimeSpan.FromSeconds(5) };
            var response = RequestPipeline.SendAsync(connection, request, NullRequestLog.Instance, CancellationToken.None).GetAwaiter().GetResult();
            using var document = JsonDocument.Parse(response.Body);
            return document.RootElement.GetProperty("tokens").EnumerateArray()
                .Select(t => (Id: ZendeskJson.Int64(t, "id")?.ToString(System.Globalization.CultureInfo.InvariantCulture), Scopes: string.Join(" ", ZendeskJson.Strings(t, "scopes"))))
                .Where(t => t.Id is not null && t.Id.StartsWith(typed, StringComparison.Ordinal))
                .Select(t => new CompletionResult(t.Id!, $"{t.Id} ({t.Scopes})", CompletionResultType.ParameterValue, t.Scopes.Length == 0 ? t.Id! : t.Scopes))
                .ToList();
        }
        catch (Exception e) when (e is ZendeskException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return Enumerable.Empty<CompletionResult>();
        }
    }
}

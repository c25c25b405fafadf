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

/// <summary>
/// Tab-completes the account's OAuth clients, when connected: -ClientId and -Identifier with their identifiers,
/// -Id with their numeric ids (the name shown beside each). Never file names.
/// </summary>
public sealed class ClientIdCompleter : IArgumentCompleter
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
            // One page is enough to complete from, and a slow account must not freeze the prompt.
            var request = new ZendeskRequest(HttpMethod.Get, ZendeskUrl.Resolve(connection.Url, "/api/v2/oauth/clients.json?page[size]=100")) { Timeout = TimeSpan.FromSeconds(5) };
            var response = RequestPipeline.SendAsync(connection, request, NullRequestLog.Instance, CancellationToken.None).GetAwaiter().GetResult();
            using var document = JsonDocument.Parse(response.Body);
            var clients = document.RootElement.GetProperty("clients").EnumerateArray()
                .Select(c => (Identifier: ZendeskJson.String(c, "identifier"), Name: ZendeskJson.String(c, "name"), Id: ZendeskJson.Int64(c, "id")?.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            return string.Equals(parameterName, "Id", StringComparison.OrdinalIgnoreCase)
                ? clients.Where(c => c.Id is not null && c.Id.StartsWith(typed, StringComparison.Ordinal))
                    .Select(c => new CompletionResult(c.Id!, $"{c.Id} ({c.Identifier})", CompletionResultType.ParameterValue, c.Name ?? c.Id!)).ToList()
                : clients.Where(c => c.Identifier is not null && c.Identifier.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                    .Select(c => new CompletionResult(c.Identifier!, c.Identifier!, CompletionResultType.ParameterValue, c.Name ?? c.Identifier!)).ToList();
        }
        catch (Exception e) when (e is ZendeskException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return Enumerable.Empty<CompletionResult>();
        }
    }
}

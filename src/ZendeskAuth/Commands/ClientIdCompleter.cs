using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
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
        var typed = (wordToComplete ?? "").Trim('\'', '"');
        return ApiListCompletion.FromFirstPage(fakeBoundParameters, "/api/v2/oauth/clients.json?page[size]=100", "clients", list =>
        {
            var clients = list.Select(c => (Identifier: ZendeskJson.String(c, "identifier"), Name: ZendeskJson.String(c, "name"), Id: ZendeskJson.Int64(c, "id")?.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            return string.Equals(parameterName, "Id", StringComparison.OrdinalIgnoreCase)
                ? clients.Where(c => c.Id is not null && c.Id.StartsWith(typed, StringComparison.Ordinal))
                    .Select(c => new CompletionResult(c.Id!, $"{c.Id} ({c.Identifier})", CompletionResultType.ParameterValue, c.Name ?? c.Id!))
                : clients.Where(c => c.Identifier is not null && c.Identifier.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                    .Select(c => new CompletionResult(c.Identifier!, c.Identifier!, CompletionResultType.ParameterValue, c.Name ?? c.Identifier!));
        });
    }
}

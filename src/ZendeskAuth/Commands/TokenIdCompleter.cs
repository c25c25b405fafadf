using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using ZendeskAuth.Json;

namespace ZendeskAuth.Commands;

/// <summary>Tab-completes a token's -Id with the ids of the connected user's OAuth tokens (their scopes shown beside). Never file names.</summary>
public sealed class TokenIdCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var typed = (wordToComplete ?? "").Trim('\'', '"');
        return ApiListCompletion.FromFirstPage(fakeBoundParameters, "/api/v2/oauth/tokens.json?page[size]=100", "tokens", tokens => tokens
            .Select(t => (Id: ZendeskJson.Int64(t, "id")?.ToString(System.Globalization.CultureInfo.InvariantCulture), Scopes: string.Join(" ", ZendeskJson.Strings(t, "scopes"))))
            .Where(t => t.Id is not null && t.Id.StartsWith(typed, StringComparison.Ordinal))
            .Select(t => new CompletionResult(t.Id!, $"{t.Id} ({t.Scopes})", CompletionResultType.ParameterValue, t.Scopes.Length == 0 ? t.Id! : t.Scopes)));
    }
}

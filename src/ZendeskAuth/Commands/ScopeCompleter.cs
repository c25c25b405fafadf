using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using ZendeskAuth.OAuth;

namespace ZendeskAuth.Commands;

/// <summary>Tab-completes Zendesk's OAuth scopes.</summary>
public sealed class ScopeCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var typed = (wordToComplete ?? "").Trim('\'', '"');
        return OAuthScopes.All
            .Where(scope => scope.StartsWith(typed, System.StringComparison.OrdinalIgnoreCase))
            .Select(scope => new CompletionResult(scope, scope, CompletionResultType.ParameterValue, scope));
    }
}

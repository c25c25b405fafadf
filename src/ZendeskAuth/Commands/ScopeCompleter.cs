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
        // -Scope read, <Tab> does not offer read again.
        var given = new HashSet<string>(Given(fakeBoundParameters?[parameterName]).Concat(Typed(commandAst, parameterName)), System.StringComparer.OrdinalIgnoreCase);
        given.Remove(typed);
        return OAuthScopes.All
            .Where(scope => scope.StartsWith(typed, System.StringComparison.OrdinalIgnoreCase) && !given.Contains(scope))
            .Select(scope => new CompletionResult(scope, scope, CompletionResultType.ParameterValue, scope));
    }

    /// <summary>The words already written after -Scope in the command line (an unfinished list is not bound yet).</summary>
    private static IEnumerable<string> Typed(CommandAst? command, string parameterName)
    {
        if (command is null)
        {
            return Enumerable.Empty<string>();
        }
        var elements = command.CommandElements;
        for (var i = 0; i < elements.Count; i++)
        {
            if (elements[i] is CommandParameterAst parameter && parameterName.StartsWith(parameter.ParameterName, System.StringComparison.OrdinalIgnoreCase))
            {
                var argument = parameter.Argument ?? (i + 1 < elements.Count ? elements[i + 1] : null);
                return argument is null ? Enumerable.Empty<string>()
                    : argument.FindAll(a => a is StringConstantExpressionAst, true).Cast<StringConstantExpressionAst>().Select(s => s.Value).ToList();
            }
        }
        return Enumerable.Empty<string>();
    }

    private static IEnumerable<string> Given(object? value) => value switch
    {
        null => Enumerable.Empty<string>(),
        PSObject wrapped => Given(wrapped.BaseObject),
        string text => text.Split(new[] { ' ', ',' }, System.StringSplitOptions.RemoveEmptyEntries),
        IEnumerable items => items.Cast<object?>().SelectMany(Given),
        _ => new[] { value.ToString() ?? "" },
    };
}

using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text;

namespace ZendeskAuth.Hosting;

/// <summary>
/// One runspace of the real PowerShell 7 engine, with ZendeskAuth imported through its manifest as a user
/// would, running scripts and keeping every stream.
/// </summary>
public sealed class HostedPowerShell : IDisposable
{
    private readonly StringWriter _hostText = new();

    public HostedPowerShell(bool importModule = true, TextWriter? hostWriter = null, int width = 120)
    {
        Runspace = RunspaceFactory.CreateRunspace(new TextHost(hostWriter ?? _hostText, width), InitialSessionState.CreateDefault2());
        Runspace.Open();
        if (importModule)
        {
            Run("Import-Module -Name $args[0] -ErrorAction Stop", RepositoryPaths.ModuleManifest).ThrowIfFailed();
        }
    }

    public Runspace Runspace { get; }

    /// <summary>What Out-Default and Write-Host-like host output wrote, when no writer was given.</summary>
    public string HostText => _hostText.ToString();

    /// <summary>Runs <paramref name="script"/> with <c>$args</c> set to <paramref name="arguments"/>; never throws for script errors.</summary>
    public ScriptResult Run(string script, params object?[] arguments)
    {
        using var shell = Create(script, arguments);
        return Invoke(shell);
    }

    /// <summary>Runs a script with named variables set first (for example secrets that must not be inlined).</summary>
    public ScriptResult RunWith(string script, IDictionary<string, object?> variables)
    {
        foreach (var (name, value) in variables)
        {
            Runspace.SessionStateProxy.SetVariable(name, value);
        }
        return Run(script);
    }

    /// <summary>A prepared pipeline for tests that need to stop it (Ctrl+C) or run it asynchronously.</summary>
    public PowerShell Create(string script, params object?[] arguments)
    {
        var shell = PowerShell.Create();
        shell.Runspace = Runspace;
        shell.AddScript(script);
        foreach (var argument in arguments)
        {
            shell.AddArgument(argument);
        }
        return shell;
    }

    /// <summary>Ends a pipeline started with BeginInvoke and collects what it produced.</summary>
    public static ScriptResult Finish(PowerShell shell, IAsyncResult running)
    {
        var output = new List<PSObject>();
        Exception? terminating = null;
        try
        {
            output.AddRange(shell.EndInvoke(running));
        }
        catch (RuntimeException e)
        {
            terminating = e;
        }
        return ScriptResult.From(shell, output, terminating);
    }

    public static ScriptResult Invoke(PowerShell shell)
    {
        var output = new List<PSObject>();
        Exception? terminating = null;
        try
        {
            output.AddRange(shell.Invoke());
        }
        catch (RuntimeException e)
        {
            terminating = e;
        }
        return ScriptResult.From(shell, output, terminating);
    }

    public void Dispose()
    {
        Runspace.Dispose();
        _hostText.Dispose();
    }
}

/// <summary>Everything a script produced, stream by stream, plus <c>$Error</c>.</summary>
public sealed class ScriptResult
{
    public required IReadOnlyList<PSObject> Output { get; init; }
    public required IReadOnlyList<ErrorRecord> Errors { get; init; }
    public required IReadOnlyList<WarningRecord> Warnings { get; init; }
    public required IReadOnlyList<VerboseRecord> Verbose { get; init; }
    public required IReadOnlyList<DebugRecord> Debug { get; init; }
    public required IReadOnlyList<InformationRecord> Information { get; init; }
    public required IReadOnlyList<object> ErrorVariable { get; init; }
    /// <summary>A terminating error that ended the script, if any.</summary>
    public Exception? Terminating { get; init; }

    /// <summary>Every error: the error stream, and a terminating one.</summary>
    public IEnumerable<ErrorRecord> AllErrors =>
        Terminating is IContainsErrorRecord { ErrorRecord: { } record } ? Errors.Append(record) : Errors;

    internal static ScriptResult From(PowerShell shell, List<PSObject> output, Exception? terminating)
    {
        var errorVariable = shell.Runspace.SessionStateProxy.GetVariable("Error") is ArrayList list ? list.Cast<object>().ToList() : new List<object>();
        return new ScriptResult
        {
            Output = output,
            Errors = shell.Streams.Error.ToList(),
            Warnings = shell.Streams.Warning.ToList(),
            Verbose = shell.Streams.Verbose.ToList(),
            Debug = shell.Streams.Debug.ToList(),
            Information = shell.Streams.Information.ToList(),
            ErrorVariable = errorVariable,
            Terminating = terminating,
        };
    }

    /// <summary>Throws with every error's text when the script failed; for setup steps.</summary>
    public ScriptResult ThrowIfFailed()
    {
        var errors = AllErrors.ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("The script failed:\n" + string.Join("\n", errors.Select(e => $"{e.FullyQualifiedErrorId}: {e}")));
        }
        return this;
    }

    /// <summary>
    /// All the text a user or a log could see: each output object (its properties and ToString), every
    /// stream's messages, error details and exceptions (with inner ones), and <c>$Error</c>.
    /// </summary>
    public string AllText()
    {
        var text = new StringBuilder();
        foreach (var item in Output)
        {
            text.AppendLine(item?.ToString());
            if (item is not null)
            {
                foreach (var property in item.Properties)
                {
                    try
                    {
                        text.Append(property.Name).Append('=').AppendLine(property.Value?.ToString());
                    }
                    catch (GetValueException)
                    {
                    }
                }
            }
        }
        foreach (var record in AllErrors.Concat(ErrorVariable.OfType<ErrorRecord>()))
        {
            AppendError(text, record);
        }
        foreach (var exception in ErrorVariable.OfType<Exception>())
        {
            text.AppendLine(exception.ToString());
        }
        Warnings.ToList().ForEach(w => text.AppendLine(w.Message));
        Verbose.ToList().ForEach(v => text.AppendLine(v.Message));
        Debug.ToList().ForEach(d => text.AppendLine(d.Message));
        Information.ToList().ForEach(i => text.AppendLine(i.MessageData?.ToString()));
        if (Terminating is not null)
        {
            text.AppendLine(Terminating.ToString());
        }
        return text.ToString();
    }

    private static void AppendError(StringBuilder text, ErrorRecord record)
    {
        text.AppendLine(record.ToString());
        text.AppendLine(record.FullyQualifiedErrorId);
        text.AppendLine(record.ErrorDetails?.Message);
        text.AppendLine(record.ErrorDetails?.RecommendedAction);
        text.AppendLine(record.TargetObject?.ToString());
        text.AppendLine(record.Exception?.ToString());
        text.AppendLine(record.CategoryInfo.ToString());
    }
}

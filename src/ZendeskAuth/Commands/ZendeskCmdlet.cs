using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using System.Management.Automation.Runspaces;
using ZendeskAuth.Connections;
using ZendeskAuth.Errors;
using ZendeskAuth.OAuth;
using ZendeskAuth.Http;

namespace ZendeskAuth.Commands;

/// <summary>
/// What every ZendeskAuth cmdlet shares: Ctrl+C cancels the request in flight, and work done on other threads
/// reports through a queue that is written out on the pipeline thread (PowerShell allows Write* only there).
/// </summary>
public abstract class ZendeskCmdlet : PSCmdlet, IDisposable
{
    private const int WaitProgressId = 7_001;
    private static readonly TimeSpan s_showWaitsLongerThan = TimeSpan.FromSeconds(3);

    private readonly CancellationTokenSource _stopping = new();
    private readonly System.Collections.Generic.Queue<ErrorRecord> _deferredErrors = new();
    private QueuedLog? _log;
    private bool? _showWaits;
    private DateTimeOffset? _waitEndsAt;
    private string _waitReason = "";
    private bool _debugPromptsPrevented;

    /// <summary>Cancelled when the user presses Ctrl+C or the pipeline stops.</summary>
    protected CancellationToken StopToken => _stopping.Token;

    /// <summary>Where work on any thread reports; written out whenever the pipeline thread waits.</summary>
    internal IRequestLog Log => _log ??= new QueuedLog(IsVerboseEnabled(), IsDebugEnabled());

    protected override void StopProcessing() => _stopping.Cancel();

    /// <summary>A warning that -Debug does not turn into a "Continue with this operation?" prompt.</summary>
    public new void WriteWarning(string text)
    {
        PreventDebugPrompts();
        base.WriteWarning(text);
    }

    /// <summary>A verbose line that -Debug does not turn into a prompt (with -Debug alone it is written as a debug line).</summary>
    public new void WriteVerbose(string text)
    {
        PreventDebugPrompts();
        if (DebugSwitchOnly())
        {
            base.WriteDebug(text);
        }
        else
        {
            base.WriteVerbose(text);
        }
    }

    /// <summary>A debug line that -Debug does not turn into a prompt (Windows PowerShell 5.1 asks before each).</summary>
    public new void WriteDebug(string text)
    {
        PreventDebugPrompts();
        base.WriteDebug(text);
    }

    /// <summary>
    /// True when a person watches this host and can answer it: a host with a UI (not the SDK's "Default Host" of
    /// jobs and Azure Automation), an interactive session, and no -NonInteractive on the command line.
    /// </summary>
    internal bool IsInteractiveHost() =>
        Host?.UI?.RawUI is not null && Host.Name != "Default Host" && Environment.UserInteractive && !StartedNonInteractive(CommandLine());

    private static string[] CommandLine()
    {
        try
        {
            return Environment.GetCommandLineArgs();
        }
        catch (NotSupportedException)
        {
            return Array.Empty<string>();
        }
    }

    /// <summary>pwsh or powershell.exe started with -NonInteractive (any unambiguous prefix, such as -noni), before -File or -Command.</summary>
    internal static bool StartedNonInteractive(string[] arguments)
    {
        foreach (var argument in arguments.Skip(1))
        {
            if (argument.Length < 2 || argument[0] is not ('-' or '/'))
            {
                continue;
            }
            var name = argument.Substring(1).TrimStart('-').ToLowerInvariant();
            if (name.Length >= 4 && "noninteractive".StartsWith(name, StringComparison.Ordinal))
            {
                return true;
            }
            // What follows -File or -Command belongs to the script.
            if (name is "f" or "file" or "c" or "command" or "e" or "ec" or "encodedcommand" or "cwa" or "commandwithargs")
            {
                return false;
            }
        }
        return false;
    }

    /// <summary>An error that -Debug does not turn into a prompt.</summary>
    public new void WriteError(ErrorRecord errorRecord)
    {
        PreventDebugPrompts();
        base.WriteError(errorRecord);
    }

    /// <summary>
    /// -Debug also sets the command's warning, verbose and error actions to Inquire (Windows PowerShell 5.1 and
    /// PowerShell 7), so each message asks "Continue with this operation?": under -NonInteractive the command
    /// fails, and a host without UI throws. Adding -Debug to troubleshoot a runbook must not change what it does,
    /// so each action the user did not give goes back to its preference variable's value.
    /// </summary>
    private void PreventDebugPrompts()
    {
        if (_debugPromptsPrevented)
        {
            return;
        }
        _debugPromptsPrevented = true;
        if (!IsSwitchOn("Debug"))
        {
            return;
        }
        // Verbose lines need nothing here: with -Debug alone they are written as debug lines.
        Reset("WarningAction", "WarningPreference", GetVariableValue("WarningPreference"));
        Reset("ErrorAction", "ErrorAction", GetVariableValue("ErrorActionPreference"));
        Reset(null, "DebugPreference", ActionPreference.Continue);

        void Reset(string? parameter, string runtimeProperty, object? preference)
        {
            if (parameter is not null && MyInvocation.BoundParameters.ContainsKey(parameter))
            {
                return;
            }
            var value = preference is ActionPreference given && given != ActionPreference.Inquire ? given : ActionPreference.Continue;
            // The command runtime's own setters, which -WarningAction, -ErrorAction and -Debug use (internal in both
            // editions); where one is missing the prompt stays, and nothing else changes.
            var property = CommandRuntime?.GetType().GetProperty(runtimeProperty, BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);
            if (property is { CanWrite: true } && property.PropertyType == typeof(ActionPreference))
            {
                property.SetValue(CommandRuntime, value);
            }
        }
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _log?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Starts <paramref name="operation"/> and blocks the pipeline thread until it ends, writing its messages
    /// meanwhile. Ctrl+C becomes <see cref="PipelineStoppedException"/>; other failures are rethrown.
    /// </summary>
    internal T Await<T>(Func<IRequestLog, CancellationToken, Task<T>> operation)
    {
        Task<T> task;
        try
        {
            // This thread blocks until the operation ends anyway, so its requests may be sent on it; what they
            // reported so far is written before each blocks.
            var log = (QueuedLog)Log;
            using (InlineSend.CallerWaits(() => WriteQueued(log)))
            {
                task = operation(log, StopToken);
            }
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        return Wait(task);
    }

    /// <summary>Blocks until <paramref name="task"/> ends, writing every queued message (from any task) meanwhile.</summary>
    internal T Wait<T>(Task<T> task)
    {
        var log = (QueuedLog)Log;
        if (!task.IsCompleted)
        {
            // Inline on the completing thread: one thread hop less per request.
            task.ContinueWith(_ => log.Wake(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        while (!task.IsCompleted)
        {
            // During a long wait the countdown is redrawn about once a second (pwsh drops a lone progress record).
            log.WaitForMessage(_waitEndsAt is null ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(1));
            WriteQueued(log);
            ShowWait();
        }
        WriteQueued(log);

        try
        {
            return task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    /// <summary>
    /// The account's base URL from -Subdomain or -Url (given both: an error), or null when neither is given.
    /// A bad value is a terminating error before anything is sent.
    /// </summary>
    internal Uri? AccountUrl(string? subdomain, string? url)
    {
        if (subdomain is not null && url is not null)
        {
            ThrowTerminatingError(ErrorMapper.Create("Give either -Subdomain or -Url, not both.", ErrorIds.AmbiguousTarget, ErrorCategory.InvalidArgument, null));
        }
        try
        {
            return subdomain is not null ? ZendeskUrl.FromSubdomain(subdomain) : url is not null ? ZendeskUrl.FromUrl(url) : null;
        }
        catch (Exception e) when (e is ArgumentException or InsecureUrlException)
        {
            ThrowTerminatingError(ErrorMapper.ToErrorRecord(e, subdomain ?? url, subdomain is not null ? ErrorIds.InvalidSubdomain : ErrorIds.InvalidUrl));
            throw;
        }
    }

    /// <summary>
    /// -Scope checked against Zendesk's scopes before anything is sent (Zendesk would issue a token that gets 403
    /// everywhere); null when none was given.
    /// </summary>
    internal string[]? CheckedScopes(string[]? scopes)
    {
        if (scopes is null || scopes.Length == 0)
        {
            return null;
        }
        try
        {
            return OAuthScopes.Validate(scopes);
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(ErrorMapper.ToErrorRecord(e, scopes, ErrorIds.InvalidScope));
            throw;
        }
    }

    /// <summary>
    /// The certificate check and proxy settings requests go with: -Proxy, -ProxyCredential and
    /// -ProxyUseDefaultCredentials as Invoke-RestMethod has them. A bad value is a terminating error before anything is sent.
    /// </summary>
    internal HttpTransport CheckedTransport(bool skipCertificateCheck, Uri? proxy, PSCredential? proxyCredential, bool proxyUseDefaultCredentials)
    {
        try
        {
            return HttpTransport.Create(skipCertificateCheck, proxy, proxyCredential?.GetNetworkCredential(), proxyUseDefaultCredentials);
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(ErrorMapper.ToErrorRecord(e, proxy, ErrorIds.InvalidProxy));
            throw;
        }
    }

    /// <summary>Runs work that uses the connection, then reports any token renewal it caused.</summary>
    internal T Await<T>(ZendeskConnection connection, Func<IRequestLog, CancellationToken, Task<T>> operation)
    {
        try
        {
            return Await(operation);
        }
        finally
        {
            ReportRenewals(connection);
        }
    }

    /// <summary>
    /// Writes the errors of -OnTokenRefreshed script blocks that failed. Called only after the work they came
    /// with is done (the answer written, the connection kept): under $ErrorActionPreference = 'Stop' such an
    /// error ends the script, and it must not take a succeeded request's output or the connection with it.
    /// </summary>
    /// <remarks>
    /// Where an error would stop the script ($ErrorActionPreference or -ErrorAction Stop), it is a warning with the
    /// same id at its start instead: a stopped statement loses its assignment (<c>$t = Invoke-ZendeskRequest …</c>),
    /// and a script that then retries a POST that succeeded creates a duplicate.
    /// </remarks>
    internal void WriteDeferredErrors()
    {
        while (_deferredErrors.Count > 0)
        {
            var error = _deferredErrors.Dequeue();
            if (ErrorsStop())
            {
                WriteWarning($"{error.FullyQualifiedErrorId},{GetType().FullName}: {error.Exception.Message}");
            }
            else
            {
                WriteError(error);
            }
        }
    }

    private bool ErrorsStop()
    {
        var preference = MyInvocation.BoundParameters.TryGetValue("ErrorAction", out var given) && given is ActionPreference bound ? bound
            : GetVariableValue("ErrorActionPreference") is ActionPreference variable ? variable
            : ActionPreference.Continue;
        return preference is ActionPreference.Stop or ActionPreference.Inquire or ActionPreference.Suspend;
    }

    /// <summary>Writes what is still deferred. A cmdlet that overrides EndProcessing calls <see cref="WriteDeferredErrors"/> itself.</summary>
    protected override void EndProcessing() => WriteDeferredErrors();

    /// <summary>
    /// Tells the user of each renewal once, keeps the new token on the connection (<see cref="ZendeskConnection.RenewedToken"/>),
    /// and hands it to the connection's -OnTokenRefreshed script block so the rotated refresh token can be kept.
    /// A failing script block is an error, not a silent loss; it is written later (<see cref="WriteDeferredErrors"/>)
    /// and says where the new token is. Never throws for the script block.
    /// </summary>
    internal void ReportRenewals(ZendeskConnection connection)
    {
        while (connection.Credential.TryTakeRenewal(out var grant))
        {
            var token = ZendeskOAuthToken.FromGrant(grant, connection.Url, connection.Credential.ClientId ?? "", DateTimeOffset.UtcNow);
            connection.RenewedToken = token;
            WriteVerbose($"The OAuth access token was renewed; the new one expires {(token.ExpiresAt is { } expires ? "at " + expires.ToString("u", System.Globalization.CultureInfo.InvariantCulture) : "never")}.");
            if (grant.CompletedAfterStop)
            {
                WriteWarning($"{ErrorIds.TokenRenewedInBackground}: a token renewal sent before a command was stopped finished afterwards; Zendesk rotated the refresh token and this connection now uses the new pair. "
                    + (connection.OnTokenRefreshed is null
                        ? "Store the new refresh token now: (Get-ZendeskConnection).RenewedToken.RefreshToken (a SecureString); the old one no longer works."
                        : "It is handed to -OnTokenRefreshed now."));
            }
            if (connection.OnTokenRefreshed is not { } callback)
            {
                continue;
            }

            try
            {
                // A script block belongs to the runspace that made it; in another runspace (ForEach-Object
                // -Parallel) an unbound copy runs instead, as -Parallel does with its own script blocks.
                var runnable = ReferenceEquals(Runspace.DefaultRunspace, connection.Origin) ? callback : ScriptBlock.Create(callback.ToString());
                runnable.Invoke(token);
            }
            catch (Exception e) when (e is RuntimeException or InvalidOperationException or ArgumentException)
            {
                // The message of the user's own script block; it never holds the token, which it received as an object.
                _deferredErrors.Enqueue(new ErrorRecord(
                    new InvalidOperationException($"The -OnTokenRefreshed script block failed: {e.Message} The new token was NOT stored by it, and the old refresh token no longer works. The connection keeps the new token and goes on working: store it from (Get-ZendeskConnection).RenewedToken (or $connection.RenewedToken for -Connection); its RefreshToken is a SecureString.", e),
                    ErrorIds.TokenRefreshCallbackFailed, ErrorCategory.WriteError, connection)
                {
                    ErrorDetails = new ErrorDetails($"The -OnTokenRefreshed script block failed: {e.Message}")
                    {
                        RecommendedAction = "Store (Get-ZendeskConnection).RenewedToken.RefreshToken now, then fix the script block.",
                    },
                });
            }
        }
    }

    private void WriteQueued(QueuedLog log)
    {
        while (log.TryDequeue(out var message))
        {
            switch (message.Kind)
            {
                case MessageKind.Waiting when message.Delay > s_showWaitsLongerThan && (_showWaits ??= IsInteractiveHost()):
                    _waitEndsAt = DateTimeOffset.UtcNow + message.Delay;
                    _waitReason = message.Text;
                    ShowWait();
                    break;
                case MessageKind.WaitEnded when _waitEndsAt is not null:
                    _waitEndsAt = null;
                    WriteProgress(new ProgressRecord(WaitProgressId, "Waiting for Zendesk", "Done") { RecordType = ProgressRecordType.Completed });
                    break;
                case MessageKind.Debug:
                    WriteDebug(message.Text);
                    break;
                case MessageKind.Verbose:
                    WriteVerbose(message.Text);
                    break;
            }
        }
    }

    /// <summary>The wait's countdown: the reason and the whole seconds left, in interactive hosts only.</summary>
    private void ShowWait()
    {
        if (_waitEndsAt is not { } ends)
        {
            return;
        }
        var left = Math.Max(0, (int)Math.Ceiling((ends - DateTimeOffset.UtcNow).TotalSeconds));
        WriteProgress(new ProgressRecord(WaitProgressId, "Waiting for Zendesk", $"{_waitReason} ({left} s left)") { SecondsRemaining = left });
    }

    /// <summary>Debug text is built only when someone will read it: -Debug or $DebugPreference.</summary>
    private bool IsDebugEnabled()
    {
        if (MyInvocation.BoundParameters.ContainsKey("Debug"))
        {
            return IsSwitchOn("Debug");
        }
        return GetVariableValue("DebugPreference") is ActionPreference preference
            && preference is not (ActionPreference.SilentlyContinue or ActionPreference.Ignore);
    }

    /// <summary>-Verbose, -Debug (whose verbose lines are written as debug lines) or $VerbosePreference.</summary>
    private bool IsVerboseEnabled()
    {
        if (MyInvocation.BoundParameters.ContainsKey("Verbose"))
        {
            return IsSwitchOn("Verbose");
        }
        return IsSwitchOn("Debug")
            || GetVariableValue("VerbosePreference") is ActionPreference preference && preference is not (ActionPreference.SilentlyContinue or ActionPreference.Ignore);
    }

    private bool DebugSwitchOnly() => IsSwitchOn("Debug") && !MyInvocation.BoundParameters.ContainsKey("Verbose");

    private bool IsSwitchOn(string name) =>
        MyInvocation.BoundParameters.TryGetValue(name, out var value) && (value is SwitchParameter { IsPresent: true } || value is true);

    private enum MessageKind
    {
        Verbose,
        Debug,
        Waiting,
        WaitEnded,
    }

    private readonly struct Message
    {
        public Message(MessageKind kind, string text, TimeSpan delay = default)
        {
            Kind = kind;
            Text = text;
            Delay = delay;
        }

        public MessageKind Kind { get; }
        public string Text { get; }
        public TimeSpan Delay { get; }
    }

    private sealed class QueuedLog : IRequestLog, IDisposable
    {
        private readonly ConcurrentQueue<Message> _messages = new();
        private readonly SemaphoreSlim _signal = new(0);

        public QueuedLog(bool verboseEnabled, bool debugEnabled)
        {
            IsVerboseEnabled = verboseEnabled;
            IsDebugEnabled = debugEnabled;
        }

        public bool IsVerboseEnabled { get; }

        public bool IsDebugEnabled { get; }

        public void Verbose(string message)
        {
            if (IsVerboseEnabled)
            {
                Enqueue(new Message(MessageKind.Verbose, message));
            }
        }

        public void Debug(string message)
        {
            if (IsDebugEnabled)
            {
                Enqueue(new Message(MessageKind.Debug, message));
            }
        }

        public void Waiting(TimeSpan delay, string reason)
        {
            Enqueue(new Message(MessageKind.Verbose, $"Waiting {delay.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)} s: {reason}"));
            Enqueue(new Message(MessageKind.Waiting, reason, delay));
        }

        public void WaitEnded() => Enqueue(new Message(MessageKind.WaitEnded, ""));

        public void Wake() => _signal.Release();

        public void WaitForMessage(TimeSpan timeout) => _signal.Wait(timeout);

        public bool TryDequeue(out Message message) => _messages.TryDequeue(out message);

        public void Dispose() => _signal.Dispose();

        private void Enqueue(Message message)
        {
            _messages.Enqueue(message);
            // Never written here, even on the pipeline thread: writing runs PowerShell code (4>&1 feeds a pipeline),
            // and the work reporting may hold a lock (a token renewal) that code needs. A request sent inline has its
            // messages written just before it blocks (InlineSend.CallerWaits).
            _signal.Release();
        }
    }
}

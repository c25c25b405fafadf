using System;
using System.Collections.Concurrent;
using System.Management.Automation;
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
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Cancelled when the user presses Ctrl+C or the pipeline stops.</summary>
    protected CancellationToken StopToken => _stopping.Token;

    protected override void StopProcessing() => _stopping.Cancel();

    public void Dispose()
    {
        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Runs <paramref name="operation"/> and blocks the pipeline thread until it ends, writing its Verbose and
    /// Debug messages meanwhile. Ctrl+C becomes <see cref="PipelineStoppedException"/>; other failures are rethrown.
    /// </summary>
    internal T Await<T>(Func<IRequestLog, CancellationToken, Task<T>> operation)
    {
        using var log = new QueuedLog(IsDebugEnabled());
        Task<T> task;
        try
        {
            task = operation(log, StopToken);
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }

        task.ContinueWith(_ => log.Wake(), TaskScheduler.Default);
        while (!task.IsCompleted)
        {
            log.WaitForMessage();
            WriteQueued(log);
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
    /// Tells the user of each renewal once, and hands the new token to the connection's -OnTokenRefreshed script
    /// block so the rotated refresh token can be kept. A failing script block is an error, not a silent loss.
    /// </summary>
    private void ReportRenewals(ZendeskConnection connection)
    {
        while (connection.Credential.TryTakeRenewal(out var grant))
        {
            var token = ZendeskOAuthToken.FromGrant(grant, connection.Url, connection.Credential.ClientId ?? "", DateTimeOffset.UtcNow);
            WriteVerbose($"The OAuth access token was renewed; the new one expires {(token.ExpiresAt is { } expires ? "at " + expires.ToString("u", System.Globalization.CultureInfo.InvariantCulture) : "never")}.");
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
            catch (RuntimeException e)
            {
                WriteError(new ErrorRecord(
                    new InvalidOperationException($"The -OnTokenRefreshed script block failed: {e.Message} The new refresh token was not stored; the connection keeps it in memory and goes on working.", e),
                    ErrorIds.TokenRefreshCallbackFailed, ErrorCategory.WriteError, connection));
            }
        }
    }

    private void WriteQueued(QueuedLog log)
    {
        while (log.TryDequeue(out var message))
        {
            // With -Debug and no -Verbose, PowerShell asks before every verbose line; as debug lines they just show.
            if (message.IsDebug || DebugSwitchOnly())
            {
                WriteDebug(message.Text);
            }
            else
            {
                WriteVerbose(message.Text);
            }
        }
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

    private bool DebugSwitchOnly() => IsSwitchOn("Debug") && !MyInvocation.BoundParameters.ContainsKey("Verbose");

    private bool IsSwitchOn(string name) =>
        MyInvocation.BoundParameters.TryGetValue(name, out var value) && (value is SwitchParameter { IsPresent: true } || value is true);

    private sealed class QueuedLog : IRequestLog, IDisposable
    {
        private readonly ConcurrentQueue<(bool IsDebug, string Text)> _messages = new();
        private readonly SemaphoreSlim _signal = new(0);

        public QueuedLog(bool debugEnabled) => IsDebugEnabled = debugEnabled;

        public bool IsDebugEnabled { get; }

        public void Verbose(string message) => Enqueue(false, message);

        public void Debug(string message)
        {
            if (IsDebugEnabled)
            {
                Enqueue(true, message);
            }
        }

        public void Wake() => _signal.Release();

        public void WaitForMessage() => _signal.Wait();

        public bool TryDequeue(out (bool IsDebug, string Text) message) => _messages.TryDequeue(out message);

        public void Dispose() => _signal.Dispose();

        private void Enqueue(bool isDebug, string text)
        {
            _messages.Enqueue((isDebug, text));
            _signal.Release();
        }
    }
}

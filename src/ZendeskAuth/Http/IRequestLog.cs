using System;

namespace ZendeskAuth.Http;

/// <summary>
/// Where the request pipeline reports what it does. The pipeline may run on any thread; the cmdlet side
/// queues these and writes them on the pipeline thread.
/// </summary>
internal interface IRequestLog
{
    /// <summary>False when nobody reads verbose output: the per-request lines are then not even built.</summary>
    bool IsVerboseEnabled { get; }

    bool IsDebugEnabled { get; }

    void Verbose(string message);

    /// <summary>Only ever given text that has passed through <see cref="Json.SecretRedactor"/>.</summary>
    void Debug(string message);

    /// <summary>A wait begins (a retry or the rate limit); long ones are shown as progress.</summary>
    void Waiting(TimeSpan delay, string reason);

    void WaitEnded();
}

internal sealed class NullRequestLog : IRequestLog
{
    public static readonly NullRequestLog Instance = new();

    public bool IsVerboseEnabled => false;

    public bool IsDebugEnabled => false;

    public void Verbose(string message)
    {
    }

    public void Debug(string message)
    {
    }

    public void Waiting(TimeSpan delay, string reason)
    {
    }

    public void WaitEnded()
    {
    }
}

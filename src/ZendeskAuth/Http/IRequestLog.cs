namespace ZendeskAuth.Http;

/// <summary>
/// Where the request pipeline reports what it does. The pipeline may run on any thread; the cmdlet side
/// queues these and writes them on the pipeline thread.
/// </summary>
internal interface IRequestLog
{
    bool IsDebugEnabled { get; }

    void Verbose(string message);

    /// <summary>Only ever given text that has passed through <see cref="Json.SecretRedactor"/>.</summary>
    void Debug(string message);
}

internal sealed class NullRequestLog : IRequestLog
{
    public static readonly NullRequestLog Instance = new();

    public bool IsDebugEnabled => false;

    public void Verbose(string message)
    {
    }

    public void Debug(string message)
    {
    }
}

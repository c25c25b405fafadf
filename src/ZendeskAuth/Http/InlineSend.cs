using System;
using System.Net.Http;
using System.Reflection;
using System.Threading;

namespace ZendeskAuth.Http;

/// <summary>
/// Sends a request on the calling thread when that thread would only block until the answer anyway: a cmdlet's
/// pipeline thread waiting for its own request. <c>HttpClient.Send</c> (.NET 5 and later, so PowerShell 7) then
/// writes and reads the socket itself, instead of handing the answer to a thread-pool thread that wakes the waiting
/// one; on a busy machine that hop and the spinning around it cost more than the request's own work. Windows
/// PowerShell 5.1 (.NET Framework, no synchronous Send) always sends asynchronously. Work started to run in the
/// background (a refresh grant that must outlive Ctrl+C, pages read ahead, -ThrottleLimit) is never inline.
/// </summary>
internal static class InlineSend
{
    private static readonly Func<HttpClient, HttpRequestMessage, HttpCompletionOption, CancellationToken, HttpResponseMessage>? s_send = Find();

    [ThreadStatic]
    private static bool t_callerWaits;

    [ThreadStatic]
    private static Action? t_beforeBlocking;

    /// <summary>Whether a request sent now, on this thread, is sent inline.</summary>
    public static bool Here => t_callerWaits && s_send is not null;

    /// <summary>
    /// Until disposed, requests started on this thread are sent inline (where .NET can); <paramref name="beforeBlocking"/>
    /// runs each time just before this thread blocks in a send (the waiting cmdlet writes its messages: the GET line
    /// shows before a slow answer).
    /// </summary>
    public static Scope CallerWaits(Action? beforeBlocking = null) => new(true, beforeBlocking);

    /// <summary>Until disposed, requests started on this thread go to the background, even inside <see cref="CallerWaits"/>.</summary>
    public static Scope Suspended() => new(false, null);

    /// <summary>
    /// Called by a request about to be sent inline, outside its transport error handling (what the messages' readers
    /// throw is theirs, not a failed connection): the waiting cmdlet writes what was reported so far.
    /// </summary>
    public static void BeforeBlocking()
    {
        if (t_beforeBlocking is { } beforeBlocking)
        {
            // Written here, where the request holds no lock, and not where each message is made: a message can run
            // PowerShell code (a pipeline fed by 4>&1), which may itself call Zendesk on the same connection. That code
            // runs outside this request's inline scope.
            using (Suspended())
            {
                beforeBlocking();
            }
        }
    }

    /// <summary>HttpClient.Send with the answer's headers read; only when <see cref="Here"/>.</summary>
    public static HttpResponseMessage Send(HttpClient client, HttpRequestMessage request, CancellationToken cancellationToken) =>
        s_send!(client, request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);

    private static Func<HttpClient, HttpRequestMessage, HttpCompletionOption, CancellationToken, HttpResponseMessage>? Find()
    {
        var send = typeof(HttpClient).GetMethod("Send", BindingFlags.Public | BindingFlags.Instance, null,
            new[] { typeof(HttpRequestMessage), typeof(HttpCompletionOption), typeof(CancellationToken) }, null);
        return send is null || send.ReturnType != typeof(HttpResponseMessage)
            ? null
            : (Func<HttpClient, HttpRequestMessage, HttpCompletionOption, CancellationToken, HttpResponseMessage>)Delegate.CreateDelegate(
                typeof(Func<HttpClient, HttpRequestMessage, HttpCompletionOption, CancellationToken, HttpResponseMessage>), send);
    }

    /// <summary>Restores the thread's earlier setting when disposed.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly bool _previous;
        private readonly Action? _previousBeforeBlocking;

        internal Scope(bool callerWaits, Action? beforeBlocking)
        {
            _previous = t_callerWaits;
            _previousBeforeBlocking = t_beforeBlocking;
            t_callerWaits = callerWaits;
            t_beforeBlocking = beforeBlocking;
        }

        public void Dispose()
        {
            t_callerWaits = _previous;
            t_beforeBlocking = _previousBeforeBlocking;
        }
    }
}

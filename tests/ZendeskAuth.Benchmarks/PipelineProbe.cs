using System.Management.Automation;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text.Json;
using ZendeskAuth.Emulator;
using ZendeskAuth.Hosting;

namespace ZendeskAuth.Benchmarks;

/// <summary>
/// Profiling aid for the per-request figure. It drives the module's own internals (loaded in this process by the
/// hosted engine) through reflection, so the gap between Invoke-ZendeskRequest and a bare HttpClient can be split
/// into layers: PowerShell's cost of running any cmdlet, the module's RequestPipeline.SendAsync, the JSON to
/// PSObject conversion, the cmdlet's way of waiting (a queued log woken per message), and the rest of
/// Invoke-ZendeskRequest. The probe cmdlets below run these layers inside a minimal cmdlet. No figure with a
/// target comes from here.
/// </summary>
internal sealed class PipelineProbe
{
    private readonly object _connection;
    private readonly Uri _uri;
    private readonly MethodInfo _send;
    private readonly ConstructorInfo _newRequest;
    private readonly PropertyInfo _timeout;
    private readonly MethodInfo _convert;
    private readonly object _nullLog;
    private readonly HttpClient _moduleClient;
    private readonly HttpClient _bareClient;
    private readonly Type _queuedLog;
    private readonly MethodInfo _wake;
    private readonly MethodInfo _waitForMessage;
    private readonly MethodInfo _tryDequeue;

    public PipelineProbe(HostedPowerShell shell, Uri uri, HttpClient bareClient)
    {
        _uri = uri;
        _bareClient = bareClient;
        _connection = shell.Run("Get-ZendeskConnection").ThrowIfFailed().Output[0].BaseObject;
        var module = _connection.GetType().Assembly;
        Type Type(string name) => module.GetType(name, throwOnError: true)!;
        var requestType = Type("ZendeskAuth.Http.ZendeskRequest");
        _send = Type("ZendeskAuth.Http.RequestPipeline").GetMethod("SendAsync", BindingFlags.Public | BindingFlags.Static,
                    [_connection.GetType(), requestType, Type("ZendeskAuth.Http.IRequestLog"), typeof(CancellationToken)])
                ?? throw new MissingMethodException("RequestPipeline.SendAsync(connection, request, log, token)");
        _newRequest = requestType.GetConstructor([typeof(HttpMethod), typeof(Uri)]) ?? throw new MissingMethodException("ZendeskRequest(method, uri)");
        _timeout = requestType.GetProperty("Timeout")!;
        _convert = Type("ZendeskAuth.Json.JsonToPSObject").GetMethod("Convert", [typeof(JsonElement), typeof(bool)]) ?? throw new MissingMethodException("JsonToPSObject.Convert");
        _nullLog = Type("ZendeskAuth.Http.NullRequestLog").GetField("Instance")!.GetValue(null)!;
        _moduleClient = (HttpClient)Type("ZendeskAuth.Http.HttpClientProvider").GetMethod("Get", [typeof(bool)])!.Invoke(null, [true])!;
        _queuedLog = Type("ZendeskAuth.Commands.ZendeskCmdlet").GetNestedType("QueuedLog", BindingFlags.NonPublic)
            ?? throw new TypeLoadException("ZendeskCmdlet.QueuedLog");
        _wake = _queuedLog.GetMethod("Wake")!;
        _waitForMessage = _queuedLog.GetMethod("WaitForMessage")!;
        _tryDequeue = _queuedLog.GetMethod("TryDequeue")!;
        Current = this;
    }

    /// <summary>The probe the probe cmdlets use.</summary>
    public static PipelineProbe? Current { get; private set; }

    /// <summary>A GET with the same headers as the bare loop; the body text.</summary>
    public string Get(bool moduleClient)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DemoCredentials.OAuthAccessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = (moduleClient ? _moduleClient : _bareClient).SendAsync(request, HttpCompletionOption.ResponseHeadersRead).GetAwaiter().GetResult();
        var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        if (!response.IsSuccessStatusCode || body.Length == 0)
        {
            throw new InvalidOperationException($"The GET got {(int)response.StatusCode}.");
        }
        return body;
    }

    /// <summary>RequestPipeline.SendAsync with NullRequestLog, blocking on the task; the body text.</summary>
    public string SendRaw()
    {
        var task = Start(_nullLog);
        task.GetAwaiter().GetResult();
        return Body(task);
    }

    /// <summary>The same, then parse and convert as the cmdlet does.</summary>
    public object Send() => Convert(SendRaw());

    /// <summary>JsonDocument.Parse and JsonToPSObject.Convert, as Invoke-ZendeskRequest does with a body.</summary>
    public object Convert(string body)
    {
        using var document = JsonDocument.Parse(body);
        return _convert.Invoke(null, [document.RootElement, false]) as PSObject ?? throw new InvalidOperationException("JsonToPSObject.Convert did not return a PSObject.");
    }

    /// <summary>The same, waited as ZendeskCmdlet.Wait waits: a QueuedLog woken by each message and by the task's end, drained on this thread.</summary>
    public object SendQueued()
    {
        using var log = (IDisposable)Activator.CreateInstance(_queuedLog, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance, null, [false, false], null)!;
        var task = Start(log);
        task.ContinueWith(_ => _wake.Invoke(log, null), TaskScheduler.Default);
        var drain = new object?[1];
        while (!task.IsCompleted)
        {
            _waitForMessage.Invoke(log, [Timeout.InfiniteTimeSpan]);
            while ((bool)_tryDequeue.Invoke(log, drain)!)
            {
            }
        }
        while ((bool)_tryDequeue.Invoke(log, drain)!)
        {
        }
        task.GetAwaiter().GetResult();
        return Convert(Body(task));
    }

    private Task Start(object log)
    {
        var request = _newRequest.Invoke([HttpMethod.Get, _uri]);
        _timeout.SetValue(request, TimeSpan.FromSeconds(100)); // the cmdlet's default -TimeoutSec
        return (Task)_send.Invoke(null, [_connection, request, log, CancellationToken.None])!;
    }

    private static string Body(Task task)
    {
        var response = task.GetType().GetProperty("Result")!.GetValue(task)!;
        return (string)response.GetType().GetProperty("Body")!.GetValue(response)!;
    }

}

/// <summary>Minimal cmdlets around the probe's layers, imported from this assembly into the benchmark's runspace.</summary>
[Cmdlet("Invoke", "ProbeRequest")]
public sealed class InvokeProbeRequestCommand : PSCmdlet
{
    /// <summary>Bare: a plain HttpClient GET, body text out. Queued: RequestPipeline.SendAsync + JSON to PSObject, waited as the module's cmdlets wait.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateSet("Bare", "Queued")]
    public string Layer { get; set; } = "";

    /// <summary>How many requests this one call makes, one after another on the pipeline thread (the last answer is written).</summary>
    [Parameter]
    public int Count { get; set; } = 1;

    protected override void ProcessRecord()
    {
        var probe = PipelineProbe.Current ?? throw new InvalidOperationException("No probe.");
        object? last = null;
        for (var i = 0; i < Count; i++)
        {
            last = Layer switch
            {
                "Bare" => probe.Get(moduleClient: false),
                _ => probe.SendQueued(),
            };
        }
        WriteObject(last);
    }
}

using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using System.Text.Json;
using System.Threading.Tasks;
using ZendeskAuth.Connections;
using ZendeskAuth.Errors;
using ZendeskAuth.Http;
using ZendeskAuth.Json;

namespace ZendeskAuth.Commands;

/// <summary>
/// Calls any Zendesk API endpoint on the connected account and outputs the answer as PowerShell objects.
/// With -Paginate it streams every record of every page; with -ThrottleLimit it runs requests from the
/// pipeline concurrently, in input order. 429 and 503 are retried after Retry-After, transient failures of
/// idempotent requests with backoff.
/// </summary>
// Medium: below the default $ConfirmPreference (High), so changes run without asking unless -Confirm is given.
[Cmdlet(VerbsLifecycle.Invoke, "ZendeskRequest", SupportsPaging = true, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(PSObject), typeof(string))]
public sealed class InvokeZendeskRequestCommand : ZendeskApiCmdlet
{
    private const int PagingProgressId = 7_002;

    private readonly List<KeyValuePair<string, string>> _headers = new();
    private readonly Queue<(string Path, Task<ZendeskResponse> Answer)> _inFlight = new();
    private ZendeskConnection? _connection;
    private byte[]? _body;
    private string? _contentType;
    private string? _inFile;
    private string? _outFile;
    private bool _showProgress;

    /// <summary>/api/v2/users/me.json, api/v2/users/me.json, users/me.json, or an absolute URL on the connected host.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Uri", "Url")]
    [ArgumentCompleter(typeof(PathCompleter))]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>GET unless given.</summary>
    [Parameter]
    public ZendeskHttpMethod Method { get; set; } = ZendeskHttpMethod.Get;

    /// <summary>A hashtable, PSCustomObject, array or JSON string; serialized to JSON at any depth.</summary>
    [Parameter]
    public object? Body { get; set; }

    /// <summary>Query-string pairs, URL-encoded for you. A list becomes a comma-separated value.</summary>
    [Parameter]
    public IDictionary? Query { get; set; }

    /// <summary>Extra headers such as X-On-Behalf-Of. Authorization comes from the connection and cannot be set here.</summary>
    [Parameter]
    public IDictionary? Headers { get; set; }

    /// <summary>Output the response body as text instead of objects.</summary>
    [Parameter]
    public SwitchParameter Raw { get; set; }

    /// <summary>JSON objects become Hashtables (case-insensitive keys) instead of PSCustomObjects, as Invoke-RestMethod -AsHashtable.</summary>
    [Parameter]
    public SwitchParameter AsHashtable { get; set; }

    /// <summary>
    /// An answer outside 2xx is output like a success (its body, as objects or text) instead of an error, as
    /// Invoke-RestMethod -SkipHttpErrorCheck; -StatusCodeVariable then tells them apart. 429 and 503 are still retried first.
    /// </summary>
    [Parameter]
    public SwitchParameter SkipHttpErrorCheck { get; set; }

    /// <summary>
    /// Follow every page (cursor, offset or incremental export) and output each record of the collection as its
    /// page arrives. Asks for cursor pages of 100 when no page size is given. -First and -Skip count records.
    /// </summary>
    [Parameter]
    public SwitchParameter Paginate { get; set; }

    /// <summary>
    /// With -Paginate: output each whole page as one object (its records, every side-loaded array such as the
    /// users of include=users, and the paging fields) instead of the records one by one. -First and -Skip then count pages.
    /// </summary>
    [Parameter]
    public SwitchParameter AsPage { get; set; }

    /// <summary>How many times a 429, 503 or transient failure is retried (default 3); 0 never retries.</summary>
    [Parameter]
    [Alias("MaximumRetryCount")]
    [ValidateRange(0, 20)]
    public int MaxRetries { get; set; } = ZendeskRequest.DefaultMaxRetries;

    /// <summary>How many requests from the pipeline run at once (default 1). Output keeps the input order.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 1;

    /// <summary>Stream the response body to this file instead of outputting it (attachments, exports).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? OutFile { get; set; }

    /// <summary>Send this file as the body (uploads, such as /api/v2/uploads.json?filename=…), with -ContentType.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? InFile { get; set; }

    /// <summary>The body's media type; application/json unless given.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ContentType { get; set; }

    /// <summary>Seconds to wait for each answer; 0 waits without limit.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int TimeoutSec { get; set; } = 100;

    /// <summary>The name of a variable to receive the last response's headers, as Invoke-RestMethod has it.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ResponseHeadersVariable { get; set; }

    /// <summary>The name of a variable to receive the last response's status code, as Invoke-RestMethod has it.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? StatusCodeVariable { get; set; }

    protected override void BeginProcessing()
    {
        CheckCombinations();
        _connection = ResolveConnection();
        if (Body is not null)
        {
            try
            {
                // A byte array or a stream is the body itself, sent as raw bytes (as Invoke-RestMethod does); anything else is JSON.
                _body = RawBody(Body) ?? JsonBody.Serialize(Body);
                _contentType = ContentType ?? (_body is not null && IsRaw(Body) ? MediaTypes.OctetStream : null);
            }
            catch (ArgumentException e)
            {
                ThrowTerminatingError(ErrorMapper.ToErrorRecord(e, Body, ErrorIds.InvalidBody));
            }
        }
        if (InFile is not null)
        {
            _inFile = GetUnresolvedProviderPathFromPSPath(InFile);
            if (!File.Exists(_inFile))
            {
                ThrowTerminatingError(ErrorMapper.Create($"-InFile '{InFile}' does not exist.", ErrorIds.InvalidBody, ErrorCategory.ObjectNotFound, InFile));
            }
            // The file's own type, never JSON: Zendesk's uploads (UploadFiles) need "a recognized MIME type that
            // correctly describes the type of the uploaded file".
            _contentType = ContentType ?? MediaTypes.FromFileName(_inFile);
            if (_contentType is null)
            {
                ThrowTerminatingError(ErrorMapper.Create(
                    $"-InFile '{InFile}': the module cannot tell the file's type from its name, and will not send it labelled as JSON. Give its type with -ContentType (for example -ContentType application/pdf).",
                    ErrorIds.UnknownContentType, ErrorCategory.InvalidArgument, InFile));
            }
        }
        if (OutFile is not null)
        {
            _outFile = GetUnresolvedProviderPathFromPSPath(OutFile);
            // Checked before anything is sent: a mistyped folder must not cost a request (a POST done once,
            // then reported as failed) and is a local error, not Zendesk's.
            if (ResponseBody.WhyNotWritable(_outFile) is { } why)
            {
                ThrowTerminatingError(ErrorMapper.Create(
                    $"-OutFile '{OutFile}' cannot be written (a local error; nothing was sent): {why}",
                    ErrorIds.OutFileNotWritable, Directory.Exists(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(_outFile))) ? ErrorCategory.WriteError : ErrorCategory.ObjectNotFound, OutFile));
            }
        }

        // Checked here too, so a bad header ends the command before the first request instead of failing each one;
        // RequestPipeline checks again with the same WireText rules for every path.
        try
        {
            foreach (DictionaryEntry entry in Headers ?? new Hashtable())
            {
                var name = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? "";
                var value = HeaderValue(entry.Value);
                WireText.CheckHeader(name, value);
                _headers.Add(new KeyValuePair<string, string>(name, value));
            }
            if (ContentType is not null)
            {
                WireText.CheckHeaderValue("Content-Type", ContentType);
            }
        }
        catch (UnsafeWireTextException e)
        {
            ThrowTerminatingError(ErrorMapper.ToErrorRecord(e, null));
        }

        // A progress bar only where someone watches: not in the SDK's default host, a job or a runbook.
        _showProgress = Paginate && Environment.UserInteractive && Host?.UI?.RawUI is not null && Host.Name != "Default Host";
    }

    protected override void ProcessRecord()
    {
        if (BuildRequest(Path) is not { } request)
        {
            return;
        }
        // -WhatIf and -Confirm for methods that change data; reads never ask.
        if (Method != ZendeskHttpMethod.Get
            && !ShouldProcess($"{request.Method.Method} {Json.SecretRedactor.Url(request.Uri)}", "Invoke-ZendeskRequest"))
        {
            return;
        }

        if (Paginate)
        {
            Page(request);
        }
        else if (ThrottleLimit == 1)
        {
            Write(Path, () => Send(_connection!, request));
        }
        else
        {
            // Up to ThrottleLimit in flight; the oldest is written first, so output keeps the input order.
            while (_inFlight.Count >= ThrottleLimit)
            {
                WriteOldest();
            }
            _inFlight.Enqueue((Path, RequestPipeline.SendAsync(_connection!, request, Log, StopToken)));
        }
    }

    protected override void EndProcessing()
    {
        while (_inFlight.Count > 0)
        {
            WriteOldest();
        }
        WriteDeferredErrors();
    }

    private static object? Unwrapped(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;

    private static bool IsRaw(object value) => Unwrapped(value) is byte[] or Stream || AsBytes(Unwrapped(value)) is not null;

    /// <summary>
    /// An object[] holding only System.Byte values (Get-Content -AsByteStream without -Raw, @() around a byte[]) is
    /// bytes too: PowerShell's own number literals are Int32, so such an array is never meant as JSON numbers.
    /// </summary>
    private static byte[]? AsBytes(object? value)
    {
        if (value is not object[] items || items.Length == 0)
        {
            return null;
        }
        var bytes = new byte[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            if (Unwrapped(items[i]) is not byte b)
            {
                return null;
            }
            bytes[i] = b;
        }
        return bytes;
    }

    /// <summary>The bytes of a byte[] or Stream body; null for anything that is serialized as JSON.</summary>
    private static byte[]? RawBody(object value)
    {
        switch (Unwrapped(value))
        {
            case byte[] bytes:
                return bytes;
            case object[] items when AsBytes(items) is { } bytes:
                return bytes;
            case Stream stream:
                using (var copy = new MemoryStream())
                {
                    stream.CopyTo(copy);
                    return copy.ToArray();
                }
            default:
                return null;
        }
    }

    /// <summary>
    /// A -Headers value as it goes on the wire: a list becomes one comma-separated value, as HttpClient (and
    /// Invoke-RestMethod) sends a header given several values; not the text "System.Object[]".
    /// </summary>
    private static string HeaderValue(object? value)
    {
        static string One(object? item) => Convert.ToString(item is PSObject wrapped ? wrapped.BaseObject : item, CultureInfo.InvariantCulture) ?? "";
        var unwrapped = value is PSObject outer ? outer.BaseObject : value;
        return unwrapped is IEnumerable list and not string
            ? string.Join(", ", list.Cast<object?>().Select(One))
            : One(unwrapped);
    }

    private void CheckCombinations()
    {
        string? problem =
            Body is not null && InFile is not null ? "-Body and -InFile both give the body: use one." :
            (Body is not null || InFile is not null) && Method == ZendeskHttpMethod.Get ? "-Body (or -InFile) with a GET: a GET sends no body, and Zendesk would answer as if there were none (tickets.json would list tickets instead of creating one). To send it, add -Method Post, Put or Patch; to filter a list, pass the pairs as -Query." :
            AsPage && !Paginate ? "-AsPage outputs the whole pages of a paged list: add -Paginate." :
            OutFile is not null && Paginate ? "-OutFile saves one response; it cannot take the records of many pages (-Paginate)." :
            OutFile is not null && ThrottleLimit > 1 ? "-OutFile saves to one file; run requests one at a time (-ThrottleLimit 1)." :
            Paginate && ThrottleLimit > 1 ? "-Paginate follows one list page by page; it runs one request at a time (-ThrottleLimit 1)." :
            !Paginate && (PagingParameters.First != ulong.MaxValue || PagingParameters.Skip != 0 || PagingParameters.IncludeTotalCount) ? "-First, -Skip and -IncludeTotalCount count the records of a paged list: add -Paginate." :
            null;
        if (problem is not null)
        {
            ThrowTerminatingError(ErrorMapper.Create(problem, ErrorIds.InvalidParameterCombination, ErrorCategory.InvalidArgument, null));
        }
    }

    private ZendeskRequest? BuildRequest(string path)
    {
        ZendeskRequest request;
        try
        {
            var uri = ZendeskUrl.Resolve(_connection!.Url, path, Query);
            request = new ZendeskRequest(Method.ToHttpMethod(), Paginate ? PageSizeAdded(uri) : uri)
            {
                Body = _body,
                InFile = _inFile,
                OutFile = _outFile,
                Timeout = TimeoutSec == 0 ? null : TimeSpan.FromSeconds(TimeoutSec),
                MaxRetries = MaxRetries,
            };
        }
        catch (Exception e) when (e is ArgumentException or ForeignHostException or UriFormatException)
        {
            WriteError(ErrorMapper.ToErrorRecord(e is UriFormatException ? new ArgumentException(e.Message, e) : e, path, ErrorIds.InvalidPath));
            return null;
        }
        if ((_contentType ?? ContentType) is { } contentType)
        {
            request.ContentType = contentType;
        }
        foreach (var header in _headers)
        {
            request.Headers.Add(header);
        }
        return request;
    }

    /// <summary>
    /// Cursor pages of 100 (Zendesk's maximum) when the caller chose no paging: fewer, larger pages. Not for
    /// incremental exports and search, which page their own way.
    /// </summary>
    private static Uri PageSizeAdded(Uri uri)
    {
        var query = Uri.UnescapeDataString(uri.Query);
        var path = uri.AbsolutePath;
        var chosen = query.Contains("page[") || query.Contains("per_page=") || query.Contains("page=") || query.Contains("cursor=");
        var ownPaging = path.Contains("/incremental/") || path.Contains("/search") && !path.Contains("/search/export");
        return chosen || ownPaging || uri.Query.Contains("page%5B") ? uri : ZendeskUrl.AppendQuery(uri, new Hashtable { ["page[size]"] = 100 });
    }

    private void WriteOldest()
    {
        var (path, answer) = _inFlight.Dequeue();
        Write(path, () => Wait(answer));
    }

    /// <summary>Gets one answer and writes it, or its error; the renewals it caused are reported either way.</summary>
    private void Write(string path, Func<ZendeskResponse> answer)
    {
        ZendeskResponse response;
        try
        {
            response = answer();
        }
        catch (ZendeskException e)
        {
            if (e is ZendeskApiException api)
            {
                SetVariables(api.Response);
                if (SkipHttpErrorCheck)
                {
                    WriteResponse(api.Response, path);
                    return;
                }
            }
            ReportRenewals(_connection!);
            WriteError(ErrorMapper.ToErrorRecord(e, path));
            WriteDeferredErrors();
            return;
        }
        catch (Exception e) when (e is not (PipelineStoppedException or OperationCanceledException or ActionPreferenceStopException))
        {
            // Whatever else went wrong, this input ends as one error that names it and the others go on.
            ReportRenewals(_connection!);
            WriteError(ErrorMapper.ToErrorRecord(e, path));
            WriteDeferredErrors();
            return;
        }

        // The answer first: a -OnTokenRefreshed that fails must not cost the output of a request that succeeded.
        ReportRenewals(_connection!);
        SetVariables(response);
        try
        {
            WriteResponse(response, path);
        }
        catch (Exception e) when (e is not (PipelineStoppedException or OperationCanceledException or ActionPreferenceStopException or PipelineClosedException))
        {
            WriteError(ErrorMapper.ToErrorRecord(e is InvalidOperationException ? new ZendeskInvalidResponseException($"The answer to {path} could not be turned into objects ({e.Message}). Use -Raw to see the text.", null, e) : e, path));
        }
        WriteDeferredErrors();
    }

    /// <summary>Each page's records go out as the page arrives, so memory stays flat however long the list.</summary>
    private void Page(ZendeskRequest first)
    {
        ulong skipped = 0, written = 0;
        var pages = 0;
        var warnedSideloads = false;
        var current = first;
        if (PagingParameters.First == 0)
        {
            return;
        }
        try
        {
            ForEachPage(_connection!, first, (request, response, page) =>
            {
                current = request;
                SetVariables(response);
                pages++;
                if (pages == 1 && PagingParameters.IncludeTotalCount)
                {
                    var count = ZendeskJson.Int64(page, "count");
                    WriteObject(PagingParameters.NewTotalCount(count is { } c ? (ulong)c : 0, count is null ? 0.0 : 1.0));
                }
                if (AsPage)
                {
                    // Whole pages: the records, every side-loaded array and the paging data, as Zendesk sent them.
                    if (skipped < PagingParameters.Skip)
                    {
                        skipped++;
                        return true;
                    }
                    WriteObject(JsonToPSObject.Convert(page));
                    written++;
                    return written < PagingParameters.First;
                }
                if (Pagination.CollectionName(page, request.Uri) is not { } collection)
                {
                    WriteObject(JsonToPSObject.Convert(page, AsHashtable));
                    return false;
                }
                if (!warnedSideloads && Pagination.SideloadNames(page, collection) is { Count: > 0 } sideloads)
                {
                    // Nothing is dropped without the user knowing: the side-loaded arrays are not records of the list.
                    warnedSideloads = true;
                    WriteWarning($"The pages also carry side-loaded {string.Join(", ", sideloads)}, which -Paginate does not output as records of {collection}. Add -AsPage to get whole pages with every side-loaded array.");
                }

                var records = page.GetProperty(collection);
                var available = (ulong)records.GetArrayLength();
                var skip = Math.Min(PagingParameters.Skip - skipped, available);
                var take = Math.Min(available - skip, PagingParameters.First - written);
                skipped += skip;
                foreach (var record in JsonToPSObject.ConvertEach(records, (int)skip, (int)take, AsHashtable))
                {
                    WriteObject(record);
                    written++;
                }
                if (written >= PagingParameters.First)
                {
                    return false;
                }

                if (_showProgress)
                {
                    WriteProgress(new ProgressRecord(PagingProgressId, $"Invoke-ZendeskRequest {first.Uri.AbsolutePath}", $"{written} records, page {pages}"));
                }
                return true;
            },
            // From the second page on the pipeline has shown it reads past one page (`| Select-Object -First 5`
            // stops within the first); with -First the count is known and nothing is fetched ahead.
            prefetchAfter: received => received >= 2 && PagingParameters.First == ulong.MaxValue);
        }
        catch (ZendeskException e)
        {
            if (e is ZendeskApiException api)
            {
                SetVariables(api.Response);
                if (SkipHttpErrorCheck)
                {
                    WriteResponse(api.Response, Path);
                    return;
                }
            }
            // A refused next link names the page it came from; the others carry the URL that failed.
            WriteError(ErrorMapper.ToErrorRecord(e, e is ForeignHostException ? current.Uri : null));
        }
        catch (InvalidOperationException e)
        {
            // A page System.Text.Json cannot read (a lone surrogate in a property name): named, not a crash.
            WriteError(ErrorMapper.ToErrorRecord(new ZendeskInvalidResponseException($"The page {Json.SecretRedactor.Url(current.Uri)} cannot be read ({e.Message}). Paging stopped; the records before it were output.", current.Uri, e), current.Uri));
        }
        finally
        {
            WriteDeferredErrors();
            if (_showProgress)
            {
                WriteProgress(new ProgressRecord(PagingProgressId, $"Invoke-ZendeskRequest {first.Uri.AbsolutePath}", "Done") { RecordType = ProgressRecordType.Completed });
            }
        }
    }

    private void WriteResponse(ZendeskResponse response, string path)
    {
        if (response.StatusCode == 204 || response.IsEmpty)
        {
            return;
        }
        if (Raw || !response.IsJson)
        {
            WriteObject(response.Body);
            return;
        }
        using var document = ParseOrWriteError(response, path);
        if (document is not null)
        {
            WriteObject(JsonToPSObject.Convert(document.RootElement, AsHashtable), enumerateCollection: true);
        }
    }

    private void SetVariables(ZendeskResponse response)
    {
        if (ResponseHeadersVariable is not null)
        {
            var headers = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
            foreach (var header in response.Headers)
            {
                headers[header.Key] = header.Value;
            }
            SessionState.PSVariable.Set(ResponseHeadersVariable, headers);
        }
        if (StatusCodeVariable is not null)
        {
            SessionState.PSVariable.Set(StatusCodeVariable, response.StatusCode);
        }
    }
}

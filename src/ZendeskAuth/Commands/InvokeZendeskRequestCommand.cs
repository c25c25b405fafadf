using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Text.Json;
using ZendeskAuth.Connections;
using ZendeskAuth.Errors;
using ZendeskAuth.Http;
using ZendeskAuth.Json;

namespace ZendeskAuth.Commands;

/// <summary>
/// Calls any Zendesk API endpoint on the connected account and outputs the answer as PowerShell objects.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "ZendeskRequest")]
[OutputType(typeof(PSObject), typeof(string))]
public sealed class InvokeZendeskRequestCommand : ZendeskApiCmdlet
{
    private ZendeskConnection? _connection;
    private byte[]? _body;
    private readonly List<KeyValuePair<string, string>> _headers = new();

    /// <summary>/api/v2/users/me.json, api/v2/users/me.json, users/me.json, or an absolute URL on the connected host.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Uri", "Url")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

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

    /// <summary>Seconds to wait for each answer; 0 waits without limit.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int TimeoutSec { get; set; } = 100;

    protected override void BeginProcessing()
    {
        _connection = ResolveConnection();
        if (Body is not null)
        {
            try
            {
                _body = JsonBody.Serialize(Body);
            }
            catch (ArgumentException e)
            {
                ThrowTerminatingError(ErrorMapper.ToErrorRecord(e, Body, ErrorIds.InvalidBody));
            }
        }

        if (Headers is not null)
        {
            foreach (DictionaryEntry entry in Headers)
            {
                var name = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? "";
                if (name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) || name.Equals("Host", StringComparison.OrdinalIgnoreCase))
                {
                    ThrowTerminatingError(ErrorMapper.Create(
                        $"-Headers cannot set {name}: the connection sets it. Use Connect-Zendesk (or -Connection) to choose the credential.",
                        ErrorIds.ProtectedHeader, ErrorCategory.InvalidArgument, name));
                }
                _headers.Add(new KeyValuePair<string, string>(name, Convert.ToString(entry.Value, CultureInfo.InvariantCulture) ?? ""));
            }
        }
    }

    protected override void ProcessRecord()
    {
        var connection = _connection!;
        ZendeskRequest request;
        try
        {
            request = new ZendeskRequest(Method.ToHttpMethod(), ZendeskUrl.Resolve(connection.Url, Path, Query))
            {
                Body = _body,
                Timeout = TimeoutSec == 0 ? null : TimeSpan.FromSeconds(TimeoutSec),
            };
        }
        catch (Exception e) when (e is ArgumentException or ForeignHostException or UriFormatException)
        {
            WriteError(ErrorMapper.ToErrorRecord(e is UriFormatException ? new ArgumentException(e.Message, e) : e, Path, ErrorIds.InvalidPath));
            return;
        }
        foreach (var header in _headers)
        {
            request.Headers.Add(header);
        }

        ZendeskResponse response;
        try
        {
            response = Send(connection, request);
        }
        catch (ZendeskException e)
        {
            WriteError(ErrorMapper.ToErrorRecord(e, request.Uri));
            return;
        }

        WriteResponse(response, request.Uri);
    }

    private void WriteResponse(ZendeskResponse response, Uri uri)
    {
        if (response.StatusCode == 204 || response.Body.Length == 0)
        {
            return;
        }
        if (Raw || !response.IsJson)
        {
            WriteObject(response.Body);
            return;
        }

        object? value;
        try
        {
            value = JsonToPSObject.Parse(response.Body);
        }
        catch (JsonException e)
        {
            WriteError(new ErrorRecord(
                new InvalidOperationException($"{uri.GetLeftPart(UriPartial.Path)} answered {response.StatusCode} with a body that is not valid JSON ({e.Message}). Use -Raw to see the text.", e),
                ErrorIds.InvalidResponse, ErrorCategory.InvalidResult, uri));
            return;
        }
        WriteObject(value, enumerateCollection: true);
    }
}

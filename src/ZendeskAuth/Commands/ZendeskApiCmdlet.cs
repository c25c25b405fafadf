using System;
using System.Management.Automation;
using System.Net.Http;
using System.Text.Json;
using ZendeskAuth.Connections;
using ZendeskAuth.Errors;
using ZendeskAuth.Http;
using ZendeskAuth.Json;
using ZendeskAuth.OAuth;

namespace ZendeskAuth.Commands;

/// <summary>A cmdlet that calls the API: it takes -Connection, or uses the runspace's current connection.</summary>
public abstract class ZendeskApiCmdlet : ZendeskCmdlet
{
    /// <summary>
    /// The connection to use instead of the current one (from Connect-Zendesk -PassThru), so two accounts can
    /// be used side by side and a connection can be handed to another runspace.
    /// </summary>
    [Parameter]
    [ValidateNotNull]
    public ZendeskConnection? Connection { get; set; }

    /// <summary>
    /// True when this command's output is kept: piped on, given -OutVariable, or assigned to a variable other than
    /// $null (read from the statement's text before the command). Used to warn before a once-shown secret is lost.
    /// </summary>
    internal bool OutputIsKept()
    {
        var line = MyInvocation.Line ?? "";
        var offset = Math.Min(Math.Max(MyInvocation.OffsetInLine - 1, 0), line.Length);
        if (MyInvocation.BoundParameters.ContainsKey("OutVariable"))
        {
            return true;
        }
        if (MyInvocation.PipelinePosition < MyInvocation.PipelineLength)
        {
            // Piped on, unless only to be shown or dropped: the next command is Out-Default, Out-Host, Out-Null or Format-*.
            var after = line.Substring(offset);
            var pipe = after.IndexOf('|');
            return pipe < 0 || !System.Text.RegularExpressions.Regex.IsMatch(after.Substring(pipe), @"^\|\s*(Out-Default|Out-Host|Out-Null|Out-String|Format-\w+|ft|fl)\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        }
        var before = line.Substring(0, offset).TrimEnd();
        // $c = (New-…), $c = $(New-…), $c = @(New-…)
        while (before.EndsWith("(", StringComparison.Ordinal))
        {
            before = before.Substring(0, before.Length - 1).TrimEnd();
            before = before.EndsWith("$", StringComparison.Ordinal) || before.EndsWith("@", StringComparison.Ordinal) ? before.Substring(0, before.Length - 1).TrimEnd() : before;
        }
        return before.EndsWith("=", StringComparison.Ordinal)
            && !System.Text.RegularExpressions.Regex.IsMatch(before, @"\$null\s*=$", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
    }

    /// <summary>Warns, when the output is not kept, that a new client secret shown once will be lost with the object.</summary>
    internal void WarnUnlessSecretKept(ZendeskOAuthClient client)
    {
        if (client.Secret is not null && !OutputIsKept())
        {
            WriteWarning($"The secret of OAuth client {client.Identifier} is only in this object's Secret property, and Zendesk will not show it again: assign the output ($client = …) or pipe it on. If it is lost, make a new one with Reset-ZendeskOAuthClientSecret -Id {client.Id} (the old secret stops working).");
        }
    }

    /// <summary>The object under a PSObject wrapper, as pipeline input arrives.</summary>
    internal static object? PSObjectBase(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;

    /// <summary>A short type name for errors about piped objects: the PSCustomObject's first type name, or the .NET name.</summary>
    internal static string TypeName(object? value) => value switch
    {
        null => "null",
        PSObject { BaseObject: PSCustomObject } custom => custom.TypeNames.Count > 0 && custom.TypeNames[0] != "System.Management.Automation.PSCustomObject" ? custom.TypeNames[0] : "PSCustomObject",
        PSObject wrapped => wrapped.BaseObject.GetType().Name,
        _ => value.GetType().Name,
    };

    /// <summary>-Connection, else the current connection; a terminating error when there is neither.</summary>
    internal ZendeskConnection ResolveConnection()
    {
        var connection = Connection ?? ConnectionStore.Current;
        if (connection is null)
        {
            ThrowTerminatingError(ErrorMapper.Create(
                "You are not connected to Zendesk. Run Connect-Zendesk first (for example Connect-Zendesk -Subdomain acme -Credential (Get-Credential)), or pass -Connection.",
                ErrorIds.NotConnected, ErrorCategory.ConnectionError, null));
        }
        if (!connection!.IsConnected)
        {
            ThrowTerminatingError(ErrorMapper.Create(
                $"The connection to {connection.Url} was closed by Disconnect-Zendesk and no longer holds a credential. Run Connect-Zendesk again.",
                ErrorIds.ConnectionClosed, ErrorCategory.InvalidOperation, connection));
        }
        return connection;
    }

    /// <summary>Sends on the connection, blocking until the answer while writing its messages; reports token renewals.</summary>
    internal ZendeskResponse Send(ZendeskConnection connection, ZendeskRequest request) =>
        Await(connection, (log, token) => RequestPipeline.SendAsync(connection, request, log, token));

    /// <summary>How long each request of the Get-, New-, Remove- and Revoke- cmdlets may wait for its answer.</summary>
    internal static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(100);

    /// <summary>Sends a JSON request to an API path and parses the answer; null for an empty answer such as 204.</summary>
    internal JsonDocument? SendJson(ZendeskConnection connection, HttpMethod method, string path, object? body = null, TimeSpan? timeout = null)
    {
        var request = new ZendeskRequest(method, ZendeskUrl.Resolve(connection.Url, path))
        {
            Body = body is null ? null : JsonBody.Serialize(body),
            Timeout = timeout ?? DefaultTimeout,
        };
        var response = Send(connection, request);
        return response.Body.Length == 0 ? null : JsonDocument.Parse(response.Body);
    }

    /// <summary>The first page of the account's OAuth clients, as large as Zendesk allows.</summary>
    internal const string ClientsFirstPage = "/api/v2/oauth/clients.json?page[size]=100";

    /// <summary>
    /// Follows a paged list from <paramref name="first"/>, handing each page to <paramref name="onPage"/> until it
    /// returns false or the last page. Next-page links are followed only on the connected host, as GETs with the
    /// first request's headers, timeout and retries. A page that is not JSON is an InvalidResponse error and ends it.
    /// </summary>
    internal void ForEachPage(ZendeskConnection connection, ZendeskRequest first, Func<ZendeskRequest, ZendeskResponse, JsonElement, bool> onPage)
    {
        for (var request = first; ;)
        {
            var response = Send(connection, request);
            using var page = ParseOrWriteError(response);
            if (page is null || !onPage(request, response, page.RootElement) || Pagination.NextPage(page.RootElement) is not { } next)
            {
                return;
            }
            request = first.ForNextPage(ZendeskUrl.Resolve(connection.Url, next));
        }
    }

    /// <summary>A list on an API path, each page's request with the default timeout.</summary>
    internal void ForEachPage(ZendeskConnection connection, string path, Func<JsonElement, bool> onPage) =>
        ForEachPage(connection, new ZendeskRequest(HttpMethod.Get, ZendeskUrl.Resolve(connection.Url, path)) { Timeout = DefaultTimeout }, (_, _, page) => onPage(page));

    /// <summary>The answer's JSON, or null after writing an InvalidResponse error when it is not JSON.</summary>
    internal JsonDocument? ParseOrWriteError(ZendeskResponse response)
    {
        try
        {
            return JsonDocument.Parse(response.Body);
        }
        catch (JsonException e)
        {
            WriteError(new ErrorRecord(
                new InvalidOperationException($"Zendesk answered {response.StatusCode} with a body that is not valid JSON ({e.Message}). Use -Raw to see the text.", e),
                ErrorIds.InvalidResponse, ErrorCategory.InvalidResult, response.StatusCode));
            return null;
        }
    }

    private readonly System.Collections.Generic.Dictionary<long, string?> _identifiers = new();

    /// <summary>
    /// A client's identifier from its numeric id (GET /api/v2/oauth/clients/{id}.json, once per id), or null when it
    /// cannot be looked up (only admins can read clients). Never an error: it only completes a token's ClientId.
    /// </summary>
    internal string? ClientIdentifier(ZendeskConnection connection, long id)
    {
        if (_identifiers.TryGetValue(id, out var known))
        {
            return known;
        }
        try
        {
            using var document = SendJson(connection, HttpMethod.Get, $"/api/v2/oauth/clients/{id.ToString(System.Globalization.CultureInfo.InvariantCulture)}.json");
            known = document is not null && document.RootElement.TryGetProperty("client", out var client) ? ZendeskJson.String(client, "identifier") : null;
        }
        catch (ZendeskApiException)
        {
            known = null;
        }
        return _identifiers[id] = known;
    }

    /// <summary>
    /// A client's numeric id from what the user gave: the id itself, or the identifier string, looked up through
    /// the clients API. Null, after writing an ObjectNotFound error, when no client has that identifier.
    /// </summary>
    internal long? ResolveClientId(ZendeskConnection connection, string clientId)
    {
        if (long.TryParse(clientId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            return id;
        }

        long? found = null;
        ForEachPage(connection, ClientsFirstPage, page =>
        {
            foreach (var client in page.GetProperty("clients").EnumerateArray())
            {
                if (string.Equals(ZendeskJson.String(client, "identifier"), clientId, StringComparison.Ordinal))
                {
                    found = ZendeskJson.Int64(client, "id");
                    return false;
                }
            }
            return true;
        });
        if (found is null)
        {
            WriteError(ErrorMapper.Create($"No OAuth client has the identifier '{clientId}'. Get-ZendeskOAuthClient lists the clients.", ErrorIds.ZendeskNotFound, ErrorCategory.ObjectNotFound, clientId));
        }
        return found;
    }
}

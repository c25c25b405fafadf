using System;
using System.Management.Automation;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
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

    /// <summary>
    /// An OAuth client by its numeric id (<c>GET /api/v2/oauth/clients/{id}.json</c>, ShowClient); an
    /// InvalidResponse when the answer has no client object.
    /// </summary>
    internal ZendeskOAuthClient GetClient(ZendeskConnection connection, long id)
    {
        using var document = SendJson(connection, HttpMethod.Get, $"/api/v2/oauth/clients/{id.ToString(System.Globalization.CultureInfo.InvariantCulture)}.json");
        return ZendeskOAuthClient.FromJson(Expect(document, "client"));
    }

    /// <summary>
    /// Writes a client from an answer that carries its new secret in full (create, generate_secret): the secret
    /// goes into Secret as a SecureString, with a warning when the output is not kept.
    /// </summary>
    internal void WriteClientWithSecret(JsonDocument? document)
    {
        var json = Expect(document, "client");
        var client = ZendeskOAuthClient.FromJson(json);
        if (ZendeskJson.String(json, "secret") is { } secret)
        {
            client.Secret = Authentication.SecureStrings.FromPlainText(secret);
        }
        WarnUnlessSecretKept(client);
        WriteObject(client);
    }

    /// <summary>Warns, when the output is not kept, that a new client secret shown once will be lost with the object.</summary>
    private void WarnUnlessSecretKept(ZendeskOAuthClient client)
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
        if (response.IsEmpty)
        {
            return null;
        }
        try
        {
            return response.ParseJson();
        }
        catch (JsonException e)
        {
            // Not the parser's message: it quotes the text, and these answers carry tokens and client secrets.
            throw new ZendeskInvalidResponseException($"{method.Method} {request.Uri.GetLeftPart(UriPartial.Path)} answered {response.StatusCode} with {Connections.ConnectionCheck.Describe(response.Body)}: not Zendesk's answer. Check the URL (a proxy or another site may be answering). ({e.GetType().Name})", request.Uri);
        }
    }

    /// <summary>The object <paramref name="name"/> of an answer, such as "client" or "token"; an InvalidResponse when it has none.</summary>
    internal static JsonElement Expect(JsonDocument? document, string name)
    {
        if (document is { RootElement: { ValueKind: JsonValueKind.Object } root } && ZendeskJson.TryGet(root, name, out var value) && value.ValueKind == JsonValueKind.Object)
        {
            return value;
        }
        throw new ZendeskInvalidResponseException($"Zendesk's answer has no \"{name}\" object: it is not the answer this endpoint gives. Check the URL (a proxy or another site may be answering).", null);
    }

    /// <summary>The array <paramref name="name"/> of a page, such as "clients"; an InvalidResponse when it has none.</summary>
    internal static JsonElement.ArrayEnumerator ExpectArray(JsonElement page, string name)
    {
        if (ZendeskJson.TryGet(page, name, out var value) && value.ValueKind == JsonValueKind.Array)
        {
            return value.EnumerateArray();
        }
        throw new ZendeskInvalidResponseException($"Zendesk's page has no \"{name}\" list: it is not the answer this endpoint gives. Check the URL (a proxy or another site may be answering).", null);
    }

    /// <summary>The first page of the account's OAuth clients, as large as Zendesk allows.</summary>
    internal const string ClientsFirstPage = "/api/v2/oauth/clients.json?page[size]=100";

    /// <summary>
    /// Follows a paged list from <paramref name="first"/>, handing each page to <paramref name="onPage"/> until it
    /// returns false or the last page. Next-page links are followed only on the connected host, as GETs with the
    /// first request's headers, timeout and retries. A page that is not JSON is an InvalidResponse error and ends it.
    /// Paging always ends: a next link that is not a URL is an InvalidResponse error naming the page; a link back
    /// to a page already read ends paging, quietly when the page says end_of_stream (how a time-based export
    /// ends), else with a warning (itself) or a PagingLoop error (a longer cycle). Memory: one URL per page.
    /// </summary>
    /// <param name="prefetchAfter">
    /// Given how many pages were received, whether to send the next page's request before handing this page to
    /// <paramref name="onPage"/>, so the answer arrives while the records are output (null: never). A caller that
    /// may stop early says no: a prefetched page that is not wanted is one request more.
    /// </param>
    internal void ForEachPage(ZendeskConnection connection, ZendeskRequest first, Func<ZendeskRequest, ZendeskResponse, JsonElement, bool> onPage, Func<int, bool>? prefetchAfter = null)
    {
        var trail = new PageTrail(first.Uri);
        Prefetch? prefetched = null;
        try
        {
            for (var (request, pages) = (first, 1); ; pages++)
            {
                var ahead = prefetched;
                prefetched = null;
                ZendeskResponse response;
                JsonDocument? parsed = null;
                if (ahead is null)
                {
                    response = Send(connection, request);
                }
                else
                {
                    (response, parsed) = ahead.Receive(this, connection);
                }
                using var page = parsed ?? ParseOrWriteError(response, request.Uri);
                if (page is null)
                {
                    return;
                }

                // The next page is worked out before this one is output, so that its request runs while this page's
                // records go down the pipeline. What it finds (the end, a loop, a bad link) is acted on after them,
                // as if it had been worked out then.
                var step = NextStep(connection, trail, request, page.RootElement);
                if (step.Next is { } upcoming && prefetchAfter?.Invoke(pages) == true)
                {
                    prefetched = new Prefetch(this, connection, upcoming, StopToken);
                }
                if (!onPage(request, response, page.RootElement) || !Follow(step, request, trail))
                {
                    return;
                }
                request = step.Next!;
            }
        }
        finally
        {
            // Left unread when the pipeline stopped or onPage had enough: cancelled, never waited for.
            prefetched?.Abandon();
        }
    }

    /// <summary>What comes after a page: the next request, or how paging ends there.</summary>
    private readonly struct PageOutcome
    {
        public PageOutcome(ZendeskRequest? next, PageStep step, Uri? nextUri, Exception? failure)
        {
            Next = next;
            Step = step;
            NextUri = nextUri;
            Failure = failure;
        }

        /// <summary>The next page's request; null when paging ends at this page.</summary>
        public ZendeskRequest? Next { get; }
        public PageStep Step { get; }
        public Uri? NextUri { get; }
        public Exception? Failure { get; }
    }

    private static PageOutcome NextStep(ZendeskConnection connection, PageTrail trail, ZendeskRequest request, JsonElement page)
    {
        string? next;
        Uri nextUri;
        try
        {
            next = NextPage(page, request.Uri);
            if (next is null)
            {
                return new PageOutcome(null, PageStep.End, null, null);
            }
            try
            {
                nextUri = ZendeskUrl.Resolve(connection.Url, next);
            }
            catch (Exception e) when (e is ArgumentException or UriFormatException or FormatException or InvalidOperationException)
            {
                throw new ZendeskInvalidResponseException(
                    $"The page {Json.SecretRedactor.Url(request.Uri)} names a next page that is not a usable URL ('{Connections.ConnectionCheck.Start(next)}'): {e.Message} Paging stopped; the records before it were output.", request.Uri, e);
            }
        }
        catch (ZendeskException e)
        {
            // A link that is no URL, or one to another host (ForeignHost): raised after the page's records.
            return new PageOutcome(null, PageStep.End, null, e);
        }
        var step = trail.Step(request.Uri, nextUri, ZendeskJson.Boolean(page, "end_of_stream") == true);
        return new PageOutcome(step == PageStep.Follow ? request.ForNextPage(nextUri) : null, step, nextUri, null);
    }

    /// <summary>Acts on what <see cref="NextStep"/> found after the page's records were output; true to go on.</summary>
    private bool Follow(PageOutcome outcome, ZendeskRequest request, PageTrail trail)
    {
        if (outcome.Failure is not null)
        {
            throw outcome.Failure;
        }
        switch (outcome.Step)
        {
            case PageStep.SelfLink:
                WriteWarning($"{ErrorIds.PagingLoop}: the page {Json.SecretRedactor.Url(request.Uri)} names itself as the next page; paging stopped there, after {trail.Count} page(s).");
                return false;
            case PageStep.Cycle:
                WriteError(new ErrorRecord(
                    new InvalidOperationException($"The page {Json.SecretRedactor.Url(request.Uri)} names {Json.SecretRedactor.Url(outcome.NextUri!)} as the next page, which was read already: the links go round in a circle. Paging stopped after {trail.Count} page(s); the records read were output once."),
                    ErrorIds.PagingLoop, ErrorCategory.InvalidResult, Json.SecretRedactor.Target(request.Uri)));
                return false;
            default:
                return outcome.Next is not null;
        }
    }

    /// <summary>
    /// The next page's request, sent while the current page is output. Waited for like any request (its messages
    /// written, Ctrl+C honoured, renewals reported); cancelled when it is not wanted after all.
    /// </summary>
    private sealed class Prefetch
    {
        private readonly CancellationTokenSource _cancel;
        private readonly Task<ZendeskResponse> _response;
        private readonly Task<JsonDocument?> _page;
        private readonly ZendeskRequest _request;

        public Prefetch(ZendeskApiCmdlet cmdlet, ZendeskConnection connection, ZendeskRequest request, CancellationToken stop)
        {
            _request = request;
            _cancel = CancellationTokenSource.CreateLinkedTokenSource(stop);
            // Never renews the token: a renewal rotates the refresh token, and a page nobody reads would rotate it
            // unreported (-OnTokenRefreshed never called).
            var ahead = request.ForNextPage(request.Uri);
            ahead.ReadAhead = true;
            _response = RequestPipeline.SendAsync(connection, ahead, cmdlet.Log, _cancel.Token);
            // Parsed where the answer arrives, off the pipeline thread; an answer that is not JSON is left to
            // ParseOrWriteError, which says so on the pipeline thread.
            _page = _response.ContinueWith(
                answer => answer.Status == TaskStatus.RanToCompletion && !answer.Result.IsEmpty ? TryParse(answer.Result) : null,
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        /// <summary>The answer, and its JSON when it parsed (the caller disposes it).</summary>
        public (ZendeskResponse Response, JsonDocument? Page) Receive(ZendeskApiCmdlet cmdlet, ZendeskConnection connection)
        {
            try
            {
                var response = cmdlet.Wait(_response);
                return (response, cmdlet.Wait(_page));
            }
            catch (RenewalDeferredException)
            {
                // Sent again now that it is read, renewing the token as any request does (and reporting it).
                return (cmdlet.Send(connection, _request), null);
            }
            finally
            {
                _cancel.Dispose();
                cmdlet.ReportRenewals(connection);
            }
        }

        public void Abandon()
        {
            _cancel.Cancel();
            // Observed, so an abandoned request's failure never surfaces as an unobserved task exception.
            _response.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            _page.ContinueWith(t =>
            {
                if (t.Status == TaskStatus.RanToCompletion)
                {
                    t.Result?.Dispose();
                }
                _ = t.Exception;
                _cancel.Dispose();
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        private static JsonDocument? TryParse(ZendeskResponse response)
        {
            try
            {
                return response.ParseJson();
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }

    /// <summary>The page's next link; a page whose paging fields cannot be read (a lone surrogate in a name) is an InvalidResponse.</summary>
    private static string? NextPage(JsonElement page, Uri uri)
    {
        try
        {
            return Pagination.NextPage(page, uri);
        }
        catch (InvalidOperationException e)
        {
            throw new ZendeskInvalidResponseException($"The page {Json.SecretRedactor.Url(uri)} cannot be read for its next link ({e.Message}). Paging stopped; the records before it were output.", uri, e);
        }
    }

    /// <summary>A list on an API path, each page's request with the default timeout.</summary>
    internal void ForEachPage(ZendeskConnection connection, string path, Func<JsonElement, bool> onPage) =>
        ForEachPage(connection, new ZendeskRequest(HttpMethod.Get, ZendeskUrl.Resolve(connection.Url, path)) { Timeout = DefaultTimeout }, (_, _, page) => onPage(page));

    /// <summary>The answer's JSON, or null after writing an InvalidResponse error when it is not JSON.</summary>
    internal JsonDocument? ParseOrWriteError(ZendeskResponse response, object? target = null)
    {
        try
        {
            return response.ParseJson();
        }
        catch (JsonException e)
        {
            WriteError(new ErrorRecord(
                new InvalidOperationException($"Zendesk answered {response.StatusCode} with a body that is not valid JSON ({e.Message}). Use -Raw to see the text.", e),
                ErrorIds.InvalidResponse, ErrorCategory.InvalidResult, target ?? response.StatusCode));
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
    /// A client's numeric id from what the user gave: the numeric id, or the identifier string (the OAuth client_id),
    /// looked up through the clients API. An identifier may be all digits ("2024"), so digits are looked up as both:
    /// a client with that id, and a client with that identifier. Verbose says which was used; when they are two
    /// different clients the id wins (the tokens API's client_id is the numeric id) and a warning names the other.
    /// Null, after writing an ObjectNotFound error, when no client matches.
    /// </summary>
    internal long? ResolveClientId(ZendeskConnection connection, string clientId)
    {
        var digits = long.TryParse(clientId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id);
        long? byIdentifier = null;
        string? byIdentifierName = null, byIdName = null;
        var idExists = false;
        try
        {
            ForEachPage(connection, ClientsFirstPage, page =>
            {
                foreach (var client in ExpectArray(page, "clients"))
                {
                    var clientNumber = ZendeskJson.Int64(client, "id");
                    if (byIdentifier is null && string.Equals(ZendeskJson.String(client, "identifier"), clientId, StringComparison.Ordinal))
                    {
                        byIdentifier = clientNumber;
                        byIdentifierName = ZendeskJson.String(client, "name");
                    }
                    if (digits && clientNumber == id)
                    {
                        idExists = true;
                        byIdName = ZendeskJson.String(client, "name");
                    }
                }
                // Without digits the first identifier match ends the search; with digits both kinds are looked for.
                return digits ? !(idExists && byIdentifier is not null) : byIdentifier is null;
            });
        }
        catch (ZendeskApiException) when (digits)
        {
            // The list is not readable (a role or scope that cannot list clients): take the digits as the id, as before.
            WriteVerbose($"-ClientId {clientId}: the clients could not be listed, so it is used as the client's numeric id");
            return id;
        }

        if (digits && idExists && byIdentifier is { } other && other != id)
        {
            WriteWarning($"-ClientId {clientId} is both the id of client '{byIdName}' and the identifier of client '{byIdentifierName}' (id {other}). Using id {clientId}; for the other client pass -ClientId {other}.");
            return id;
        }
        if (digits && idExists)
        {
            WriteVerbose($"-ClientId {clientId} is the numeric id of client '{byIdName}'");
            return id;
        }
        if (byIdentifier is { } found)
        {
            WriteVerbose($"-ClientId {clientId} is the identifier of client '{byIdentifierName}' (id {found})");
            return found;
        }
        WriteError(ErrorMapper.Create(
            digits
                ? $"No OAuth client has the id or the identifier '{clientId}'. Get-ZendeskOAuthClient lists the clients."
                : $"No OAuth client has the identifier '{clientId}'. Get-ZendeskOAuthClient lists the clients.",
            ErrorIds.ZendeskNotFound, ErrorCategory.ObjectNotFound, clientId));
        return null;
    }
}

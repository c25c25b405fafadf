using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using ZendeskAuth.Connections;
using ZendeskAuth.Http;

namespace ZendeskAuth.Commands;

/// <summary>
/// What the id completers share: the first page of an API list on the connection the command line names
/// (-Connection) or the current one, read with a short timeout. Nothing when not connected or on any failure:
/// a completer never throws, and never falls back to file names.
/// </summary>
internal static class ApiListCompletion
{
    public static IEnumerable<CompletionResult> FromFirstPage(IDictionary fakeBoundParameters, string path, string collection, Func<IEnumerable<JsonElement>, IEnumerable<CompletionResult>> complete)
    {
        var connection = fakeBoundParameters["Connection"] as ZendeskConnection ?? (fakeBoundParameters["Connection"] as PSObject)?.BaseObject as ZendeskConnection ?? ConnectionStore.Current;
        if (connection is null || !connection.IsConnected)
        {
            return Enumerable.Empty<CompletionResult>();
        }
        try
        {
            // One page is enough to complete from, and a slow account must not freeze the prompt.
            var request = new ZendeskRequest(HttpMethod.Get, ZendeskUrl.Resolve(connection.Url, path)) { Timeout = TimeSpan.FromSeconds(5) };
            var response = RequestPipeline.SendAsync(connection, request, NullRequestLog.Instance, CancellationToken.None).GetAwaiter().GetResult();
            using var document = response.ParseJson();
            return complete(document.RootElement.GetProperty(collection).EnumerateArray()).ToList();
        }
        catch (Exception e) when (e is ZendeskException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return Enumerable.Empty<CompletionResult>();
        }
    }
}

using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Net.Http;
using System.Text.Json;
using ZendeskAuth.ApiAccess;
using ZendeskAuth.Authentication;
using ZendeskAuth.Connections;
using ZendeskAuth.Errors;
using ZendeskAuth.Http;
using ZendeskAuth.Json;
using ZendeskAuth.OAuth;

namespace ZendeskAuth.Commands;

/// <summary>
/// Says what in the account breaks, and when: which credential kinds the account allows and which this connection
/// uses, against Zendesk's retirement dates (<see cref="ZendeskRetirement"/>); OAuth tokens that never expire and
/// clients that may not enforce token lifetimes (expiry is mandatory from 2027-04-01); tokens unused for long.
/// Reads account settings, the OAuth tokens (<c>?all=true</c>, admins) and clients (admins), and, on an OAuth
/// connection, <c>tokens/current</c>; what the caller may not read becomes a finding, not an error.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "ZendeskApiAccess")]
[OutputType(typeof(ApiAccessFinding), typeof(bool))]
public sealed class TestZendeskApiAccessCommand : ZendeskApiCmdlet
{
    /// <summary>Return only $true (nothing at Warning or worse, and every part read) or $false, for runbooks.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    /// <summary>Judge the findings as of this date instead of now: what will be broken on that day.</summary>
    [Parameter]
    public DateTime AsOf { get; set; }

    /// <summary>Days without use (used_at) after which an OAuth token is reported as unused.</summary>
    [Parameter]
    [ValidateRange(1, 36500)]
    public int UnusedDays { get; set; } = 90;

    protected override void ProcessRecord()
    {
        var connection = ResolveConnection();
        var facts = new ApiAccessFacts(connection.Url, connection.AuthenticationType, connection.Role, connection.RenewsWith);

        Try(connection, facts, "the account settings", () =>
        {
            facts.Settings = GetZendeskApiAccessCommand.Read(this, connection, out _);
        }, () => facts.SettingsForbidden = true);

        if (connection.AuthenticationType == AuthenticationType.OAuth)
        {
            Try(connection, facts, "this connection's OAuth token", () =>
            {
                using var document = SendJson(connection, HttpMethod.Get, "/api/v2/oauth/tokens/current.json");
                facts.CurrentToken = Fact(ZendeskOAuthToken.FromApi(Expect(document, "token"), connection.Url));
            }, () => { });
        }

        Try(connection, facts, "the OAuth clients", () =>
        {
            var clients = new List<ClientFact>();
            ForEachPageOrThrow(connection, ClientsFirstPage, page =>
            {
                foreach (var client in ExpectArray(page, "clients"))
                {
                    clients.Add(new ClientFact(ZendeskJson.Int64(client, "id") ?? 0, ZendeskJson.String(client, "name"),
                        ZendeskJson.Boolean(client, "global") ?? false, ZendeskJson.Date(client, "created_at")));
                }
            });
            facts.Clients = clients;
        }, () => facts.ClientsForbidden = true);

        Try(connection, facts, "the OAuth tokens", () =>
        {
            var tokens = new List<TokenFact>();
            ForEachPageOrThrow(connection, "/api/v2/oauth/tokens.json?all=true&page[size]=100", page =>
            {
                foreach (var token in ExpectArray(page, "tokens"))
                {
                    tokens.Add(Fact(ZendeskOAuthToken.FromApi(token, connection.Url)));
                }
            });
            facts.Tokens = tokens;
        }, () => facts.TokensForbidden = true);

        var asOf = MyInvocation.BoundParameters.ContainsKey(nameof(AsOf))
            ? new DateTimeOffset(DateTime.SpecifyKind(AsOf, AsOf.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : AsOf.Kind))
            : DateTimeOffset.Now;
        var findings = ApiAccessInspection.Inspect(facts, asOf, TimeSpan.FromDays(UnusedDays));
        if (Quiet)
        {
            WriteObject(ApiAccessInspection.IsClean(findings));
            return;
        }
        foreach (var finding in findings)
        {
            WriteObject(finding);
        }
    }

    private static TokenFact Fact(ZendeskOAuthToken token) =>
        new(token.Id ?? 0, token.ClientNumericId, token.UserId, token.ExpiresAt, token.CreatedAt, token.UsedAt);

    /// <summary>
    /// Runs one read. A 403 (the caller's role or scopes) calls <paramref name="forbidden"/> and is no error; any
    /// other failure is written as an error and noted for a CheckIncomplete finding (a Warning: -Quiet answers $false).
    /// </summary>
    private void Try(ZendeskConnection connection, ApiAccessFacts facts, string what, Action read, Action forbidden)
    {
        try
        {
            read();
        }
        catch (ZendeskApiException e) when (e.StatusCode == 403)
        {
            WriteVerbose($"Not permitted to read {what}: {e.Message}");
            forbidden();
        }
        catch (Exception e) when (e is ZendeskException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            WriteError(ErrorMapper.ToErrorRecord(e, connection.Url));
            facts.Failures.Add($"{what} could not be read ({e.Message.Split('\n')[0].Trim()})");
        }
    }

    /// <summary>
    /// Every page of a list; a page that is not JSON, a next link that is not a URL, or links that go round in a
    /// circle throw (so the part is reported as not read whole) instead of being written as an error.
    /// </summary>
    private void ForEachPageOrThrow(ZendeskConnection connection, string path, Action<JsonElement> onPage)
    {
        var first = new ZendeskRequest(HttpMethod.Get, ZendeskUrl.Resolve(connection.Url, path)) { Timeout = DefaultTimeout };
        var trail = new PageTrail(first.Uri);
        for (var request = first; ;)
        {
            var response = Send(connection, request);
            using var page = response.ParseJson();
            onPage(page.RootElement);
            if (StopToken.IsCancellationRequested || Pagination.NextPage(page.RootElement, request.Uri) is not { } next)
            {
                return;
            }
            Uri nextUri;
            try
            {
                nextUri = ZendeskUrl.Resolve(connection.Url, next);
            }
            catch (Exception e) when (e is ArgumentException or UriFormatException)
            {
                throw new ZendeskInvalidResponseException($"The page {request.Uri.GetLeftPart(UriPartial.Path)} names a next page that is not a usable URL: {e.Message}", request.Uri, e);
            }
            switch (trail.Step(request.Uri, nextUri, ZendeskJson.Boolean(page.RootElement, "end_of_stream") == true))
            {
                case PageStep.Follow:
                    break;
                case PageStep.End:
                    return;
                default:
                    throw new ZendeskInvalidResponseException($"The page {request.Uri.GetLeftPart(UriPartial.Path)} links back to a page already read: the list goes round in a circle, so it was read only up to there.", request.Uri);
            }
            request = first.ForNextPage(nextUri);
        }
    }
}

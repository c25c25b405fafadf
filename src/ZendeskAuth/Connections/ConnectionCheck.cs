using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ZendeskAuth.Authentication;
using ZendeskAuth.Http;
using ZendeskAuth.Json;

namespace ZendeskAuth.Connections;

/// <summary>
/// Proves a credential works before a connection is kept: <c>GET /api/v2/users/me.json</c> must name a real user.
/// Zendesk answers a wrong password with 200 and an anonymous user whose id is null (ZENDESK_API_FACTS.md,
/// "Errors"), so a 200 alone proves nothing.
/// </summary>
internal static class ConnectionCheck
{
    public const string MePath = "/api/v2/users/me.json";

    /// <summary>The user the credential belongs to, or null when Zendesk answered with the anonymous user.</summary>
    public static async Task<ZendeskUser?> WhoAmIAsync(ZendeskConnection connection, System.TimeSpan? timeout, IRequestLog log, CancellationToken cancellationToken)
    {
        var request = new ZendeskRequest(HttpMethod.Get, ZendeskUrl.Resolve(connection.Url, MePath)) { Timeout = timeout };
        var response = await RequestPipeline.SendAsync(connection, request, log, cancellationToken).ConfigureAwait(false);
        return Read(response.Body, request.Uri);
    }

    /// <summary>
    /// The user in a users/me answer; null for Zendesk's anonymous user (<c>"id": null</c>). Anything else that is
    /// not <c>{"user":{"id":whole number,…}}</c> (HTML from a proxy, <c>[]</c>, <c>{"user":null}</c>, an id of 1.5
    /// or "1") is a <see cref="ZendeskInvalidResponseException"/>: it is not Zendesk answering.
    /// </summary>
    internal static ZendeskUser? Read(string body, System.Uri uri)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            throw Invalid(uri, "it is " + Describe(body), null);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !ZendeskJson.TryGet(root, "user", out var user) || user.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(uri, "it has no \"user\" object", null);
            }
            if (!ZendeskJson.TryGet(user, "id", out var id) || id.ValueKind == JsonValueKind.Null)
            {
                return null;
            }
            if (id.ValueKind != JsonValueKind.Number || !id.TryGetInt64(out var number) || number <= 0)
            {
                throw Invalid(uri, $"the user's id is a JSON {id.ValueKind.ToString().ToLowerInvariant()}{(id.ValueKind == JsonValueKind.Number ? " that is not a positive whole number" : "")}", null);
            }
            return new ZendeskUser(number, ZendeskJson.String(user, "email"), ZendeskJson.String(user, "name"), ZendeskJson.String(user, "role"));
        }
    }

    private static ZendeskInvalidResponseException Invalid(System.Uri uri, string why, System.Exception? inner) =>
        new($"GET {uri.GetLeftPart(System.UriPartial.Path)} did not answer as Zendesk does: {why}. Check the URL (a proxy or another site may be answering).", uri, inner);

    /// <summary>What a body that is not JSON looks like, without quoting it (it may hold a secret).</summary>
    internal static string Describe(string body) =>
        body.TrimStart().Length == 0 ? "an empty body"
        : body.TrimStart().StartsWith("<", System.StringComparison.Ordinal) ? $"a body of {body.Length} characters that is HTML or XML, not JSON"
        : $"a body of {body.Length} characters that is not JSON";

    /// <summary>The start of a text for a message: short, one line (no server text can forge extra lines).</summary>
    internal static string Start(string text)
    {
        var line = new string(text.Take(60).Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        return text.Length > 60 ? line + "…" : line.Length == 0 ? "empty" : line;
    }

    /// <summary>Why a credential of this kind is usually refused, for the error a user reads.</summary>
    public static string LikelyCauses(AuthenticationType type) => type switch
    {
        AuthenticationType.Password =>
            "the email or password is wrong; password access is turned off in Admin Center (Apps and integrations > APIs > Zendesk API; it is off for accounts created since 2024-07-31 and Zendesk is phasing it out); the user signs in with SSO or has two-factor authentication, which password access cannot serve; or the user has not verified their email. Prefer an OAuth token.",
        AuthenticationType.ApiToken =>
            "the email is not that of a verified user of this account; the token is mistyped, deleted, or belongs to another account; token access is turned off in Admin Center (Apps and integrations > APIs > Zendesk API); or the user has not verified their email. API tokens stop working on 2027-04-30: move to OAuth.",
        _ =>
            "the access token is expired, revoked, mistyped or from another account, and any refresh token was refused too (spent, revoked or expired); or the token lacks a scope that can read the signed-in user (read or users:read).",
    };
}

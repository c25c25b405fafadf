using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ZendeskAuth.Authentication;

namespace ZendeskAuth.ApiAccess;

/// <summary>An OAuth token as the tokens API shows it, reduced to what the inspection needs (never the token text).</summary>
internal sealed class TokenFact
{
    public TokenFact(long id, long? clientId, long? userId, DateTimeOffset? expiresAt, DateTimeOffset? createdAt, DateTimeOffset? usedAt)
    {
        Id = id;
        ClientId = clientId;
        UserId = userId;
        ExpiresAt = expiresAt;
        CreatedAt = createdAt;
        UsedAt = usedAt;
    }

    public long Id { get; }
    public long? ClientId { get; }
    public long? UserId { get; }
    public DateTimeOffset? ExpiresAt { get; }
    public DateTimeOffset? CreatedAt { get; }
    public DateTimeOffset? UsedAt { get; }
}

/// <summary>An OAuth client as the clients API shows it: Zendesk's client JSON has no token-lifetime field, so
/// whether it enforces lifetimes is told from <c>global</c> and <c>created_at</c>.</summary>
internal sealed class ClientFact
{
    public ClientFact(long id, string? name, bool global, DateTimeOffset? createdAt)
    {
        Id = id;
        Name = name;
        Global = global;
        CreatedAt = createdAt;
    }

    public long Id { get; }
    public string? Name { get; }
    public bool Global { get; }
    public DateTimeOffset? CreatedAt { get; }
}

/// <summary>What the caller could see of the account; null lists were not visible or failed.</summary>
internal sealed class ApiAccessFacts
{
    public ApiAccessFacts(Uri url, AuthenticationType connectionUses, string? role, string? renewsWith)
    {
        Url = url;
        ConnectionUses = connectionUses;
        Role = role;
        RenewsWith = renewsWith;
    }

    public Uri Url { get; }
    public AuthenticationType ConnectionUses { get; }

    /// <summary>end-user, agent or admin; null when the connection could not read its user.</summary>
    public string? Role { get; }

    /// <summary>refresh_token or client_credentials when an OAuth connection renews itself.</summary>
    public string? RenewsWith { get; }

    public ZendeskApiAccess? Settings { get; set; }
    public bool SettingsForbidden { get; set; }

    /// <summary>Every token of the account (admins); null when not visible.</summary>
    public IReadOnlyList<TokenFact>? Tokens { get; set; }
    public bool TokensForbidden { get; set; }

    /// <summary>The token this OAuth connection uses, when it could be read.</summary>
    public TokenFact? CurrentToken { get; set; }

    public IReadOnlyList<ClientFact>? Clients { get; set; }
    public bool ClientsForbidden { get; set; }

    /// <summary>What could not be read, and why (no secrets: exception messages of the HTTP layer).</summary>
    public List<string> Failures { get; } = new();
}

/// <summary>
/// Turns what the caller could see into findings against Zendesk's retirement dates (<see cref="ZendeskRetirement"/>).
/// Pure: no I/O, no PowerShell types; <c>asOf</c> is "now" (or the date the caller asks about).
/// </summary>
internal static class ApiAccessInspection
{
    /// <summary>The steps from an API token or password to OAuth, pointing at the module's migration example.</summary>
    internal const string OAuthMoveSteps =
        "Move to OAuth: (1) as an admin, create a confidential client: $client = New-ZendeskOAuthClient -Name 'Runbook' -Identifier 'acme_runbook' -Kind confidential; " +
        "(2) keep its Identifier and Secret as a credential (an Azure Automation credential asset, or Export-Clixml on the machine that runs the script); " +
        "(3) replace Connect-Zendesk -Email ... -ApiToken ... (or -Credential with a password) with Connect-Zendesk -Subdomain acme -ClientCredential $credential -Scope read, which renews its token by itself; " +
        "(4) run Test-ZendeskApiAccess again. The full walk-through: Get-Help about_ZendeskAuth, section MIGRATING A RUNBOOK FROM AN API TOKEN TO OAUTH; " +
        "examples/MigrateApiTokenToOAuth.ps1 in the ZendeskAuth repository does steps 1 and 2 in one run.";

    private const string AdminCenterApiConfiguration = "Admin Center > Apps and integrations > APIs > API configuration";
    private const int MaxIdsListed = 10;

    public static List<ApiAccessFinding> Inspect(ApiAccessFacts facts, DateTimeOffset asOf, TimeSpan unusedAfter)
    {
        var today = asOf.UtcDateTime.Date;
        var findings = new List<ApiAccessFinding>();
        AddConnection(facts, today, findings);
        AddSettings(facts, today, findings);
        AddTokens(facts, asOf, today, unusedAfter, findings);
        AddClients(facts, today, findings);
        foreach (var failure in facts.Failures)
        {
            findings.Add(new ApiAccessFinding(ApiAccessFindingCode.CheckIncomplete, HeaderFindingSeverity.Warning,
                $"Part of the check could not be done: {failure}",
                "See the error written with this finding, then run Test-ZendeskApiAccess again."));
        }
        findings.Insert(0, Summary(facts, today, findings));
        return findings;
    }

    /// <summary>True when no finding is at Warning or worse: what -Quiet returns.</summary>
    public static bool IsClean(IEnumerable<ApiAccessFinding> findings) =>
        findings.All(f => f.Code == ApiAccessFindingCode.Summary || f.Severity == HeaderFindingSeverity.Information);

    private static string D(DateTime date) => ZendeskRetirement.Text(date);

    private static HeaderFindingSeverity WarnUntil(DateTime deadline, DateTime today) =>
        today >= deadline ? HeaderFindingSeverity.Error : HeaderFindingSeverity.Warning;

    private static void AddConnection(ApiAccessFacts facts, DateTime today, List<ApiAccessFinding> findings)
    {
        switch (facts.ConnectionUses)
        {
            case AuthenticationType.ApiToken:
                findings.Add(new ApiAccessFinding(ApiAccessFindingCode.ApiTokenInUse, WarnUntil(ZendeskRetirement.ApiTokensStopWorking, today),
                    $"This connection signs in with an API token. Zendesk deactivates every API token on {D(ZendeskRetirement.ApiTokensStopWorking)}, for good; " +
                    $"no new token can be created since {D(ZendeskRetirement.ApiTokenCreationEnds)}, and since {D(ZendeskRetirement.ApiTokenInactivityDeactivation)} a token unused for {ZendeskRetirement.ApiTokenInactivityDays} days is deactivated.",
                    OAuthMoveSteps, ZendeskRetirement.ApiTokensStopWorking));
                break;
            case AuthenticationType.Password:
                var endUser = string.Equals(facts.Role, "end-user", StringComparison.OrdinalIgnoreCase);
                findings.Add(new ApiAccessFinding(ApiAccessFindingCode.PasswordInUse,
                    endUser ? HeaderFindingSeverity.Warning : WarnUntil(ZendeskRetirement.PasswordAccessPhaseOut, today),
                    endUser
                        ? "This connection signs in with an end user's email and password. Zendesk keeps password access for end users, but a password is the weakest credential the API takes."
                        : $"This connection signs in with an email and password. Zendesk has turned password access off for new accounts since {D(ZendeskRetirement.PasswordAccessOffForNewAccounts)} and phases it out for all others from {D(ZendeskRetirement.PasswordAccessPhaseOut)}; it never works for SSO or two-factor users.",
                    OAuthMoveSteps, endUser ? null : ZendeskRetirement.PasswordAccessPhaseOut));
                break;
            default:
                var current = facts.CurrentToken;
                var how = facts.RenewsWith is { } grant ? $"; it renews its access token itself ({grant})"
                    : current?.ExpiresAt is { } expires ? $"; its access token expires {expires.ToString("u", CultureInfo.InvariantCulture)} and the connection cannot renew it"
                    : "";
                findings.Add(new ApiAccessFinding(ApiAccessFindingCode.OAuthInUse, HeaderFindingSeverity.Information,
                    $"This connection uses OAuth{how}.", "Nothing to do."));
                break;
        }
    }

    private static void AddSettings(ApiAccessFacts facts, DateTime today, List<ApiAccessFinding> findings)
    {
        if (facts.Settings is not { } settings)
        {
            if (facts.SettingsForbidden)
            {
                findings.Add(new ApiAccessFinding(ApiAccessFindingCode.SettingsNotVisible, HeaderFindingSeverity.Warning,
                    $"This connection may not read the account settings, so what the account allows is unknown: GET /api/v2/account/settings is allowed for agents and admins (and, with OAuth, needs the read scope); this user is {facts.Role ?? "of unknown role"}.",
                    "Run the check connected as an admin (an admin also sees every OAuth token and client)."));
            }
            return;
        }

        switch (settings.PasswordAccess)
        {
            case true:
                findings.Add(new ApiAccessFinding(ApiAccessFindingCode.PasswordAccessOn, HeaderFindingSeverity.Warning,
                    $"The account allows password access to the API (api_password_access). Zendesk phases it out from {D(ZendeskRetirement.PasswordAccessPhaseOut)} (end users keep it), and anyone who learns a password can call the API with it.",
                    $"Move what still signs in with a password to OAuth, then turn it off: Set-ZendeskApiAccess -PasswordAccess $false, or {AdminCenterApiConfiguration}.",
                    ZendeskRetirement.PasswordAccessPhaseOut));
                break;
            case false:
                findings.Add(new ApiAccessFinding(ApiAccessFindingCode.PasswordAccessOff, HeaderFindingSeverity.Information,
                    "The account does not allow password access to the API.", "Nothing to do."));
                break;
        }

        switch (settings.ApiTokenAccess)
        {
            case true:
                findings.Add(new ApiAccessFinding(ApiAccessFindingCode.ApiTokenAccessOn, WarnUntil(ZendeskRetirement.ApiTokensStopWorking, today),
                    $"The account allows API tokens (api_token_access). Every API token stops working on {D(ZendeskRetirement.ApiTokensStopWorking)}; none can be created since {D(ZendeskRetirement.ApiTokenCreationEnds)}.",
                    $"Move every integration that uses an API token to OAuth (Get-Help about_ZendeskAuth, MIGRATING A RUNBOOK FROM AN API TOKEN TO OAUTH; unattended: Connect-Zendesk -ClientCredential), then turn token access off: Set-ZendeskApiAccess -ApiTokenAccess $false, or {AdminCenterApiConfiguration}.",
                    ZendeskRetirement.ApiTokensStopWorking));
                break;
            case false:
                findings.Add(new ApiAccessFinding(ApiAccessFindingCode.ApiTokenAccessOff, HeaderFindingSeverity.Information,
                    "The account does not allow API tokens.", "Nothing to do."));
                break;
        }

        var unknown = new List<string>();
        if (settings.PasswordAccess is null)
        {
            unknown.Add(ApiAccessSettings.PasswordAccessName);
        }
        if (settings.ApiTokenAccess is null)
        {
            unknown.Add(ApiAccessSettings.ApiTokenAccessName);
        }
        if (unknown.Count > 0)
        {
            findings.Add(new ApiAccessFinding(ApiAccessFindingCode.SettingUnknown, HeaderFindingSeverity.Warning,
                $"Zendesk's answer does not say whether the account allows {string.Join(" and ", unknown)} (absent, or neither true nor false).",
                $"Look in {AdminCenterApiConfiguration}."));
        }
    }

    private static void AddTokens(ApiAccessFacts facts, DateTimeOffset asOf, DateTime today, TimeSpan unusedAfter, List<ApiAccessFinding> findings)
    {
        var tokens = facts.Tokens;
        if (tokens is null)
        {
            if (facts.TokensForbidden)
            {
                findings.Add(new ApiAccessFinding(ApiAccessFindingCode.TokensNotVisible, HeaderFindingSeverity.Information,
                    $"Only admins may list the account's OAuth tokens; this user is {facts.Role ?? "of unknown role"}{(facts.CurrentToken is null ? "" : ", so only this connection's own token was checked")}.",
                    "Run the check connected as an admin to see every token."));
            }
            tokens = facts.CurrentToken is { } current ? new[] { current } : Array.Empty<TokenFact>();
        }

        var names = (facts.Clients ?? Array.Empty<ClientFact>()).ToDictionary(c => c.Id, c => c.Name);
        foreach (var group in tokens.Where(t => t.ExpiresAt is null).GroupBy(t => t.ClientId).OrderBy(g => g.Key ?? long.MaxValue))
        {
            var client = group.Key is { } id ? (names.TryGetValue(id, out var name) && name is not null ? $"client '{name}' (id {id})" : $"client id {id}") : "no local client (a global client, or none)";
            var own = facts.CurrentToken is { } mine && group.Any(t => t.Id == mine.Id) ? " One of them is this connection's own token." : "";
            findings.Add(new ApiAccessFinding(ApiAccessFindingCode.TokenNeverExpires, WarnUntil(ZendeskRetirement.OAuthExpiryMandatory, today),
                $"{Count(group.Count(), "OAuth token")} of {client} never expire{(group.Count() == 1 ? "s" : "")} (expires_at is null): {Ids(group)}. Token expiry becomes mandatory on {D(ZendeskRetirement.OAuthExpiryMandatory)}.{own}",
                "Have the integration get expiring tokens that it renews (Connect-Zendesk -ClientCredential renews by itself; New-ZendeskOAuthToken -Interactive or -AuthorizationCode returns a refresh token; -ExpiresIn sets a lifetime), then revoke these: Revoke-ZendeskToken -Id <id>.",
                ZendeskRetirement.OAuthExpiryMandatory));
        }

        var cutoff = asOf - unusedAfter;
        var unused = tokens.Where(t => (t.UsedAt ?? t.CreatedAt) is { } last && last < cutoff).ToList();
        if (unused.Count > 0)
        {
            findings.Add(new ApiAccessFinding(ApiAccessFindingCode.TokenUnused, HeaderFindingSeverity.Information,
                $"{Count(unused.Count, "OAuth token")} not used for {(int)unusedAfter.TotalDays} days or more (used_at, or created_at when never used): {Ids(unused)}.",
                "A token nobody uses is only a risk: revoke it with Revoke-ZendeskToken -Id <id>."));
        }
    }

    private static void AddClients(ApiAccessFacts facts, DateTime today, List<ApiAccessFinding> findings)
    {
        if (facts.Clients is null)
        {
            if (facts.ClientsForbidden)
            {
                findings.Add(new ApiAccessFinding(ApiAccessFindingCode.ClientsNotVisible, HeaderFindingSeverity.Information,
                    $"Only admins may list the account's OAuth clients; this user is {facts.Role ?? "of unknown role"}.",
                    "Run the check connected as an admin to see every client."));
            }
            return;
        }

        var old = facts.Clients.Where(c => c.CreatedAt is { } created && (c.Global
            ? created.UtcDateTime.Date < ZendeskRetirement.GlobalClientsEnforceLifetimes
            : created.UtcDateTime.Date <= ZendeskRetirement.LocalClientsEnforceLifetimes)).ToList();
        if (old.Count == 0)
        {
            return;
        }
        var list = string.Join(", ", old.Take(MaxIdsListed).Select(c => $"'{c.Name}' (id {c.Id}{(c.Global ? ", global" : "")})")) + (old.Count > MaxIdsListed ? $" and {old.Count - MaxIdsListed} more" : "");
        findings.Add(new ApiAccessFinding(ApiAccessFindingCode.ClientWithoutTokenLifetimes, HeaderFindingSeverity.Information,
            $"{Count(old.Count, "OAuth client")} may not enforce token lifetimes: {list}. Zendesk enforces default lifetimes only for local clients created after {D(ZendeskRetirement.LocalClientsEnforceLifetimes)} and global clients created from {D(ZendeskRetirement.GlobalClientsEnforceLifetimes)}; " +
            $"older clients' tokens never expire unless the grant asks for expires_in, until expiry becomes mandatory on {D(ZendeskRetirement.OAuthExpiryMandatory)}.",
            "Make sure every integration of these clients uses the refresh token or client credentials flow before that date (Connect-Zendesk -ClientCredential does).",
            ZendeskRetirement.OAuthExpiryMandatory));
    }

    private static ApiAccessFinding Summary(ApiAccessFacts facts, DateTime today, List<ApiAccessFinding> findings)
    {
        var errors = findings.Count(f => f.Severity == HeaderFindingSeverity.Error);
        var warnings = findings.Count(f => f.Severity == HeaderFindingSeverity.Warning);
        var notes = findings.Count(f => f.Severity == HeaderFindingSeverity.Information);
        var severity = errors > 0 ? HeaderFindingSeverity.Error : warnings > 0 ? HeaderFindingSeverity.Warning : HeaderFindingSeverity.Information;
        var next = findings.Where(f => f.Severity != HeaderFindingSeverity.Information && f.Deadline is { } d && d >= today)
            .Select(f => f.Deadline).OrderBy(d => d).FirstOrDefault();
        var allows = facts.Settings is { } s
            ? $"password access {ZendeskApiAccess.OnOff(s.PasswordAccess)}, API token access {ZendeskApiAccess.OnOff(s.ApiTokenAccess)}"
            : "settings not read";
        return new ApiAccessFinding(ApiAccessFindingCode.Summary, severity,
            $"{facts.Url.Host}: {allows}; this connection uses {facts.ConnectionUses}. {Count(errors, "error")}, {Count(warnings, "warning")}, {Count(notes, "note")}{(next is { } n ? $"; next deadline {D(n)}" : "")}.",
            errors + warnings == 0 ? "Nothing to do before Zendesk's deadlines." : "Work through the Error and Warning findings, earliest Deadline first.",
            next);
    }

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    private static string Ids(IEnumerable<TokenFact> tokens)
    {
        var all = tokens.Select(t => t.Id).OrderBy(i => i).ToList();
        var shown = string.Join(", ", all.Take(MaxIdsListed).Select(i => i.ToString(CultureInfo.InvariantCulture)));
        return (all.Count == 1 ? "id " : "ids ") + shown + (all.Count > MaxIdsListed ? $" and {all.Count - MaxIdsListed} more" : "");
    }
}

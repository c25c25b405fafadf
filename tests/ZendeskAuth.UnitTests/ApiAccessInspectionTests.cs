using System.Text;
using System.Text.Json;
using ZendeskAuth.ApiAccess;
using ZendeskAuth.Authentication;

namespace ZendeskAuth.UnitTests;

/// <summary>The api object's parser, the PUT body, and the findings' date boundaries, without a server.</summary>
public class ApiAccessInspectionTests
{
    private static readonly Uri Account = new("https://acme.zendesk.com/");
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static ZendeskApiAccess Parse(string json, out IReadOnlyList<string> unreadable)
    {
        using var document = JsonDocument.Parse(json);
        return ApiAccessSettings.Parse(document.RootElement, Account, AuthenticationType.OAuth, Now, out unreadable);
    }

    [Theory]
    [InlineData("\"true\"", true)]
    [InlineData("\"false\"", false)]
    [InlineData("\"True\"", true)]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public void A_flag_is_read_from_Zendesks_strings_and_from_booleans(string value, bool expected)
    {
        var access = Parse("{\"settings\":{\"api\":{\"api_password_access\":" + value + ",\"api_token_access\":" + value + "}}}", out var unreadable);
        Assert.Equal(expected, access.PasswordAccess);
        Assert.Equal(expected, access.ApiTokenAccess);
        Assert.Empty(unreadable);
    }

    [Theory]
    [InlineData("\"yes\"")]
    [InlineData("1")]
    [InlineData("\"\"")]
    [InlineData("{}")]
    public void Anything_else_is_unknown_and_named(string value)
    {
        var access = Parse("{\"settings\":{\"api\":{\"api_token_access\":" + value + ",\"api_password_access\":\"false\"}}}", out var unreadable);
        Assert.Null(access.ApiTokenAccess);
        Assert.False(access.PasswordAccess);
        Assert.Equal(new[] { "api_token_access" }, unreadable);
    }

    [Fact]
    public void An_absent_or_null_flag_is_unknown_but_not_unreadable()
    {
        var access = Parse("""{"settings":{"api":{"api_token_access":null}}}""", out var unreadable);
        Assert.Null(access.ApiTokenAccess);
        Assert.Null(access.PasswordAccess);
        Assert.Empty(unreadable);
        Assert.Null(Parse("""{"settings":{}}""", out _).ApiTokenAccess);
    }

    [Fact]
    public void An_answer_without_settings_is_a_JsonException()
    {
        Assert.Throws<JsonException>(() => Parse("""{"api":{"api_token_access":"true"}}""", out _));
    }

    [Fact]
    public void The_PUT_body_holds_only_the_flags_given_as_booleans()
    {
        Assert.Equal("""{"settings":{"api":{"api_token_access":false}}}""", Encoding.UTF8.GetString(ApiAccessSettings.UpdateBody(null, false)));
        Assert.Equal("""{"settings":{"api":{"api_password_access":true,"api_token_access":false}}}""", Encoding.UTF8.GetString(ApiAccessSettings.UpdateBody(true, false)));
        Assert.Throws<ArgumentException>(() => ApiAccessSettings.UpdateBody(null, null));
    }

    private static List<ApiAccessFinding> Inspect(ApiAccessFacts facts, DateTimeOffset? asOf = null) =>
        ApiAccessInspection.Inspect(facts, asOf ?? Now, TimeSpan.FromDays(90));

    private static ApiAccessFacts Facts(AuthenticationType type, bool? password, bool? token, string role = "admin")
    {
        var facts = new ApiAccessFacts(Account, type, role, type == AuthenticationType.OAuth ? "client_credentials" : null)
        {
            Settings = new ZendeskApiAccess(Account, type, Now) { PasswordAccess = password, ApiTokenAccess = token },
            Tokens = Array.Empty<TokenFact>(),
            Clients = Array.Empty<ClientFact>(),
        };
        return facts;
    }

    [Theory]
    [InlineData("2027-04-29T23:59:59Z", HeaderFindingSeverity.Warning)]
    [InlineData("2027-04-30T00:00:00Z", HeaderFindingSeverity.Error)]
    public void API_tokens_are_a_warning_until_2027_04_30_and_an_error_from_it(string asOf, HeaderFindingSeverity expected)
    {
        var findings = Inspect(Facts(AuthenticationType.ApiToken, false, true), DateTimeOffset.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected, findings.Single(f => f.Code == ApiAccessFindingCode.ApiTokenInUse).Severity);
        Assert.Equal(expected, findings.Single(f => f.Code == ApiAccessFindingCode.ApiTokenAccessOn).Severity);
        Assert.Equal(expected, findings[0].Severity);
        Assert.Equal(ApiAccessFindingCode.Summary, findings[0].Code);
    }

    [Fact]
    public void The_summary_names_the_next_deadline_not_a_past_one()
    {
        var findings = Inspect(Facts(AuthenticationType.ApiToken, true, true));
        Assert.Equal(new DateTime(2027, 4, 30), findings[0].Deadline);
        Assert.Contains("next deadline 2027-04-30", findings[0].Message);
        Assert.False(ApiAccessInspection.IsClean(findings));
    }

    [Fact]
    public void OAuth_only_with_expiring_tokens_is_clean()
    {
        var facts = Facts(AuthenticationType.OAuth, false, false);
        facts.Tokens = new[] { new TokenFact(1, 7, 1, Now.AddMinutes(30), Now.AddDays(-1), Now) };
        facts.Clients = new[] { new ClientFact(7, "New", false, new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero)) };
        var findings = Inspect(facts);
        Assert.True(ApiAccessInspection.IsClean(findings), string.Join("\n", findings));
        Assert.DoesNotContain(findings, f => f.Code == ApiAccessFindingCode.ClientWithoutTokenLifetimes);
        Assert.Equal("Nothing to do before Zendesk's deadlines.", findings[0].Fix);
    }

    [Theory]
    [InlineData(false, "2026-04-30T23:00:00Z", true)]
    [InlineData(false, "2026-05-01T00:00:00Z", false)]
    [InlineData(true, "2026-02-01T23:59:59Z", true)]
    [InlineData(true, "2026-02-02T00:00:00Z", false)]
    public void A_client_enforces_lifetimes_by_its_kind_and_creation_date(bool global, string created, bool reported)
    {
        var facts = Facts(AuthenticationType.OAuth, false, false);
        facts.Clients = new[] { new ClientFact(9, "Client", global, DateTimeOffset.Parse(created, System.Globalization.CultureInfo.InvariantCulture)) };
        Assert.Equal(reported, Inspect(facts).Any(f => f.Code == ApiAccessFindingCode.ClientWithoutTokenLifetimes));
    }

    [Fact]
    public void Never_expiring_tokens_are_grouped_by_client_and_mark_the_connections_own()
    {
        var facts = Facts(AuthenticationType.OAuth, false, false);
        facts.Clients = new[] { new ClientFact(7, "Export", false, Now) };
        facts.Tokens = new[]
        {
            new TokenFact(3, 7, 1, null, Now, Now), new TokenFact(2, 7, 1, null, Now, Now),
            new TokenFact(5, 8, 1, null, Now, Now), new TokenFact(6, 7, 1, Now.AddHours(1), Now, Now),
        };
        facts.CurrentToken = facts.Tokens[0];
        var never = Inspect(facts).Where(f => f.Code == ApiAccessFindingCode.TokenNeverExpires).ToList();
        Assert.Equal(2, never.Count);
        Assert.Contains("2 OAuth tokens of client 'Export' (id 7) never expire", never[0].Message);
        Assert.Contains("ids 2, 3.", never[0].Message);
        Assert.Contains("this connection's own token", never[0].Message);
        Assert.Contains("client id 8", never[1].Message);
        Assert.All(never, f => Assert.Equal(new DateTime(2027, 4, 1), f.Deadline));
    }

    [Fact]
    public void A_failure_makes_the_check_unclean()
    {
        var facts = Facts(AuthenticationType.OAuth, false, false);
        facts.Failures.Add("the OAuth tokens could not be read (timeout)");
        var findings = Inspect(facts);
        Assert.Equal(HeaderFindingSeverity.Warning, findings.Single(f => f.Code == ApiAccessFindingCode.CheckIncomplete).Severity);
        Assert.False(ApiAccessInspection.IsClean(findings));
    }

    [Fact]
    public void Every_date_in_the_messages_comes_from_ZendeskRetirement()
    {
        Assert.Equal("2027-04-30", ZendeskRetirement.Text(ZendeskRetirement.ApiTokensStopWorking));
        Assert.Equal("2027-04-01", ZendeskRetirement.Text(ZendeskRetirement.OAuthExpiryMandatory));
        Assert.Equal("2026-10-27", ZendeskRetirement.Text(ZendeskRetirement.ApiTokenCreationEnds));
        Assert.Equal("2026-01-12", ZendeskRetirement.Text(ZendeskRetirement.PasswordAccessPhaseOut));
    }
}

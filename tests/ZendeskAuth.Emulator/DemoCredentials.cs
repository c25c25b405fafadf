namespace ZendeskAuth.Emulator;

/// <summary>
/// The seeded account's credentials. Fake, public on purpose, valid only against the emulator.
/// </summary>
public static class DemoCredentials
{
    // Admin. The e-mail and API token are Zendesk's own documentation example, so the documented header
    // below authenticates as-is. The password has colons and non-ASCII characters on purpose: Basic
    // credentials are UTF-8 and split at the FIRST colon (e-mails have none, passwords may).
    public const long AdminUserId = 36000000001;
    public const string AdminEmail = "jdoe@example.com";
    public const string AdminName = "John Doe";
    public const string AdminPassword = "Pässw0rd:with:colons£";
    public const string ApiToken = "6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv";

    /// <summary>Zendesk's documented example header for <c>jdoe@example.com/token:6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv</c>.</summary>
    public const string ApiTokenAuthorizationHeader = "Basic amRvZUBleGFtcGxlLmNvbS90b2tlbjo2d2lJQldiR2tCTW8xbVJETXVWd2t3MUVQc05rZVVqOTVQSXoyYWt2";

    /// <summary>OAuth access token seeded for the admin: scopes <c>read write</c>, no expiry, no refresh token, made with the
    /// "ZendeskAuth Runbook" client. A normal record of the token store (list/show/revoke see it).</summary>
    public const string OAuthAccessToken = "0f3c5a9e7b1d4e2f8a6c0b9d3e7f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e2f";

    /// <summary>Record id of <see cref="OAuthAccessToken"/> (<c>/api/v2/oauth/tokens/{id}.json</c>). Later tokens get larger ids.</summary>
    public const long OAuthAccessTokenId = 15022151901588;

    // OAuth clients. Ids are above Int32.MaxValue on purpose, like real Zendesk ids.
    // Confidential client (client secret), created by the admin.
    public const long RunbookClientId = 36000000501;
    public const string RunbookClientName = "ZendeskAuth Runbook";
    public const string RunbookClientIdentifier = "zendeskauth_runbook";
    public const string RunbookClientSecret = "5e8b1c4f7a2d9e6b3c0f8a5d2e9b6c3f0a7d4e1b8c5f2a9d6e3b0c7f4a1d8e5b";
    public const string RunbookClientRedirectUri = "https://example.com/callback";

    // Public client (no secret; PKCE required). Registered loopback URIs have no port, so any port matches (RFC 8252 §7.3).
    public const long CliClientId = 36000000502;
    public const string CliClientName = "ZendeskAuth CLI";
    public const string CliClientIdentifier = "zendeskauth_cli";
    public const string CliClientRedirectUriLoopback = "http://127.0.0.1/callback";
    public const string CliClientRedirectUriLocalhost = "http://localhost/callback";

    // Agent.
    public const long AgentUserId = 36000000002;
    public const string AgentEmail = "agent@example.com";
    public const string AgentName = "Alex Agent";
    public const string AgentPassword = "Agent-Passw0rd";

    // Agent whose e-mail and password are not ASCII.
    public const long NonAsciiAgentUserId = 36000000003;
    public const string NonAsciiAgentEmail = "zoë@example.com";
    public const string NonAsciiAgentName = "Zoë Ångström";
    public const string NonAsciiAgentPassword = "zoë-pässwörd";

    // End user who never verified the e-mail address: refused by the API.
    public const long UnverifiedUserId = 36000000004;
    public const string UnverifiedEmail = "unverified@example.com";
    public const string UnverifiedName = "Una Verified";
    public const string UnverifiedPassword = "Unverified-Passw0rd";

    // Verified end user (customer).
    public const long EndUserId = 36000000005;
    public const string EndUserEmail = "enduser@example.com";
    public const string EndUserName = "Erin Enduser";
    public const string EndUserPassword = "EndUser-Passw0rd";
}

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

    /// <summary>OAuth access token seeded for the admin: scopes <c>read write</c>, no expiry.</summary>
    public const string OAuthAccessToken = "0f3c5a9e7b1d4e2f8a6c0b9d3e7f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e2f";

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

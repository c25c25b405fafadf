using System;
using System.Globalization;

namespace ZendeskAuth.Authentication;

/// <summary>
/// Zendesk's dates for switching credential kinds off, each written here and nowhere else: messages, findings
/// and help text built in code read them from here. All are calendar dates (UTC midnight, Kind Unspecified).
/// </summary>
internal static class ZendeskRetirement
{
    /// <summary>
    /// Password access to the API is off for new accounts and accounts not using it.
    /// https://support.zendesk.com/hc/en-us/articles/9941874259354 ("Deprecation of password access for APIs": rollout starts July 31, 2024).
    /// </summary>
    public static readonly DateTime PasswordAccessOffForNewAccounts = new(2024, 7, 31);

    /// <summary>
    /// Password access is phased out in all remaining accounts, over the 10 days from this date (end users are not affected).
    /// https://support.zendesk.com/hc/en-us/articles/9941874259354 ("will begin to be phased out ... January 12, 2026").
    /// </summary>
    public static readonly DateTime PasswordAccessPhaseOut = new(2026, 1, 12);

    /// <summary>
    /// Default token lifetimes (access 30 minutes, refresh 30 days) are enforced for new global OAuth clients.
    /// https://support.zendesk.com/hc/en-us/articles/10212201463962 ("As of February 2, 2026").
    /// </summary>
    public static readonly DateTime GlobalClientsEnforceLifetimes = new(2026, 2, 2);

    /// <summary>
    /// Local (non-global) OAuth clients created after this date have the default token lifetimes enforced.
    /// https://support.zendesk.com/hc/en-us/articles/10212201463962 ("starting April 30, 2026, all newly created local ... OAuth clients").
    /// </summary>
    public static readonly DateTime LocalClientsEnforceLifetimes = new(2026, 4, 30);

    /// <summary>
    /// API tokens unused for 30 days are deactivated (and deleted 60 days later); new accounts can create none.
    /// https://developer.zendesk.com/documentation/api-basics/authentication/oauth-migration/ (migration timeline: July 28, 2026).
    /// </summary>
    public static readonly DateTime ApiTokenInactivityDeactivation = new(2026, 7, 28);

    /// <summary>The number of unused days after which Zendesk deactivates an API token (same page).</summary>
    public const int ApiTokenInactivityDays = 30;

    /// <summary>
    /// No account can create new API tokens.
    /// https://developer.zendesk.com/documentation/api-basics/authentication/oauth-migration/ (October 27, 2026).
    /// </summary>
    public static readonly DateTime ApiTokenCreationEnds = new(2026, 10, 27);

    /// <summary>
    /// OAuth token expiry (the refresh token flow) becomes mandatory for every client.
    /// https://support.zendesk.com/hc/en-us/articles/9182123625370 ("by April 1, 2027 it will be required for all customers")
    /// and https://support.zendesk.com/hc/en-us/articles/10212201463962 ("extended to April 1, 2027").
    /// </summary>
    public static readonly DateTime OAuthExpiryMandatory = new(2027, 4, 1);

    /// <summary>
    /// Every remaining API token is deactivated for good; every call with one fails.
    /// https://developer.zendesk.com/documentation/api-basics/authentication/oauth-migration/ (April 30, 2027).
    /// </summary>
    public static readonly DateTime ApiTokensStopWorking = new(2027, 4, 30);

    /// <summary>A date as messages write it: 2027-04-30.</summary>
    public static string Text(DateTime date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

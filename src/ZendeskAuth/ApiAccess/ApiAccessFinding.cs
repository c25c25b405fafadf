using System;
using ZendeskAuth.Authentication;

namespace ZendeskAuth.ApiAccess;

/// <summary>
/// One finding of Test-ZendeskApiAccess, in the header doctor's shape (<see cref="HeaderFinding"/>) plus the
/// <see cref="Deadline"/> Zendesk set. <see cref="Code"/> is stable, so scripts may match on it. No finding holds
/// a secret: tokens are named by their id, clients by name and id.
/// </summary>
public sealed class ApiAccessFinding
{
    internal ApiAccessFinding(string code, HeaderFindingSeverity severity, string message, string fix, DateTime? deadline = null)
    {
        Code = code;
        Severity = severity;
        Message = message;
        Fix = fix;
        Deadline = deadline;
    }

    /// <summary>Error: broken now, or from a date already past. Warning: breaks on <see cref="Deadline"/> or is a risk. Information: a note.</summary>
    public HeaderFindingSeverity Severity { get; internal set; }

    /// <summary>A stable PascalCase name, such as ApiTokenInUse; the first finding is always Summary.</summary>
    public string Code { get; }

    /// <summary>What was found.</summary>
    public string Message { get; internal set; }

    /// <summary>What to do about it.</summary>
    public string Fix { get; internal set; }

    /// <summary>The date Zendesk switches the thing off (a calendar date), or null when no date applies.</summary>
    public DateTime? Deadline { get; internal set; }

    public override string ToString() =>
        $"{Severity} {Code}{(Deadline is { } d ? " (" + ZendeskRetirement.Text(d) + ")" : "")}: {Message}";
}

/// <summary>The finding codes of Test-ZendeskApiAccess: stable, so scripts may match on them. Never rename one.</summary>
public static class ApiAccessFindingCode
{
    /// <summary>Always first: the account, what it allows, what this connection uses, and the counts.</summary>
    public const string Summary = nameof(Summary);

    // What the account allows (account settings, api object).
    public const string PasswordAccessOn = nameof(PasswordAccessOn);
    public const string PasswordAccessOff = nameof(PasswordAccessOff);
    public const string ApiTokenAccessOn = nameof(ApiTokenAccessOn);
    public const string ApiTokenAccessOff = nameof(ApiTokenAccessOff);
    public const string SettingUnknown = nameof(SettingUnknown);
    public const string SettingsNotVisible = nameof(SettingsNotVisible);

    // What this connection uses.
    public const string PasswordInUse = nameof(PasswordInUse);
    public const string ApiTokenInUse = nameof(ApiTokenInUse);
    public const string OAuthInUse = nameof(OAuthInUse);

    // OAuth tokens and clients.
    public const string TokenNeverExpires = nameof(TokenNeverExpires);
    public const string TokenUnused = nameof(TokenUnused);
    public const string TokensNotVisible = nameof(TokensNotVisible);
    public const string ClientWithoutTokenLifetimes = nameof(ClientWithoutTokenLifetimes);
    public const string ClientsNotVisible = nameof(ClientsNotVisible);

    /// <summary>A part of the check failed (timeout, 5xx, unreadable answer); the error stream has the details.</summary>
    public const string CheckIncomplete = nameof(CheckIncomplete);
}

using System;
using System.Management.Automation;
using System.Security;
using System.Text.RegularExpressions;

namespace ZendeskAuth.Authentication;

/// <summary>
/// Turns what a user passed (-Email with -ApiToken, -Credential, -OAuthToken) into a checked credential, the same
/// way for every cmdlet: a credential's user name <c>email</c> means password auth, <c>email/token</c> API token
/// auth (what Get-Credential and Azure Automation's Get-AutomationPSCredential hand over).
/// </summary>
internal static class CredentialInput
{
    /// <summary>
    /// Zendesk's user name is an email; it can hold no colon, since Basic auth splits there, and no control, format
    /// or separator character (a NUL, a line break, a zero-width space), which no address has.
    /// </summary>
    internal static readonly Regex EmailPattern = new(@"^[^@\s:/\p{Cc}\p{Cf}\p{Z}]+@[^@\s:/\p{Cc}\p{Cf}\p{Z}]+\.[^@\s:/\p{Cc}\p{Cf}\p{Z}]+\z", RegexOptions.CultureInvariant);

    public static ZendeskCredential FromApiToken(string email, SecureString apiToken) =>
        ZendeskCredential.ApiToken(CheckedEmail(email), NotBlank(apiToken, "-ApiToken"));

    public static ZendeskCredential FromCredential(PSCredential credential)
    {
        var userName = credential.UserName ?? "";
        var email = CheckedEmail(userName);
        var secret = NotBlank(credential.Password, "The credential's password");
        return AuthorizationHeader.HasTokenSuffix(userName) ? ZendeskCredential.ApiToken(email, secret) : ZendeskCredential.Password(email, secret);
    }

    public static ZendeskCredential FromOAuthToken(SecureString accessToken) => ZendeskCredential.OAuth(NotBlank(accessToken, "-OAuthToken"));

    /// <summary>The email without any /token suffix; refused unless it is an email.</summary>
    public static string CheckedEmail(string userName)
    {
        var email = AuthorizationHeader.EmailOf(userName);
        if (!EmailPattern.IsMatch(email))
        {
            // Echoed only when it has an '@': a user name without one may be a secret typed in the wrong place.
            var hasAt = email.IndexOf('@') >= 0;
            throw new CredentialInputException(
                $"{(hasAt ? $"'{Http.WireText.Show(email)}'" : "The user name")} is not an email address. Zendesk's user name is the user's email, such as jdoe@example.com (for an API token in -Credential, jdoe@example.com/token).",
                ErrorIds.InvalidEmail, hasAt ? Http.WireText.Show(email) : null);
        }
        return email;
    }

    public static SecureString NotBlank(SecureString secret, string what) =>
        SecureStrings.IsBlank(secret) ? throw new CredentialInputException($"{what} is empty.", ErrorIds.EmptySecret, null) : secret;
}

/// <summary>A credential a user passed is unusable; nothing was sent.</summary>
internal sealed class CredentialInputException : ArgumentException
{
    public CredentialInputException(string message, string errorId, object? target) : base(message)
    {
        ErrorId = errorId;
        Target = target;
    }

    public string ErrorId { get; }

    public object? Target { get; }

    public ErrorRecord ToErrorRecord() => new(this, ErrorId, ErrorCategory.InvalidArgument, Target);
}

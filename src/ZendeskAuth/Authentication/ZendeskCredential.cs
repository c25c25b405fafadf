using System;
using System.Security;

namespace ZendeskAuth.Authentication;

/// <summary>
/// A credential and the kind it is. The secret stays in a <see cref="SecureString"/> and becomes plain text only
/// while the header of one request is built. <see cref="ToString"/> never shows it.
/// </summary>
internal sealed class ZendeskCredential : IDisposable
{
    private readonly SecureString _secret;

    private ZendeskCredential(AuthenticationType type, string? email, SecureString secret)
    {
        Type = type;
        Email = email;
        // A copy, so the caller disposing its SecureString does not break the connection.
        _secret = secret.Copy();
        _secret.MakeReadOnly();
    }

    public AuthenticationType Type { get; }

    /// <summary>The email the credential names; null for OAuth, whose token names its user.</summary>
    public string? Email { get; }

    public bool IsDisposed { get; private set; }

    public static ZendeskCredential Password(string email, SecureString password) =>
        new(AuthenticationType.Password, AuthorizationHeader.EmailOf(email), password);

    public static ZendeskCredential ApiToken(string email, SecureString apiToken) =>
        new(AuthenticationType.ApiToken, AuthorizationHeader.EmailOf(email), apiToken);

    public static ZendeskCredential OAuth(SecureString accessToken) => new(AuthenticationType.OAuth, null, accessToken);

    /// <summary>The <c>Authorization</c> header value. The caller must not keep or log it.</summary>
    public string GetAuthorization()
    {
        if (IsDisposed)
        {
            throw new ObjectDisposedException(nameof(ZendeskCredential), "This connection was closed by Disconnect-Zendesk; run Connect-Zendesk again.");
        }

        var secret = SecureStrings.ToPlainText(_secret);
        return Type switch
        {
            AuthenticationType.Password => AuthorizationHeader.ForPassword(Email!, secret),
            AuthenticationType.ApiToken => AuthorizationHeader.ForApiToken(Email!, secret),
            _ => AuthorizationHeader.ForOAuth(secret),
        };
    }

    public void Dispose()
    {
        IsDisposed = true;
        _secret.Dispose();
    }

    public override string ToString() => Email is null ? Type.ToString() : $"{Type} ({Email})";
}

namespace ZendeskAuth.Authentication;

/// <summary>The kind of credential a connection sends.</summary>
public enum AuthenticationType
{
    /// <summary><c>Basic base64(email:password)</c>. Deprecated by Zendesk.</summary>
    Password,
    /// <summary><c>Basic base64(email/token:api_token)</c>. Retired by Zendesk on <see cref="ZendeskRetirement.ApiTokensStopWorking"/>.</summary>
    ApiToken,
    /// <summary><c>Bearer access_token</c>.</summary>
    OAuth,
}

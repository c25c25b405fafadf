namespace ZendeskAuth;

/// <summary>
/// Stable error ids, one place. PowerShell appends the command's type name, so a user sees, for example,
/// <c>ZendeskNotFound,ZendeskAuth.Commands.InvokeZendeskRequestCommand</c> in <c>FullyQualifiedErrorId</c>.
/// Scripts may match on these: never rename one.
/// </summary>
public static class ErrorIds
{
    // Answers from Zendesk, by status.
    public const string ZendeskBadRequest = nameof(ZendeskBadRequest);
    public const string ZendeskUnauthorized = nameof(ZendeskUnauthorized);
    public const string ZendeskForbidden = nameof(ZendeskForbidden);
    public const string ZendeskNotFound = nameof(ZendeskNotFound);
    public const string ZendeskConflict = nameof(ZendeskConflict);
    public const string ZendeskInvalidData = nameof(ZendeskInvalidData);
    public const string ZendeskRateLimited = nameof(ZendeskRateLimited);
    public const string ZendeskServerError = nameof(ZendeskServerError);
    public const string ZendeskHttpError = nameof(ZendeskHttpError);

    // Transport.
    public const string RequestTimeout = nameof(RequestTimeout);
    public const string ConnectionFailed = nameof(ConnectionFailed);
    public const string ProxyAuthenticationRequired = nameof(ProxyAuthenticationRequired);
    public const string InvalidResponse = nameof(InvalidResponse);

    // Connecting.
    public const string AuthenticationFailed = nameof(AuthenticationFailed);
    public const string NotConnected = nameof(NotConnected);
    public const string ConnectionClosed = nameof(ConnectionClosed);
    public const string MissingEnvironmentVariable = nameof(MissingEnvironmentVariable);
    public const string AmbiguousTarget = nameof(AmbiguousTarget);
    public const string TokenRefreshCallbackFailed = nameof(TokenRefreshCallbackFailed);

    // Input checked before any network call.
    public const string InvalidSubdomain = nameof(InvalidSubdomain);
    public const string InvalidUrl = nameof(InvalidUrl);
    public const string InsecureUrl = nameof(InsecureUrl);
    public const string InvalidEmail = nameof(InvalidEmail);
    public const string EmptySecret = nameof(EmptySecret);
    public const string ForeignHost = nameof(ForeignHost);
    public const string InvalidPath = nameof(InvalidPath);
    public const string InvalidBody = nameof(InvalidBody);
    public const string ProtectedHeader = nameof(ProtectedHeader);
    public const string InvalidParameterCombination = nameof(InvalidParameterCombination);
    public const string InvalidScope = nameof(InvalidScope);
    public const string InvalidProxy = nameof(InvalidProxy);
    public const string UnexpectedInputObject = nameof(UnexpectedInputObject);
    public const string MissingClientId = nameof(MissingClientId);

    // OAuth: Zendesk's OAuth error codes (RFC 6749 section 5.2), and the redirect of the interactive flow.
    public const string OAuthInvalidClient = nameof(OAuthInvalidClient);
    public const string OAuthInvalidGrant = nameof(OAuthInvalidGrant);
    public const string OAuthInvalidScope = nameof(OAuthInvalidScope);
    public const string OAuthInvalidRequest = nameof(OAuthInvalidRequest);
    public const string OAuthUnsupportedGrantType = nameof(OAuthUnsupportedGrantType);
    public const string OAuthAccessDenied = nameof(OAuthAccessDenied);
    public const string OAuthStateMismatch = nameof(OAuthStateMismatch);
    public const string OAuthTimeout = nameof(OAuthTimeout);
    public const string InteractiveSignInUnavailable = nameof(InteractiveSignInUnavailable);
    public const string RevocationNotVerified = nameof(RevocationNotVerified);
    public const string NotOAuth = nameof(NotOAuth);
}

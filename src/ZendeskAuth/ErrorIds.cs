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
    /// <summary>A next-page link repeats a page already read (itself, or a cycle): paging stops there.</summary>
    public const string PagingLoop = nameof(PagingLoop);

    // Connecting.
    public const string AuthenticationFailed = nameof(AuthenticationFailed);
    public const string NotConnected = nameof(NotConnected);
    public const string ConnectionClosed = nameof(ConnectionClosed);
    public const string MissingEnvironmentVariable = nameof(MissingEnvironmentVariable);
    public const string AmbiguousTarget = nameof(AmbiguousTarget);
    public const string TokenRefreshCallbackFailed = nameof(TokenRefreshCallbackFailed);
    /// <summary>A token renewal finished after its command was stopped (Ctrl+C); the connection kept the result.</summary>
    public const string TokenRenewedInBackground = nameof(TokenRenewedInBackground);

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
    public const string InvalidHeaderName = nameof(InvalidHeaderName);
    public const string InvalidHeaderValue = nameof(InvalidHeaderValue);
    public const string InvalidSecret = nameof(InvalidSecret);
    public const string NotATokenObject = nameof(NotATokenObject);
    public const string InvalidParameterCombination = nameof(InvalidParameterCombination);
    public const string UnknownContentType = nameof(UnknownContentType);
    public const string InvalidScope = nameof(InvalidScope);
    public const string InvalidProxy = nameof(InvalidProxy);
    public const string UnexpectedInputObject = nameof(UnexpectedInputObject);
    public const string MissingClientId = nameof(MissingClientId);
    /// <summary>-OutFile's folder is missing or not writable: found before anything is sent.</summary>
    public const string OutFileNotWritable = nameof(OutFileNotWritable);
    /// <summary>Writing -OutFile failed on this computer (disk full, file locked); the partial file was deleted.</summary>
    public const string OutFileWriteFailed = nameof(OutFileWriteFailed);
    public const string WouldLockOut = nameof(WouldLockOut);

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

    // Account settings.
    public const string SettingNotChanged = nameof(SettingNotChanged);
}

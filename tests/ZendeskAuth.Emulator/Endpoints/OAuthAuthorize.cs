namespace ZendeskAuth.Emulator.Endpoints;

/// <summary>
/// GET /oauth/authorizations/new — step 1 of the authorization code grant
/// (https://support.zendesk.com/hc/en-us/articles/4408845965210 "Send the user to the Zendesk authorization page"; PKCE:
/// https://developer.zendesk.com/documentation/api-basics/authentication/oauth-pkce). The emulator has no login or consent page:
/// <see cref="EmulatorAccount.OAuthApprovingUserId"/> approves at once (or denies, <see cref="EmulatorAccount.DenyOAuthAuthorizations"/>).
/// </summary>
internal static class OAuthAuthorize
{
    /// <summary>
    /// 302 to <c>{redirect_uri}?code=…&amp;state=…</c>; errors about the request redirect with <c>error</c>, <c>error_description</c>
    /// and <c>state</c> (RFC 6749 §4.1.2.1). An unknown client or an unregistered redirect_uri gets an error page, never a
    /// redirect. The code lives 120 s, is single-use and is bound to client, redirect_uri, scopes, user and code_challenge.
    /// </summary>
    public static ApiResponse New(RequestContext rc)
    {
        var q = rc.Query;
        var account = rc.Emulator.Account;
        string? clientId = q["client_id"];
        string? redirectUri = q["redirect_uri"];
        string? state = q["state"];

        var client = string.IsNullOrEmpty(clientId) ? null : account.OAuthClients.FindByIdentifier(clientId);
        if (client is null)
            return ErrorPage("The client_id parameter is missing or does not match an OAuth client of this account.");
        if (string.IsNullOrEmpty(redirectUri))
        {
            // RFC 6749 §3.1.2.3: may be omitted when exactly one URI is registered. [guess] that Zendesk allows it.
            if (client.RedirectUris.Count != 1)
                return ErrorPage("The redirect_uri parameter is missing.");
            redirectUri = client.RedirectUris[0];
        }
        if (!client.RedirectUris.Any(r => OAuthRules.RedirectUriMatches(r, redirectUri)))
            return ErrorPage("The redirect_uri does not match a redirect URL registered for this OAuth client.");

        ApiResponse Fail(string error, string description) =>
            Redirect(OAuthRules.AppendQuery(redirectUri, [("error", error), ("error_description", description), ("state", state)]));

        // "code" only: the implicit grant (response_type=token) was removed on 2025-02-17
        // (https://support.zendesk.com/hc/en-us/articles/8302546989466).
        string? responseType = q["response_type"];
        if (string.IsNullOrEmpty(responseType))
            return Fail("invalid_request", ZendeskErrors.OAuthAuthorizeInvalidRequestDescription);
        if (responseType != "code")
            return Fail("unsupported_response_type", ZendeskErrors.OAuthUnsupportedResponseTypeDescription);

        // "You must specify a scope" (grant-type API reference); RFC 6749 §3.3 → invalid_scope.
        var scopes = OAuthScopes.Split(q["scope"]);
        if (scopes.Length == 0 || (!account.AcceptUnknownScopesInGrants && !scopes.All(OAuthScopes.IsKnown)))
            return Fail("invalid_scope", ZendeskErrors.OAuthAuthorizeInvalidScopeDescription);

        // PKCE: "Specify "S256"" as code_challenge_method; public clients "must use PKCE". [guess] plain or a missing method →
        // invalid_request; a challenge that is not 43–128 base64url characters → invalid_request (RFC 7636 §4.2).
        string? challenge = q["code_challenge"];
        string? method = q["code_challenge_method"];
        if (string.IsNullOrEmpty(challenge))
        {
            if (!client.IsConfidential || !string.IsNullOrEmpty(method))
                return Fail("invalid_request", ZendeskErrors.OAuthAuthorizeInvalidRequestDescription);
            challenge = null;
        }
        else if (method != "S256" || challenge.Length is < 43 or > 128
                 || !challenge.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return Fail("invalid_request", ZendeskErrors.OAuthAuthorizeInvalidRequestDescription);
        }

        var user = account.FindUserById(account.OAuthApprovingUserId);
        if (account.DenyOAuthAuthorizations || user is null || !user.Active || !user.Verified)
            return Fail("access_denied", ZendeskErrors.OAuthAccessDeniedDescription);

        var code = account.OAuthCodes.Issue(client.Id, redirectUri, scopes, user.Id, challenge, rc.Emulator.Clock.Now);
        return Redirect(OAuthRules.AppendQuery(redirectUri, [("code", code.Code), ("state", state)]));
    }

    private static ApiResponse Redirect(string location) =>
        ApiResponse.Text(302, ZendeskErrors.RedirectBody(location), "text/html; charset=utf-8").WithHeader("Location", location);

    private static ApiResponse ErrorPage(string message) =>
        ApiResponse.Text(400, ZendeskErrors.OAuthAuthorizationErrorPage(message), "text/html; charset=utf-8");
}

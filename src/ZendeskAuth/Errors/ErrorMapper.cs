using System;
using System.Management.Automation;
using ZendeskAuth.Http;

namespace ZendeskAuth.Errors;

/// <summary>Turns the module's exceptions into ErrorRecords with a stable id and the right category.</summary>
internal static class ErrorMapper
{
    private const int MaxBodyInDetails = 4000;

    public static ErrorRecord ToErrorRecord(Exception exception, object? target, string fallbackId = ErrorIds.ZendeskHttpError)
    {
        switch (exception)
        {
            case ZendeskApiException api:
                var (id, category) = ForOAuthError(api.ZendeskError) ?? ForStatus(api.StatusCode);
                return new ErrorRecord(api, id, category, target ?? api.Uri)
                {
                    // The message first; then Zendesk's body, as Invoke-RestMethod users expect to find it here.
                    ErrorDetails = new ErrorDetails(api.Body.Length == 0 ? api.Message : $"{api.Message}{Environment.NewLine}{Truncate(api.Body)}")
                    {
                        RecommendedAction = api.RecommendedAction ?? "",
                    },
                };
            case ZendeskTimeoutException timeout:
                return new ErrorRecord(timeout, ErrorIds.RequestTimeout, ErrorCategory.OperationTimeout, target ?? timeout.Uri);
            case ZendeskProxyAuthenticationException proxy:
                return new ErrorRecord(proxy, ErrorIds.ProxyAuthenticationRequired, ErrorCategory.AuthenticationError, target ?? proxy.Uri)
                {
                    ErrorDetails = new ErrorDetails(proxy.Message) { RecommendedAction = proxy.RecommendedAction },
                };
            case ZendeskConnectionException connection:
                return new ErrorRecord(connection, ErrorIds.ConnectionFailed, ErrorCategory.ConnectionError, target ?? connection.Uri);
            case ForeignHostException foreign:
                return new ErrorRecord(foreign, ErrorIds.ForeignHost, ErrorCategory.SecurityError, target);
            case InsecureUrlException insecure:
                return new ErrorRecord(insecure, ErrorIds.InsecureUrl, ErrorCategory.SecurityError, target);
            case ObjectDisposedException closed:
                return new ErrorRecord(new InvalidOperationException(closed.Message.Split('\n')[0].Trim(), closed), ErrorIds.ConnectionClosed, ErrorCategory.InvalidOperation, target);
            case System.Text.Json.JsonException json:
                return new ErrorRecord(new InvalidOperationException($"Zendesk's answer is not the JSON expected ({json.Message}).", json), ErrorIds.InvalidResponse, ErrorCategory.InvalidResult, target);
            case ArgumentException argument:
                return new ErrorRecord(argument, fallbackId, ErrorCategory.InvalidArgument, target);
            default:
                return new ErrorRecord(exception, fallbackId, ErrorCategory.NotSpecified, target);
        }
    }

    public static ErrorRecord Create(string message, string id, ErrorCategory category, object? target, string? recommendedAction = null) =>
        new(new InvalidOperationException(message), id, category, target)
        {
            ErrorDetails = recommendedAction is null ? null : new ErrorDetails(message) { RecommendedAction = recommendedAction },
        };

    internal static (string Id, ErrorCategory Category) ForStatus(int status) => status switch
    {
        400 => (ErrorIds.ZendeskBadRequest, ErrorCategory.InvalidArgument),
        401 => (ErrorIds.ZendeskUnauthorized, ErrorCategory.AuthenticationError),
        403 => (ErrorIds.ZendeskForbidden, ErrorCategory.PermissionDenied),
        404 => (ErrorIds.ZendeskNotFound, ErrorCategory.ObjectNotFound),
        409 => (ErrorIds.ZendeskConflict, ErrorCategory.ResourceBusy),
        422 => (ErrorIds.ZendeskInvalidData, ErrorCategory.InvalidData),
        429 => (ErrorIds.ZendeskRateLimited, ErrorCategory.LimitsExceeded),
        >= 500 => (ErrorIds.ZendeskServerError, ErrorCategory.ResourceUnavailable),
        _ => (ErrorIds.ZendeskHttpError, ErrorCategory.NotSpecified),
    };

    /// <summary>Zendesk's OAuth error codes name the problem better than the status does.</summary>
    internal static (string Id, ErrorCategory Category)? ForOAuthError(string? code) => code switch
    {
        "invalid_client" => (ErrorIds.OAuthInvalidClient, ErrorCategory.AuthenticationError),
        "invalid_grant" => (ErrorIds.OAuthInvalidGrant, ErrorCategory.AuthenticationError),
        "invalid_scope" => (ErrorIds.OAuthInvalidScope, ErrorCategory.InvalidArgument),
        "invalid_request" => (ErrorIds.OAuthInvalidRequest, ErrorCategory.InvalidArgument),
        "unsupported_grant_type" => (ErrorIds.OAuthUnsupportedGrantType, ErrorCategory.InvalidArgument),
        "access_denied" => (ErrorIds.OAuthAccessDenied, ErrorCategory.PermissionDenied),
        _ => null,
    };

    private static string Truncate(string body) => body.Length <= MaxBodyInDetails ? body : body.Substring(0, MaxBodyInDetails) + "…";
}

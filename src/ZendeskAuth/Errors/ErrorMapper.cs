using System;
using System.Management.Automation;
using ZendeskAuth.Http;
using ZendeskAuth.Json;

namespace ZendeskAuth.Errors;

/// <summary>Turns the module's exceptions into ErrorRecords with a stable id and the right category.</summary>
internal static class ErrorMapper
{
    private const int MaxBodyInDetails = 4000;

    public static ErrorRecord ToErrorRecord(Exception exception, object? target, string fallbackId = ErrorIds.ZendeskHttpError)
    {
        // A target may be the -Path a user gave, with ?access_token=… in it.
        target = SecretRedactor.Target(target);
        switch (exception)
        {
            case UnsafeWireTextException unsafeText:
                return new ErrorRecord(unsafeText, unsafeText.ErrorId, ErrorCategory.InvalidArgument, target);
            case ZendeskApiException api:
                var (id, category) = ForOAuthError(api.ZendeskError) ?? ForStatus(api.StatusCode);
                return new ErrorRecord(api, id, category, target ?? api.Uri)
                {
                    // What happened, then Zendesk's body, as Invoke-RestMethod users expect to find it here. The advice is
                    // said once, as the recommendation. A web page is not dumped: its sentence or title is in the message.
                    ErrorDetails = new ErrorDetails(string.IsNullOrWhiteSpace(api.Body) || api.IsHtml ? api.Summary : $"{api.Summary}{Environment.NewLine}{Truncate(api.Body)}")
                    {
                        RecommendedAction = api.RecommendedAction ?? "",
                    },
                };
            case ZendeskTimeoutException timeout:
                return new ErrorRecord(timeout, ErrorIds.RequestTimeout, ErrorCategory.OperationTimeout, target ?? SecretRedactor.Target(timeout.Uri));
            case ZendeskProxyAuthenticationException proxy:
                return new ErrorRecord(proxy, ErrorIds.ProxyAuthenticationRequired, ErrorCategory.AuthenticationError, target ?? SecretRedactor.Target(proxy.Uri))
                {
                    ErrorDetails = new ErrorDetails(proxy.Message) { RecommendedAction = proxy.RecommendedAction },
                };
            case ZendeskConnectionException connection:
                return new ErrorRecord(connection, ErrorIds.ConnectionFailed, ErrorCategory.ConnectionError, target ?? SecretRedactor.Target(connection.Uri));
            case ZendeskInvalidResponseException invalid:
                return new ErrorRecord(invalid, ErrorIds.InvalidResponse, ErrorCategory.InvalidResult, target ?? SecretRedactor.Target(invalid.Uri));
            case ZendeskLocalFileException file:
                return new ErrorRecord(file, ErrorIds.OutFileWriteFailed, ErrorCategory.WriteError, target ?? file.Path);
            case ZendeskRateLimitPauseException pause:
                return new ErrorRecord(pause, ErrorIds.ZendeskRateLimited, ErrorCategory.LimitsExceeded, target ?? SecretRedactor.Target(pause.Uri));
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

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ZendeskAuth.Connections;
using ZendeskAuth.Json;

namespace ZendeskAuth.Http;

/// <summary>
/// Sends one request on a connection: adds the credential, User-Agent and Accept headers, applies the
/// request's timeout, reports to the log, records the rate-limit headers, and turns a non-2xx answer into a
/// <see cref="ZendeskApiException"/>. Knows nothing of PowerShell's error records.
/// </summary>
internal static class RequestPipeline
{
    /// <summary>
    /// Sends on a connection with its credential. An OAuth credential that can renew itself does so shortly
    /// before it expires, and once more when Zendesk answers 401 invalid_token; then the request is sent again.
    /// </summary>
    public static async Task<ZendeskResponse> SendAsync(ZendeskConnection connection, ZendeskRequest request, IRequestLog log, CancellationToken cancellationToken)
    {
        ZendeskUrl.EnsureSameOrigin(connection.Url, request.Uri);
        var credential = connection.Credential;
        var (authorization, generation) = await credential.GetAuthorizationAsync(log, cancellationToken).ConfigureAwait(false);
        try
        {
            return await SendAsync(connection.SkipCertificateCheck, connection.RateLimit, request, authorization, log, cancellationToken).ConfigureAwait(false);
        }
        catch (ZendeskApiException e) when (e.StatusCode == 401 && e.ZendeskError == "invalid_token" && credential.CanRenew)
        {
            log.Verbose("Zendesk refused the access token (invalid_token): renewing it and sending the request once more");
            (authorization, _) = await credential.RenewAsync(generation, log, cancellationToken).ConfigureAwait(false);
            return await SendAsync(connection.SkipCertificateCheck, connection.RateLimit, request, authorization, log, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Sends with the given Authorization value, or none (OAuth grant requests carry the client's credentials in
    /// the body), retrying as <see cref="RetryPolicy"/> allows up to <see cref="ZendeskRequest.MaxRetries"/> times.
    /// Every wait is reported and cancellable. The caller has checked the host.
    /// </summary>
    public static async Task<ZendeskResponse> SendAsync(bool skipCertificateCheck, RateLimitState? rateLimit, ZendeskRequest request, string? authorization, IRequestLog log, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (rateLimit?.PauseBeforeRequest() is { } pause)
            {
                await WaitAsync(pause.Delay, pause.Reason, log, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                return await SendOnceAsync(skipCertificateCheck, rateLimit, request, authorization, log, cancellationToken).ConfigureAwait(false);
            }
            catch (ZendeskException failure) when (attempt <= request.MaxRetries && RetryPolicy.Delay(failure, request.Method, attempt) is { } delay)
            {
                if (failure is ZendeskApiException { StatusCode: 429 })
                {
                    // Every other request on this connection, in every worker and runspace, waits out the same window.
                    rateLimit?.PauseFor(delay);
                }
                var retryAfter = failure is ZendeskApiException { RetryAfter: not null } ? " (Retry-After)" : "";
                log.Verbose($"{Describe(failure)}; retry {attempt} of {request.MaxRetries} after {Seconds(delay)}{retryAfter}");
                await WaitAsync(delay, $"Retry {attempt} of {request.MaxRetries}: {Describe(failure)}", log, cancellationToken).ConfigureAwait(false);
            }
            catch (ZendeskApiException failure) when (failure.StatusCode == 429 && attempt > request.MaxRetries && request.MaxRetries > 0)
            {
                throw failure.AfterRetries(request.MaxRetries);
            }
        }
    }

    private static async Task WaitAsync(TimeSpan delay, string reason, IRequestLog log, CancellationToken cancellationToken)
    {
        if (delay <= TimeSpan.Zero)
        {
            return;
        }
        log.Waiting(delay, reason);
        try
        {
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            log.WaitEnded();
        }
    }

    private static string Describe(ZendeskException failure) => failure switch
    {
        ZendeskApiException answer => $"Zendesk answered {answer.StatusCode} {answer.ReasonPhrase}",
        ZendeskTimeoutException => "no answer within -TimeoutSec",
        _ => "the connection failed",
    };

    private static string Seconds(TimeSpan delay) => delay.TotalSeconds.ToString(delay.TotalSeconds < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " s";

    private static async Task<ZendeskResponse> SendOnceAsync(bool skipCertificateCheck, RateLimitState? rateLimit, ZendeskRequest request, string? authorization, IRequestLog log, CancellationToken cancellationToken)
    {
        var method = request.Method.Method;

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (request.Timeout is { } limit)
        {
            timeout.CancelAfter(limit);
        }

        using var message = BuildMessage(request, authorization);
        if (log.IsVerboseEnabled)
        {
            log.Verbose($"{method} {SecretRedactor.Url(request.Uri)}");
        }
        if (log.IsDebugEnabled)
        {
            log.Debug(Describe("Request", message.Headers.Concat(message.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>()),
                request.Body is null ? request.InFile is null ? null : $"(the content of {request.InFile})" : Encoding.UTF8.GetString(request.Body), request.ContentType, SecretRedactor.SecretsOf(authorization, request.Body, request.Headers)));
        }

        var stopwatch = Stopwatch.StartNew();
        HttpResponseMessage response;
        string body;
        try
        {
            response = await HttpClientProvider.Get(skipCertificateCheck)
                .SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            // netstandard2.0 cannot cancel reading the content; disposing the response aborts it instead.
            using (timeout.Token.Register(response.Dispose))
            {
                body = request.OutFile is not null && response.IsSuccessStatusCode
                    ? await SaveAsync(response, request.OutFile).ConfigureAwait(false)
                    : await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            }
            timeout.Token.ThrowIfCancellationRequested();
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or IOException && timeout.IsCancellationRequested)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new ZendeskTimeoutException(method, request.Uri, request.Timeout ?? TimeSpan.Zero);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw new ZendeskConnectionException(method, request.Uri, e);
        }

        using (response)
        {
            stopwatch.Stop();
            rateLimit?.Update(response.Headers);
            var contentType = response.Content.Headers.ContentType?.ToString();
            var status = (int)response.StatusCode;
            if (log.IsVerboseEnabled)
            {
                log.Verbose($"{method} {SecretRedactor.Url(request.Uri)} answered {status} {SecretRedactor.Text(response.ReasonPhrase, SecretRedactor.SecretsOf(authorization, request.Body, request.Headers))} in {stopwatch.ElapsedMilliseconds.ToString(CultureInfo.InvariantCulture)} ms ({(request.OutFile is not null && response.IsSuccessStatusCode ? "saved to " + request.OutFile : body.Length.ToString(CultureInfo.InvariantCulture) + " characters")})");
            }
            if (log.IsDebugEnabled)
            {
                log.Debug(Describe("Response", response.Headers.Concat(response.Content.Headers), body, contentType, SecretRedactor.SecretsOf(authorization, request.Body, request.Headers)));
            }

            var result = new ZendeskResponse(status, response.ReasonPhrase ?? "", response.Headers, response.Content.Headers, contentType, body, stopwatch.Elapsed);
            if (status < 200 || status > 299)
            {
                throw new ZendeskApiException(method, request.Uri, result, secrets: SecretRedactor.SecretsOf(authorization, request.Body, request.Headers));
            }
            return result;
        }
    }

    /// <summary>Streams the body to a file without holding it in memory (attachments, exports).</summary>
    private static async Task<string> SaveAsync(HttpResponseMessage response, string path)
    {
        using var content = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        await content.CopyToAsync(file, 81920).ConfigureAwait(false);
        return "";
    }

    /// <summary>
    /// The message for one try. Every value that becomes wire text (the request target, each caller header's name
    /// and value, the Content-Type, the Authorization value) passes <see cref="WireText"/> first, so an unsafe one
    /// ends in an <see cref="UnsafeWireTextException"/> before anything is built or sent, on every path.
    /// </summary>
    internal static HttpRequestMessage BuildMessage(ZendeskRequest request, string? authorization)
    {
        WireText.CheckRequestTarget(request.Uri);
        string? contentType = request.ContentType;
        foreach (var header in request.Headers)
        {
            WireText.CheckHeader(header.Key, header.Value);
            if (header.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                contentType = header.Value;
            }
        }
        if (contentType is not null)
        {
            WireText.CheckHeaderValue("Content-Type", contentType);
        }
        if (authorization is not null)
        {
            WireText.CheckAuthorization(authorization);
        }

        var message = new HttpRequestMessage(request.Method, request.Uri);
        message.Headers.TryAddWithoutValidation("User-Agent", HttpClientProvider.UserAgent);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        foreach (var header in request.Headers)
        {
            if (!header.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                message.Headers.Remove(header.Key);
                message.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }
        // Last, so nothing the caller passed can replace it.
        message.Headers.Remove("Authorization");
        if (authorization is not null)
        {
            message.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
        }
        else if (request.InFile is not null)
        {
            // Opened for each try, so a retry sends the whole file again.
            message.Content = new StreamContent(new FileStream(request.InFile, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true));
        }
        message.Content?.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return message;
    }

    private static string Describe(string title, IEnumerable<KeyValuePair<string, IEnumerable<string>>> headers, string? body, string? contentType, IReadOnlyCollection<string> secrets)
    {
        var text = new StringBuilder(title).Append(':');
        foreach (var header in headers)
        {
            text.AppendLine().Append("  ").Append(SecretRedactor.Header(header.Key, string.Join(", ", header.Value), secrets));
        }
        if (!string.IsNullOrEmpty(body))
        {
            text.AppendLine().Append("  ").Append(SecretRedactor.Body(body, contentType, secrets));
        }
        return text.ToString();
    }
}

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
        try
        {
            return await SendWithCredentialAsync(connection, request, log, cancellationToken).ConfigureAwait(false);
        }
        catch (ZendeskApiException redirect) when (Redirects.CanFollow(request, redirect))
        {
            // An attachment's content_url answers 302 to Zendesk's file host: followed without the credential.
            return await Redirects.FollowAsync(connection, request, redirect, SendWithCredentialAsync, log, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<ZendeskResponse> SendWithCredentialAsync(ZendeskConnection connection, ZendeskRequest request, IRequestLog log, CancellationToken cancellationToken)
    {
        ZendeskUrl.EnsureSameOrigin(connection.Url, request.Uri);
        var credential = connection.Credential;
        if (request.ReadAhead && credential.RenewsBeforeUse)
        {
            throw new RenewalDeferredException();
        }
        var (authorization, generation) = await credential.GetAuthorizationAsync(log, cancellationToken).ConfigureAwait(false);
        try
        {
            return await SendAsync(connection.Transport, connection.RateLimit, request, authorization, log, cancellationToken).ConfigureAwait(false);
        }
        catch (ZendeskApiException e) when (e.StatusCode == 401 && e.ZendeskError == "invalid_token" && credential.CanRenew)
        {
            if (request.ReadAhead)
            {
                throw new RenewalDeferredException();
            }
            log.Verbose("Zendesk refused the access token (invalid_token): renewing it and sending the request once more");
            (authorization, _) = await credential.RenewAsync(generation, log, cancellationToken).ConfigureAwait(false);
            return await SendAsync(connection.Transport, connection.RateLimit, request, authorization, log, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Sends with the given Authorization value, or none (OAuth grant requests carry the client's credentials in
    /// the body), retrying as <see cref="RetryPolicy"/> allows up to <see cref="ZendeskRequest.MaxRetries"/> times.
    /// Every wait is reported and cancellable. The caller has checked the host.
    /// </summary>
    public static async Task<ZendeskResponse> SendAsync(HttpTransport transport, RateLimitState? rateLimit, ZendeskRequest request, string? authorization, IRequestLog log, CancellationToken cancellationToken)
    {
        // No single wait may outlast what the request allows: its -TimeoutSec, and no retry wait at all with
        // -MaxRetries 0. Pacing before a request is sent (Zendesk's rate-limit headers, a shared 429 window) is no
        // retry, so -MaxRetries does not forbid it; -TimeoutSec still bounds it.
        var budget = RetryPolicy.Budget(request.Timeout, request.MaxRetries);
        var pauseBudget = RetryPolicy.Budget(request.Timeout, maxRetries: 1);
        for (var attempt = 1; ; attempt++)
        {
            if (rateLimit?.PauseBeforeRequest(request.Uri) is { } pause)
            {
                // Whatever the rate-limit headers said, a request never sits out more than its budget: it fails
                // at once, unsent, and says how long the connection still waits.
                if (pause.Delay > pauseBudget)
                {
                    throw new ZendeskRateLimitPauseException(request.Method.Method, request.Uri, pause.Delay, pause.Reason, pauseBudget);
                }
                await WaitAsync(pause.Delay, pause.Reason, log, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                return await SendOnceAsync(transport, rateLimit, request, authorization, log, cancellationToken).ConfigureAwait(false);
            }
            catch (ZendeskException failure) when (attempt <= request.MaxRetries && RetryPolicy.Delay(failure, request.Method, attempt, budget) is { } delay)
            {
                if (failure is ZendeskApiException { StatusCode: 429 } limited)
                {
                    // The account's limit: every other request on this connection, in every worker and runspace, waits out
                    // the same window. An export's, an endpoint's or a ticket's own limit holds back only that endpoint.
                    rateLimit?.PauseFor(delay, limited.IsAccountRateLimit ? null : request.Uri);
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

    /// <summary>The request's own secrets and, for a redirect's GET, those of the request the server redirected.</summary>
    private static IReadOnlyCollection<string> Secrets(ZendeskRequest request, string? authorization)
    {
        var own = SecretRedactor.SecretsOf(authorization, request.Body, request.Headers);
        return request.EarlierSecrets is not { Count: > 0 } earlier ? own : own.Concat(earlier).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length).ToArray();
    }

    private static async Task<ZendeskResponse> SendOnceAsync(HttpTransport transport, RateLimitState? rateLimit, ZendeskRequest request, string? authorization, IRequestLog log, CancellationToken cancellationToken)
    {
        var method = request.Method.Method;
        // Decided before the first await: an answer sent inline is also read inline, on this thread.
        var inline = InlineSend.Here;

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (request.Timeout is { } limit)
        {
            timeout.CancelAfter(limit);
        }

        using var message = BuildMessage(request, authorization);
        if (log.IsVerboseEnabled)
        {
            log.Verbose($"{method} {SecretRedactor.Text(SecretRedactor.Url(request.Uri), request.EarlierSecrets)}");
        }
        if (log.IsDebugEnabled)
        {
            log.Debug(Describe("Request", message.Headers.Concat(message.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>()),
                request.Body is null ? request.InFile is null ? null : $"(the content of {request.InFile})" : Encoding.UTF8.GetString(request.Body), request.ContentType, Secrets(request, authorization)));
        }

        if (inline)
        {
            // This thread is about to block in the send: the GET line shows before a slow answer.
            InlineSend.BeforeBlocking();
        }

        var stopwatch = Stopwatch.StartNew();
        HttpResponseMessage response;
        byte[] body;
        int count;
        try
        {
            response = await HttpClientProvider.SendAsync(transport, message, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not ZendeskException)
        {
            throw TransportFailure(e, request, timeout, cancellationToken);
        }
        try
        {
            // netstandard2.0 cannot cancel reading the content; disposing the response aborts it instead.
            using (timeout.Token.Register(response.Dispose))
            {
                if (request.OutFile is not null && response.IsSuccessStatusCode)
                {
                    await ResponseBody.SaveAsync(response, request.OutFile).ConfigureAwait(false);
                    (body, count) = (Array.Empty<byte>(), 0);
                }
                else
                {
                    (body, count) = await ResponseBody.ReadBytesAsync(response, method, request.Uri, inline: inline).ConfigureAwait(false);
                }
            }
            timeout.Token.ThrowIfCancellationRequested();
        }
        catch (Exception e) when (e is not ZendeskException)
        {
            response.Dispose();
            // A body that stalls past -TimeoutSec is a timeout like a late header, not a broken connection.
            throw TransportFailure(e, request, timeout, cancellationToken, whileReadingAnswer: true);
        }
        catch (ZendeskException)
        {
            response.Dispose();
            throw;
        }

        using (response)
        {
            stopwatch.Stop();
            rateLimit?.Update(response.Headers, request.Uri);
            var mediaType = response.Content.Headers.ContentType;
            var contentType = mediaType?.ToString();
            var status = (int)response.StatusCode;
            var result = new ZendeskResponse(status, response.ReasonPhrase ?? "", response.Headers, response.Content.Headers, contentType, body, count, mediaType?.CharSet, stopwatch.Elapsed);
            if (log.IsVerboseEnabled)
            {
                log.Verbose($"{method} {SecretRedactor.Text(SecretRedactor.Url(request.Uri), request.EarlierSecrets)} answered {status} {SecretRedactor.Text(response.ReasonPhrase, Secrets(request, authorization))} in {stopwatch.ElapsedMilliseconds.ToString(CultureInfo.InvariantCulture)} ms ({(request.OutFile is not null && response.IsSuccessStatusCode ? "saved to " + request.OutFile : result.Body.Length.ToString(CultureInfo.InvariantCulture) + " characters")})");
            }
            if (log.IsDebugEnabled)
            {
                log.Debug(Describe("Response", response.Headers.Concat(response.Content.Headers), result.Body, contentType, Secrets(request, authorization)));
            }

            if (status < 200 || status > 299)
            {
                throw new ZendeskApiException(method, request.Uri, result, secrets: Secrets(request, authorization));
            }
            return result;
        }
    }

    /// <summary>
    /// What a failure while sending or reading means: Ctrl+C stays a cancellation; past -TimeoutSec (or an
    /// internal cancellation) it is a timeout; anything else the transport threw (a reset, a malformed status
    /// line or header, a bad Content-Length) is a failed connection, never a raw .NET exception.
    /// </summary>
    private static Exception TransportFailure(Exception e, ZendeskRequest request, CancellationTokenSource timeout, CancellationToken cancellationToken, bool whileReadingAnswer = false)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return e as OperationCanceledException ?? new OperationCanceledException(cancellationToken);
        }
        if (timeout.IsCancellationRequested || e is OperationCanceledException)
        {
            return new ZendeskTimeoutException(request.Method.Method, ShownUri(request), request.Timeout ?? TimeSpan.Zero);
        }
        return new ZendeskConnectionException(request.Method.Method, ShownUri(request), e, whileReadingAnswer);
    }

    /// <summary>
    /// The URL a failure names: a followed redirect's Location may repeat the first request's secrets (a token in
    /// its path), which are masked as they are in the verbose lines.
    /// </summary>
    private static Uri ShownUri(ZendeskRequest request) =>
        request.EarlierSecrets is { Count: > 0 } earlier
        && Uri.TryCreate(SecretRedactor.Text(request.Uri.AbsoluteUri, earlier), UriKind.Absolute, out var masked)
            ? masked
            : request.Uri;

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

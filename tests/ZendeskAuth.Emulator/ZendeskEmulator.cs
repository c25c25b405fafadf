using System.Net;
using System.Security.Authentication;
using System.Text;
using ZendeskAuth.Emulator.Endpoints;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ZendeskAuth.Emulator;

/// <summary>
/// A local stand-in for https://{subdomain}.zendesk.com, bound to 127.0.0.1 only.
/// Every request goes through <see cref="HandleAsync"/>: record → fault → rate limit → route → authenticate → handler.
/// </summary>
public sealed class ZendeskEmulator : IAsyncDisposable
{
    private readonly object _requestsGate = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly CancellationTokenSource _shutdown = new();
    private WebApplication? _app;
    private int _disposed;

    private ZendeskEmulator(EmulatorOptions options)
    {
        Options = options;
        RateLimitHeaders = options.RateLimitHeaders;
        SearchResultCap = options.SearchResultCap;
        Clock = new EmulatorClock();
        Account = new EmulatorAccount(Clock);
        RateLimit = new RateLimiter(Clock, options.RateLimitPerMinute, options.RateLimitWindow);
        IncrementalExportLimit = new EndpointLimiter("incremental-exports", Clock, options.IncrementalExportLimit, options.EndpointLimitWindow);
        TicketsIndexLimit = new EndpointLimiter("tickets-index", Clock, options.TicketsIndexLimit, options.EndpointLimitWindow);
        TicketUpdateLimit = new EndpointLimiter("ticket-updates", Clock, options.PerTicketUpdateLimit, options.EndpointLimitWindow);
        SearchExportLimit = new EndpointLimiter("search-export", Clock, options.SearchExportLimit, options.EndpointLimitWindow);
        Faults = new FaultInjector();
        Tickets = new TicketStore(options.TicketCount);
        Attachments = new AttachmentStore();
    }

    internal EmulatorOptions Options { get; }

    /// <summary>search.json answers 422 past this many results (Zendesk: 1,000); tests may lower it.</summary>
    public int SearchResultCap { get; set; }

    /// <summary>Which rate-limit header family answers carry; tests may switch it.</summary>
    public RateLimitHeaderStyle RateLimitHeaders { get; set; }

    /// <summary>Incremental exports' own limit (<c>zendesk-ratelimit-incremental-exports</c> [guess at the name]).</summary>
    public EndpointLimiter IncrementalExportLimit { get; }

    /// <summary>GET tickets.json's own limit (<c>zendesk-ratelimit-tickets-index</c>, seen).</summary>
    public EndpointLimiter TicketsIndexLimit { get; }

    /// <summary>search/export.json's own limit (100 a minute; [guess] at the header name).</summary>
    public EndpointLimiter SearchExportLimit { get; }

    /// <summary>Updates per ticket; exceeded: 429 text/html with Retry-After (seen).</summary>
    public EndpointLimiter TicketUpdateLimit { get; }

    /// <summary>Uploaded files (uploads.json) and what their content URLs serve.</summary>
    public AttachmentStore Attachments { get; }

    /// <summary>
    /// The second loopback host that serves attachment files, as Zendesk's file host (zdusercontent.com) does:
    /// an attachment's content_url on the account answers 302 to it. Reached as "localhost" on its own port, so it
    /// is another origin than <see cref="BaseUrl"/>. Records every request and whether a credential came with it.
    /// </summary>
    public Uri FileHostUrl { get; private set; } = null!;

    private WebApplication? _fileHost;

    /// <summary>e.g. https://127.0.0.1:54321/ (always ends with "/").</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public EmulatorAccount Account { get; }
    public EmulatorClock Clock { get; }

    private int _rateLimited;

    /// <summary>429s answered for the account's or an endpoint's rate limit since start (the benchmarks check it stays 0).</summary>
    public int RateLimitedCount => Volatile.Read(ref _rateLimited);
    public RateLimiter RateLimit { get; }
    public FaultInjector Faults { get; }

    internal TicketStore Tickets { get; }

    /// <summary>Every route the emulator serves, with the operation of Zendesk's OpenAPI description it follows.</summary>
    public static IReadOnlyList<EmulatedRoute> Routes => Router.Describe();

    /// <summary>Snapshot of every request received, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get { lock (_requestsGate) return _requests.ToArray(); }
    }

    public void ClearRequests()
    {
        lock (_requestsGate)
        {
            _requests.Clear();
            _fileHostRequests.Clear();
        }
    }

    private readonly List<RecordedRequest> _fileHostRequests = [];

    /// <summary>Every request the file host (<see cref="FileHostUrl"/>) received, headers included.</summary>
    public IReadOnlyList<RecordedRequest> FileHostRequests
    {
        get { lock (_requestsGate) return _fileHostRequests.ToArray(); }
    }

    internal void RecordFileHostRequest(RecordedRequest request)
    {
        lock (_requestsGate) _fileHostRequests.Add(request);
    }

    public static async Task<ZendeskEmulator> StartAsync(EmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new EmulatorOptions();
        options.Validate();
        var emulator = new ZendeskEmulator(options);

        // Empty builder: no appsettings, no environment variables (ASPNETCORE_URLS can't move it off loopback), no routing.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseKestrelCore();
        if (options.UseHttps)
            builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, options.Port, listen =>
            {
                if (!options.UseHttps)
                    return;
                listen.UseHttps(https =>
                {
                    https.ServerCertificate = SelfSignedCertificate.Get();
                    https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13; // Zendesk: TLS 1.2 or later
                });
            });
        });
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));

        var app = builder.Build();
        app.Run(emulator.HandleAsync);
        emulator._app = app;
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await emulator.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var port = new Uri(address).Port;
        emulator.BaseUrl = new Uri($"{(options.UseHttps ? "https" : "http")}://127.0.0.1:{port}/");
        try
        {
            emulator._fileHost = await FileHost.StartAsync(emulator, options.UseHttps, cancellationToken).ConfigureAwait(false);
            var filePort = new Uri(emulator._fileHost.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First()).Port;
            emulator.FileHostUrl = new Uri($"{(options.UseHttps ? "https" : "http")}://localhost:{filePort}/");
        }
        catch
        {
            await emulator.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return emulator;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        await _shutdown.CancelAsync().ConfigureAwait(false); // releases stalled and delayed requests first
        if (_app is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _app.StopAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Requests still running after 5 s are abandoned; the server is disposed regardless.
            }
            await _app.DisposeAsync().ConfigureAwait(false);
        }
        if (_fileHost is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _fileHost.StopAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            await _fileHost.DisposeAsync().ConfigureAwait(false);
        }
        _shutdown.Dispose();
    }

    // ---- request pipeline -----------------------------------------------------------------------------------------------

    private async Task HandleAsync(HttpContext http)
    {
        var body = await ReadBodyAsync(http.Request).ConfigureAwait(false);
        Record(http, body);
        Account.CountRequest();

        var path = http.Request.Path.Value ?? "/";
        if (Faults.TryTake(path) is { } fault && await ApplyFaultAsync(http, fault).ConfigureAwait(false))
            return;

        var rate = RateLimit.Acquire();
        var route = Router.Match(http.Request.Method, path, out var id, out var pathToken);
        ApiResponse response;
        var endpoint = rate.Allowed && route?.Limit is { } limit ? EndpointLimiterFor(limit) : null;
        var endpointRate = endpoint?.Acquire();
        if (!rate.Allowed || endpointRate is { Allowed: false })
            Interlocked.Increment(ref _rateLimited);
        if (!rate.Allowed)
        {
            // The account-wide 429 is plain text, not JSON (see ZendeskErrors.RateLimitExceededText).
            response = ApiResponse.Text(429, ZendeskErrors.RateLimitExceededText, ZendeskErrors.RateLimitExceededContentType)
                .WithHeader("Retry-After", rate.ResetSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        else if (endpointRate is { Allowed: false } refused)
        {
            // An endpoint's own limit: JSON APIRateLimitExceeded for the exports (facts file), with Retry-After.
            // [guess] that the check comes before authentication, and at the text for tickets.json.
            response = ApiResponse.Json(429, endpoint == IncrementalExportLimit ? ZendeskErrors.IncrementalExportRateLimitExceeded : ZendeskErrors.ApiRateLimitExceeded)
                .WithHeader("Retry-After", refused.ResetSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        else if (route is null)
        {
            // Unknown routes are 404 InvalidEndpoint whether or not the caller authenticated. [guess] at the ordering.
            response = ApiResponse.Json(404, ZendeskErrors.InvalidEndpoint);
        }
        else
        {
            response = Dispatch(http, route, id, pathToken, body);
        }

        if (endpoint is not null && endpointRate is { Unlimited: false } counted)
            response.WithHeader("zendesk-ratelimit-" + endpoint.Name, EndpointLimiter.HeaderValue(counted));
        await WriteAsync(http, response, rate, route?.IsList == true).ConfigureAwait(false);
    }

    private EndpointLimiter EndpointLimiterFor(EndpointLimit limit) => limit switch
    {
        EndpointLimit.IncrementalExports => IncrementalExportLimit,
        EndpointLimit.SearchExport => SearchExportLimit,
        _ => TicketsIndexLimit,
    };

    private ApiResponse Dispatch(HttpContext http, Route route, long id, string? pathToken, byte[] body)
    {
        var auth = route.Access == Access.Public
            ? AuthResult.Fail(AuthMethod.None, AuthFailure.NoCredentials)
            : Authentication.Authenticate(JoinHeader(http.Request.Headers.Authorization), Account, Clock.Now);

        if (route.Access != Access.Public && !auth.IsAuthenticated)
        {
            var anonymous = route.Access == Access.AnonymousAllowed && Authentication.FallsBackToAnonymous(auth);
            if (!anonymous)
                return auth.Method == AuthMethod.Bearer
                    ? ApiResponse.Json(401, ZendeskErrors.InvalidToken)
                    : ApiResponse.Json(401, ZendeskErrors.CouldNotAuthenticate).WithHeader("WWW-Authenticate", ZendeskErrors.WwwAuthenticateBasic);
            // else: the handler runs with User == null, i.e. as the anonymous user
        }
        else if (auth.IsAuthenticated
                 && Authentication.MissingScope(auth, route.ScopeResource, HttpMethods.IsGet(http.Request.Method)) is { } scope)
        {
            return ApiResponse.Json(403, ZendeskErrors.MissingScope(scope));
        }

        return route.Handler(new RequestContext { Http = http, Emulator = this, Auth = auth, Body = body, Id = id, PathToken = pathToken });
    }

    /// <summary>Applies a fault; true when the request is finished (false: Latency, continue normally).</summary>
    private async Task<bool> ApplyFaultAsync(HttpContext http, Fault fault)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, _shutdown.Token);
        switch (fault.Kind)
        {
            case FaultKind.Latency:
                try
                {
                    await Task.Delay(fault.Delay, stop.Token).ConfigureAwait(false);
                    return false;
                }
                catch (OperationCanceledException)
                {
                    http.Abort();
                    return true;
                }

            case FaultKind.Stall:
                try
                {
                    await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // client gave up, or the emulator is stopping
                }
                http.Abort();
                return true;

            case FaultKind.ConnectionReset:
                http.Abort();
                return true;

            case FaultKind.MalformedJson:
                await WriteAsync(http, ApiResponse.Json(200, ZendeskErrors.TruncatedJson), RateLimit.Peek(), isList: false).ConfigureAwait(false);
                return true;

            case FaultKind.HtmlErrorPage:
                await WriteAsync(http, ApiResponse.Text(fault.StatusCode, ZendeskErrors.HtmlErrorPage(fault.StatusCode), "text/html"), RateLimit.Peek(), isList: false)
                    .ConfigureAwait(false);
                return true;

            case FaultKind.Text:
                var text = ApiResponse.Raw(fault.StatusCode, Encoding.UTF8.GetBytes(fault.Body), fault.ContentType);
                foreach (var (name, value) in fault.Headers)
                    text.WithHeader(name, value);
                await WriteAsync(http, text, RateLimit.Peek(), isList: false).ConfigureAwait(false);
                // Written after the emulator's own headers, so a test's hostile rate-limit values win.
                return true;

            case FaultKind.Status:
                var response = ApiResponse.Json(fault.StatusCode, ZendeskErrors.ForStatus(fault.StatusCode));
                if (fault.RetryAfterHttpDate is { } date)
                    response.WithHeader("Retry-After", date);
                else if (fault.RetryAfter is { } delay)
                    response.WithHeader("Retry-After", ((long)Math.Ceiling(delay.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture));
                await WriteAsync(http, response, RateLimit.Peek(), isList: false).ConfigureAwait(false);
                return true;

            default:
                throw new InvalidOperationException($"Unknown fault kind {fault.Kind}.");
        }
    }

    /// <summary>
    /// Writes the response with the rate-limit headers Zendesk puts on every response (X-Rate-Limit, X-Rate-Limit-Remaining)
    /// and, on list endpoints, ratelimit-limit / ratelimit-remaining / ratelimit-reset
    /// (https://developer.zendesk.com/documentation/api-basics/best-practices/best-practices-for-avoiding-rate-limiting).
    /// No rate-limit headers when the limit is 0 (unlimited).
    /// </summary>
    private async Task WriteAsync(HttpContext http, ApiResponse response, RateLimitDecision rate, bool isList)
    {
        var headers = http.Response.Headers;
        http.Response.StatusCode = response.StatusCode;
        if (!rate.Unlimited)
        {
            var limit = rate.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var remaining = rate.Remaining.ToString(System.Globalization.CultureInfo.InvariantCulture);
            headers["X-Rate-Limit"] = limit;
            headers["X-Rate-Limit-Remaining"] = remaining;
            // Every response, errors included, carries one family or the other (facts file, "Rate limits"; recorded).
            // [guess] that one account sends only one family at a time.
            var dashed = RateLimitHeaders == RateLimitHeaderStyle.RateLimitDashed;
            var prefix = dashed ? "rate-limit" : "ratelimit";
            headers[dashed ? "rate-limit" : "ratelimit-limit"] = limit;
            headers[prefix + "-remaining"] = remaining;
            headers[prefix + "-reset"] = rate.ResetSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        foreach (var (name, value) in response.Headers)
            headers[name] = value;

        if (response.StatusCode == 204)
            return;
        if (response.ContentType is not null)
            http.Response.ContentType = response.ContentType;
        http.Response.ContentLength = response.Body.Length;
        try
        {
            await http.Response.Body.WriteAsync(response.Body, http.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // the client went away mid-response
        }
    }

    private void Record(HttpContext http, byte[] body)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in http.Request.Headers)
            headers[name] = JoinHeader(values) ?? "";
        var target = http.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(target))
            target = http.Request.Path + http.Request.QueryString;
        var request = new RecordedRequest(http.Request.Method, target, headers, Encoding.UTF8.GetString(body)) { RawBody = body };
        lock (_requestsGate) _requests.Add(request);
    }

    private static string? JoinHeader(Microsoft.Extensions.Primitives.StringValues values) =>
        values.Count == 0 ? null : string.Join(", ", values.ToArray());

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        try
        {
            await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or BadHttpRequestException)
        {
            // Client aborted or sent a broken body: record what arrived.
        }
        return buffer.ToArray();
    }
}

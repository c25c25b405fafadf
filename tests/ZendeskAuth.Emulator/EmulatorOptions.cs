namespace ZendeskAuth.Emulator;

/// <summary>How a <see cref="ZendeskEmulator"/> is started.</summary>
public sealed class EmulatorOptions
{
    /// <summary>HTTPS with a self-signed certificate made in memory at start (never written to disk). Zendesk is HTTPS only.</summary>
    public bool UseHttps { get; set; } = true;

    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; set; } = 0;

    /// <summary>Size of the ticket data set (ids 1..TicketCount). Tickets are generated from their id on demand, so 100,000 costs nothing.</summary>
    public int TicketCount { get; set; } = 250;

    /// <summary>Account-wide requests per minute (Enterprise plans: 700). 0 = unlimited (no rate-limit headers then).</summary>
    public int RateLimitPerMinute { get; set; } = 700;

    /// <summary>
    /// The length of the account-wide window: <see cref="RateLimitPerMinute"/> requests are allowed per window, in fixed
    /// windows aligned to multiples of it since the Unix epoch (Zendesk: a minute). The benchmarks shorten it (say to
    /// 10 s) so that a bulk job meets the limit in seconds, not minutes; the headers keep Zendesk's shape
    /// (<c>ratelimit-limit</c> = the limit, <c>ratelimit-reset</c> = whole seconds to the window's end), so a client that
    /// paces itself from the headers alone sees no difference. Whole seconds, at least 1.
    /// </summary>
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Which of Zendesk's two header families carries the window: <c>ratelimit-*</c> (2024 on) or <c>rate-limit-*</c> (seen in 2023).</summary>
    public RateLimitHeaderStyle RateLimitHeaders { get; set; } = RateLimitHeaderStyle.RateLimit;

    /// <summary>Incremental exports' own limit: 10 requests a minute (30 with High Volume). 0 = unlimited.
    /// https://developer.zendesk.com/api-reference/introduction/rate-limits/</summary>
    public int IncrementalExportLimit { get; set; } = 10;

    /// <summary>GET tickets.json's own limit (<c>zendesk-ratelimit-tickets-index</c>; total=100 as seen on real accounts). 0 (the default, so long paging runs are not slowed) = no limit and no header.</summary>
    public int TicketsIndexLimit { get; set; } = 0;

    /// <summary>search/export.json's own limit: "100 requests per minute per account" (ExportSearchResults). 0 = unlimited.</summary>
    public int SearchExportLimit { get; set; } = 100;

    /// <summary>Updates one ticket may take in a window (Zendesk: 30 per ticket per 10 minutes per user). 0 = unlimited.</summary>
    public int PerTicketUpdateLimit { get; set; } = 30;

    /// <summary>
    /// The window of the per-endpoint limits above (Zendesk: a minute; the per-ticket limit 10 minutes, scaled alike).
    /// Tests shorten it so that waiting out a limit takes a moment, not a minute.
    /// </summary>
    public TimeSpan EndpointLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Organizations in the data set (ids 1..N, generated).</summary>
    public int OrganizationCount { get; set; } = 30;

    /// <summary>Talk calls in the data set (generated).</summary>
    public int TalkCallCount { get; set; } = 12;

    /// <summary>Search results stop at this many (Zendesk: 1,000; page 11 at 100 a page answers 422).</summary>
    public int SearchResultCap { get; set; } = 1000;

    internal void Validate()
    {
        if (Port is < 0 or > 65535) throw new ArgumentOutOfRangeException(nameof(Port), Port, "Port must be 0..65535.");
        if (TicketCount < 0) throw new ArgumentOutOfRangeException(nameof(TicketCount), TicketCount, "TicketCount must not be negative.");
        if (IncrementalExportLimit < 0 || TicketsIndexLimit < 0 || PerTicketUpdateLimit < 0 || SearchExportLimit < 0) throw new ArgumentOutOfRangeException(nameof(IncrementalExportLimit), "Endpoint limits must not be negative (0 = unlimited).");
        if (EndpointLimitWindow <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(EndpointLimitWindow), EndpointLimitWindow, "EndpointLimitWindow must be positive.");
        if (RateLimitWindow < TimeSpan.FromSeconds(1) || RateLimitWindow.Ticks % TimeSpan.TicksPerSecond != 0) throw new ArgumentOutOfRangeException(nameof(RateLimitWindow), RateLimitWindow, "RateLimitWindow must be a whole number of seconds, at least 1.");
        if (RateLimitPerMinute < 0) throw new ArgumentOutOfRangeException(nameof(RateLimitPerMinute), RateLimitPerMinute, "RateLimitPerMinute must not be negative (0 = unlimited).");
    }
}

/// <summary>Zendesk's two header families for the account's window (ZENDESK_API_FACTS.md, "Rate limits").</summary>
public enum RateLimitHeaderStyle
{
    /// <summary><c>ratelimit-limit</c>, <c>ratelimit-remaining</c>, <c>ratelimit-reset</c> (2024 on).</summary>
    RateLimit,
    /// <summary><c>rate-limit</c>, <c>rate-limit-remaining</c>, <c>rate-limit-reset</c> (seen in 2023).</summary>
    RateLimitDashed,
}

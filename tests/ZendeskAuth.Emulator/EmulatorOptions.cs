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

    internal void Validate()
    {
        if (Port is < 0 or > 65535) throw new ArgumentOutOfRangeException(nameof(Port), Port, "Port must be 0..65535.");
        if (TicketCount < 0) throw new ArgumentOutOfRangeException(nameof(TicketCount), TicketCount, "TicketCount must not be negative.");
        if (RateLimitPerMinute < 0) throw new ArgumentOutOfRangeException(nameof(RateLimitPerMinute), RateLimitPerMinute, "RateLimitPerMinute must not be negative (0 = unlimited).");
    }
}

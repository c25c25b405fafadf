namespace ZendeskAuth.Emulator;

/// <summary>
/// The emulator's notion of "now": real UTC time plus an offset that tests move forward with <see cref="Advance"/>.
/// Rate-limit windows, OAuth token expiry and the timestamps of created tickets all read it.
/// </summary>
public sealed class EmulatorClock
{
    private long _offsetTicks;

    public DateTimeOffset Now => DateTimeOffset.UtcNow + Offset;

    /// <summary>Total amount the clock has been advanced.</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}

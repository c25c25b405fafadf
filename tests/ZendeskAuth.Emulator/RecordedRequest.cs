namespace ZendeskAuth.Emulator;

/// <summary>
/// One request as the emulator received it.
/// <paramref name="PathAndQuery"/> is the raw request target (exactly as sent, e.g. <c>page%5Bsize%5D</c> stays encoded).
/// <paramref name="Headers"/> has case-insensitive keys; repeated headers are joined with ", ".
/// <paramref name="Body"/> is the body decoded as UTF-8, "" if none.
/// </summary>
public sealed record RecordedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>The body's bytes exactly as they arrived (uploads are binary).</summary>
    public byte[] RawBody { get; init; } = [];
}

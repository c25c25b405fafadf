namespace ZendeskAuth.Emulator;

/// <summary>
/// The rest of Admin Center &gt; Apps and integrations &gt; APIs &gt; API configuration, as account settings show it
/// (<c>GET/PUT /api/v2/account/settings</c>, its <c>api</c> object). <see cref="PasswordAccessEnabled"/> and
/// <see cref="ApiTokenAccessEnabled"/> are the two switches the API writes as "true"/"false" strings.
/// </summary>
public sealed partial class EmulatorAccount
{
    /// <summary><c>accepted_api_agreement</c>: an admin accepted the API agreement ("Activating API access",
    /// https://support.zendesk.com/hc/en-us/articles/8662004958746).</summary>
    public bool AcceptedApiAgreement { get; set; } = true;

    /// <summary>
    /// True: <c>PUT /api/v2/account/settings</c> answers 200 but leaves the <c>api</c> switches as they were and names the
    /// dropped keys in <c>X-Zendesk-Api-Warn</c>, as Zendesk does with keys it will not take
    /// (https://support.zendesk.com/hc/en-us/articles/4418443326106; a 2021 community post saw most account settings
    /// dropped this way: https://support.zendesk.com/hc/en-us/community/posts/4408861014810).
    /// </summary>
    public bool IgnoreApiAccessUpdates { get; set; }

    /// <summary>
    /// JSON text written instead of an <c>api</c> value, by name (e.g. <c>["api_token_access"] = "\"yes\""</c> or <c>"null"</c>),
    /// for answers Zendesk has not been seen to give but a client must survive. Empty: the values as Zendesk writes them.
    /// </summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, string> RawApiValues { get; } = new(StringComparer.Ordinal);

    /// <summary>Counts of <c>PUT /api/v2/account/settings</c> calls that reached the handler (any outcome).</summary>
    public int AccountSettingsUpdates => Volatile.Read(ref _accountSettingsUpdates);

    private int _accountSettingsUpdates;

    internal void CountAccountSettingsUpdate() => Interlocked.Increment(ref _accountSettingsUpdates);
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using ZendeskAuth.Authentication;

namespace ZendeskAuth.ApiAccess;

/// <summary>
/// The account's API access settings as <c>GET /api/v2/account/settings</c> reports them (its <c>api</c> object,
/// https://developer.zendesk.com/api-reference/ticketing/account-configuration/account_settings/ , "API"; OpenAPI
/// schema AccountSettingsApiObject), as Admin Center shows them under Apps and integrations &gt; APIs &gt; API configuration.
/// A null flag means Zendesk's answer did not say (absent, or neither true nor false).
/// </summary>
public sealed class ZendeskApiAccess
{
    internal ZendeskApiAccess(Uri url, AuthenticationType connectionUses, DateTimeOffset readAt)
    {
        Url = url;
        ConnectionUses = connectionUses;
        ReadAt = readAt;
    }

    /// <summary>The account, such as https://acme.zendesk.com/.</summary>
    public Uri Url { get; }

    /// <summary><c>api_password_access</c>: whether the API takes email and password (Basic).</summary>
    public bool? PasswordAccess { get; internal set; }

    /// <summary><c>api_token_access</c>: whether the API takes API tokens (email/token Basic).</summary>
    public bool? ApiTokenAccess { get; internal set; }

    /// <summary><c>accepted_api_agreement</c>: whether an admin accepted the API agreement ("Activating API access").</summary>
    public bool? AcceptedApiAgreement { get; internal set; }

    /// <summary>The credential kind of the connection that read the settings.</summary>
    public AuthenticationType ConnectionUses { get; }

    /// <summary>When the settings were read (local time of the machine).</summary>
    public DateTimeOffset ReadAt { get; }

    public override string ToString() =>
        $"{Url}: password access {OnOff(PasswordAccess)}, API token access {OnOff(ApiTokenAccess)}";

    internal static string OnOff(bool? flag) => flag switch { true => "on", false => "off", _ => "unknown" };
}

/// <summary>Reading and writing the <c>api</c> object of account settings; no PowerShell types.</summary>
internal static class ApiAccessSettings
{
    public const string Path = "/api/v2/account/settings.json";
    public const string PasswordAccessName = "api_password_access";
    public const string ApiTokenAccessName = "api_token_access";
    public const string AcceptedAgreementName = "accepted_api_agreement";

    /// <summary>
    /// The settings from Zendesk's answer <c>{"settings":{"api":{...}}}</c>. <paramref name="unreadable"/> names each
    /// flag that was present but neither a boolean nor the strings "true"/"false".
    /// </summary>
    /// <exception cref="JsonException">The answer has no <c>settings</c> object.</exception>
    public static ZendeskApiAccess Parse(JsonElement root, Uri url, AuthenticationType connectionUses, DateTimeOffset readAt, out IReadOnlyList<string> unreadable)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("settings", out var settings) || settings.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("The answer has no \"settings\" object.");
        }
        var bad = new List<string>();
        var access = new ZendeskApiAccess(url, connectionUses, readAt);
        if (settings.TryGetProperty("api", out var api) && api.ValueKind == JsonValueKind.Object)
        {
            access.PasswordAccess = Flag(api, PasswordAccessName, bad);
            access.ApiTokenAccess = Flag(api, ApiTokenAccessName, bad);
            access.AcceptedApiAgreement = Flag(api, AcceptedAgreementName, bad);
        }
        unreadable = bad;
        return access;
    }

    /// <summary>
    /// A flag as Zendesk writes it: the reference page types these as boolean, but real answers and the OpenAPI
    /// example (AccountSettingsResponseExample) carry <c>"api_password_access": "true"</c>, a string. Both are read.
    /// </summary>
    internal static bool? Flag(JsonElement api, string name, List<string> unreadable)
    {
        if (!api.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        switch (value.ValueKind)
        {
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.String when string.Equals(value.GetString()?.Trim(), "true", StringComparison.OrdinalIgnoreCase):
                return true;
            case JsonValueKind.String when string.Equals(value.GetString()?.Trim(), "false", StringComparison.OrdinalIgnoreCase):
                return false;
            default:
                unreadable.Add(name);
                return null;
        }
    }

    /// <summary>
    /// The body of <c>PUT /api/v2/account/settings</c> (UpdateAccountSettings) that changes only the given flags:
    /// <c>{"settings":{"api":{"api_token_access":false}}}</c>. The reference page lists both flags in the API table
    /// as writable (Read-only: no) and typed boolean, so they are sent as JSON booleans.
    /// </summary>
    /// <exception cref="ArgumentException">Neither flag is given.</exception>
    public static byte[] UpdateBody(bool? passwordAccess, bool? apiTokenAccess)
    {
        if (passwordAccess is null && apiTokenAccess is null)
        {
            throw new ArgumentException("Nothing to change: give -PasswordAccess, -ApiTokenAccess or both.");
        }
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("settings");
            writer.WriteStartObject("api");
            if (passwordAccess is { } password)
            {
                writer.WriteBoolean(PasswordAccessName, password);
            }
            if (apiTokenAccess is { } token)
            {
                writer.WriteBoolean(ApiTokenAccessName, token);
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return stream.ToArray();
    }
}

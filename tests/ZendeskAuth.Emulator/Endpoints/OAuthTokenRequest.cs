using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace ZendeskAuth.Emulator.Endpoints;

/// <summary>
/// The parameters of a <c>POST /oauth/tokens</c>: a JSON object ("must be formatted as JSON", grant-type API reference) or
/// <c>application/x-www-form-urlencoded</c> (RFC 6749 §4.1.3; Rails parses both). Client credentials may also come as
/// <c>Authorization: Basic base64(client_id:client_secret)</c> (RFC 6749 §2.3.1; [guess] that Zendesk reads it, as rack-oauth2 does).
/// </summary>
internal sealed class OAuthTokenRequest
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);

    /// <summary>The body could not be read (not JSON / not a JSON object).</summary>
    public bool Malformed { get; private init; }

    /// <summary>Credentials came both in the Basic header and in the body ("provided multiple client credentials").</summary>
    public bool MultipleCredentials { get; private set; }

    public string? this[string name] => _values.TryGetValue(name, out var v) && !string.IsNullOrEmpty(v) ? v : null;

    public bool Has(string name) => _values.ContainsKey(name);

    public static OAuthTokenRequest Parse(RequestContext rc)
    {
        var contentType = rc.Http.Request.ContentType ?? "";
        var text = Encoding.UTF8.GetString(rc.Body);
        var isJson = contentType.Contains("json", StringComparison.OrdinalIgnoreCase)
            || (!contentType.Contains("form-urlencoded", StringComparison.OrdinalIgnoreCase) && text.TrimStart().StartsWith('{'));
        var request = isJson ? FromJson(rc.Body) : FromForm(text);
        request.AddBasicCredentials(rc.Http.Request.Headers.Authorization.ToString());
        return request;
    }

    /// <summary>Top-level members; numbers and booleans as their text, arrays/objects as raw JSON (so "scope": ["read","write"]
    /// arrives as garbage, like the documented mistake).</summary>
    private static OAuthTokenRequest FromJson(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return new OAuthTokenRequest { Malformed = true };
            var request = new OAuthTokenRequest();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                request._values[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Null => null,
                    _ => property.Value.GetRawText(),
                };
            }
            return request;
        }
        catch (JsonException)
        {
            return new OAuthTokenRequest { Malformed = true };
        }
    }

    private static OAuthTokenRequest FromForm(string body)
    {
        var request = new OAuthTokenRequest();
        foreach (var (name, values) in QueryHelpers.ParseQuery(body))
            request._values[name] = values.Count > 0 ? values[^1] : null;
        return request;
    }

    private void AddBasicCredentials(string header)
    {
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
            return;
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
        }
        catch (FormatException)
        {
            return;
        }
        var colon = decoded.IndexOf(':');
        if (colon < 0)
            return;
        var id = Uri.UnescapeDataString(decoded[..colon].Replace('+', ' '));
        var secret = Uri.UnescapeDataString(decoded[(colon + 1)..].Replace('+', ' '));
        if (this["client_secret"] is not null || (this["client_id"] is { } bodyId && bodyId != id))
            MultipleCredentials = true;
        _values["client_id"] = id;
        _values["client_secret"] = secret;
    }

    /// <summary>An optional lifetime in seconds within [min, max]; false when present but not an integer in range.</summary>
    public bool TryLifetime(string name, int min, int max, out int? seconds)
    {
        seconds = null;
        if (this[name] is not { } text)
            return true;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            return false;
        seconds = value;
        return true;
    }
}

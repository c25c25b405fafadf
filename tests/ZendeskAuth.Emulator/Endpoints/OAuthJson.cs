using System.Globalization;
using System.Text.Json;

namespace ZendeskAuth.Emulator.Endpoints;

/// <summary>Reading the small request bodies of the OAuth endpoints (a DOM is fine here: nothing is echoed back verbatim).</summary>
internal static class OAuthJson
{
    private static readonly JsonElement EmptyObject = CreateEmptyObject();

    /// <summary>The object under <paramref name="wrapper"/> (e.g. "client" in {"client":{…}}); false if the body is not a JSON
    /// object. A body without the wrapper yields an empty object.</summary>
    public static bool TryReadWrapped(byte[] body, string wrapper, out JsonElement value)
    {
        value = default;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return false;
            value = document.RootElement.TryGetProperty(wrapper, out var inner) && inner.ValueKind == JsonValueKind.Object
                ? inner.Clone()
                : EmptyObject;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static JsonElement CreateEmptyObject()
    {
        using var document = JsonDocument.Parse("{}");
        return document.RootElement.Clone();
    }

    public static bool Has(JsonElement obj, string name) => obj.TryGetProperty(name, out _);

    /// <summary>A string property, numbers as their text; null when absent or null.</summary>
    public static string? String(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.GetRawText(),
            _ => null,
        } : null;

    /// <summary>An integer property given as a number or a numeric string.</summary>
    public static long? Int64(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && (v.ValueKind == JsonValueKind.Number ? v.TryGetInt64(out var n)
            : v.ValueKind == JsonValueKind.String && long.TryParse(v.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out n))
            ? n : null;

    /// <summary>An array of strings; a single string becomes one item (redirect_uri: split at white space, as the Admin Center
    /// text box takes one URL a line — [guess] for the API). Null when absent.</summary>
    public static string[]? Strings(JsonElement obj, string name, bool splitString = false)
    {
        if (!obj.TryGetProperty(name, out var v))
            return null;
        return v.ValueKind switch
        {
            JsonValueKind.Array => v.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText()).ToArray(),
            JsonValueKind.String when splitString => OAuthScopes.Split(v.GetString()),
            JsonValueKind.String => [v.GetString()!],
            JsonValueKind.Null => [],
            _ => [v.GetRawText()],
        };
    }
}

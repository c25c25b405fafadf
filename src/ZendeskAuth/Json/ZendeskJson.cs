using System;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace ZendeskAuth.Json;

/// <summary>Small readers for Zendesk's JSON fields, tolerant of nulls and absent fields.</summary>
internal static class ZendeskJson
{
    /// <summary>
    /// TryGetProperty that never throws: on an object whose property names hold a lone surrogate escape (which
    /// System.Text.Json refuses to compare) it looks the name up one property at a time. False for a non-object.
    /// </summary>
    public static bool TryGet(JsonElement element, string name, out JsonElement value)
    {
        value = default;
        if (element.ValueKind != JsonValueKind.Object)
        {
            return false;
        }
        try
        {
            return element.TryGetProperty(name, out value);
        }
        catch (InvalidOperationException)
        {
            var found = false;
            foreach (var property in element.EnumerateObject())
            {
                if (string.Equals(Name(property), name, StringComparison.Ordinal))
                {
                    // The last one wins, as with duplicate names elsewhere.
                    value = property.Value;
                    found = true;
                }
            }
            return found;
        }
    }

    public static string? String(JsonElement element, string name) =>
        TryGet(element, name, out var value) && value.ValueKind == JsonValueKind.String ? Text(value) : null;

    /// <summary>
    /// A JSON string's text. A lone surrogate escape (<c>"\ud800"</c>), which System.Text.Json refuses to read,
    /// becomes U+FFFD, so no record a server sends can crash a conversion.
    /// </summary>
    public static string Text(JsonElement value)
    {
        try
        {
            return value.GetString() ?? "";
        }
        catch (InvalidOperationException)
        {
            return Unescape(value.GetRawText(), 0, out _);
        }
    }

    /// <summary>A property's name, with the same care as <see cref="Text"/>.</summary>
    public static string Name(JsonProperty property)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            // ToString gives the raw "name": value; the name is the first JSON string in it.
            return Unescape(property.ToString(), 0, out _);
        }
    }

    /// <summary>Decodes the quoted JSON string that starts at <paramref name="start"/>, replacing unpaired surrogates with U+FFFD.</summary>
    internal static string Unescape(string raw, int start, out int end)
    {
        var text = new System.Text.StringBuilder();
        var i = raw.IndexOf('"', start) + 1;
        for (; i < raw.Length && raw[i] != '"'; i++)
        {
            var c = raw[i];
            if (c != '\\' || i + 1 >= raw.Length)
            {
                text.Append(c);
                continue;
            }
            var e = raw[++i];
            switch (e)
            {
                case 'b': text.Append('\b'); break;
                case 'f': text.Append('\f'); break;
                case 'n': text.Append('\n'); break;
                case 'r': text.Append('\r'); break;
                case 't': text.Append('\t'); break;
                case 'u' when i + 4 < raw.Length && int.TryParse(raw.Substring(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code):
                    text.Append((char)code);
                    i += 4;
                    break;
                default: text.Append(e); break;
            }
        }
        end = i;
        // Pairs stay; every surrogate without its partner becomes the replacement character.
        var chars = text.ToString().ToCharArray();
        for (var k = 0; k < chars.Length; k++)
        {
            if (char.IsHighSurrogate(chars[k]) && k + 1 < chars.Length && char.IsLowSurrogate(chars[k + 1]))
            {
                k++;
            }
            else if (char.IsSurrogate(chars[k]))
            {
                chars[k] = '\uFFFD';
            }
        }
        return new string(chars);
    }

    public static long? Int64(JsonElement element, string name) =>
        TryGet(element, name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : null;

    public static bool? Boolean(JsonElement element, string name) =>
        TryGet(element, name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;

    public static DateTimeOffset? Date(JsonElement element, string name) =>
        String(element, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;

    /// <summary>An array of strings; a single string is taken as one item.</summary>
    public static string[] Strings(JsonElement element, string name)
    {
        if (!TryGet(element, name, out var value))
        {
            return Array.Empty<string>();
        }
        return value.ValueKind switch
        {
            JsonValueKind.Array => value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(Text).ToArray(),
            JsonValueKind.String => new[] { Text(value) },
            _ => Array.Empty<string>(),
        };
    }
}

using System.Globalization;
using System.Management.Automation;
using System.Text.Json;

namespace ZendeskAuth.Json;

/// <summary>
/// JSON to what a PowerShell user expects: objects become PSCustomObjects, arrays object[]; integers are Int64
/// (Zendesk ids exceed Int32), other numbers Double (Decimal when a whole number is too big for Int64);
/// dates stay ISO 8601 strings, as Zendesk sent them. An unpaired surrogate escape becomes U+FFFD; nothing a
/// server sends makes it throw (a property named "" becomes <see cref="EmptyName"/>).
/// </summary>
internal static class JsonToPSObject
{
    /// <summary>The name a property named "" gets: PowerShell has no property without a name.</summary>
    public const string EmptyName = "(empty)";

    public static object? Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Convert(document.RootElement);
    }

    /// <param name="asHashtable">Objects become case-insensitive Hashtables instead (Invoke-ZendeskRequest -AsHashtable).</param>
    public static object? Convert(JsonElement element, bool asHashtable = false)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object when asHashtable:
                var table = new System.Collections.Hashtable(System.StringComparer.OrdinalIgnoreCase);
                foreach (var property in element.EnumerateObject())
                {
                    table[property.Name] = Convert(property.Value, true);
                }
                return table;
            case JsonValueKind.Object:
                var result = new PSObject();
                foreach (var property in element.EnumerateObject())
                {
                    var name = ZendeskJson.Name(property);
                    if (name.Length == 0)
                    {
                        // Legal JSON, but PowerShell has no property without a name.
                        name = EmptyName;
                    }
                    var note = new PSNoteProperty(name, Convert(property.Value));
                    try
                    {
                        result.Properties.Add(note);
                    }
                    catch (ExtendedTypeSystemException)
                    {
                        // Duplicate names are legal JSON; the last one wins, as in ConvertFrom-Json.
                        result.Properties.Remove(name);
                        result.Properties.Add(note);
                    }
                }
                return result;
            case JsonValueKind.Array:
                var items = new object?[element.GetArrayLength()];
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    items[index++] = Convert(item, asHashtable);
                }
                return items;
            case JsonValueKind.String:
                // A lone surrogate (\ud800) becomes U+FFFD instead of throwing.
                return ZendeskJson.Text(element);
            case JsonValueKind.Number:
                if (element.TryGetInt64(out var whole))
                {
                    return whole;
                }
                var raw = element.GetRawText();
                if (raw.IndexOfAny(new[] { '.', 'e', 'E' }) < 0 && decimal.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var big))
                {
                    return big;
                }
                return element.GetDouble();
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            default:
                return null;
        }
    }
}

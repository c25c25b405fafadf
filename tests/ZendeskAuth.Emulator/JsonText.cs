using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ZendeskAuth.Emulator;

/// <summary>One top-level property of a JSON object: its name and its value as raw JSON bytes (any depth, untouched).</summary>
internal readonly record struct RawProperty(string Name, byte[] Value);

/// <summary>
/// JSON helpers. Posted JSON is never loaded into a DOM: its values are sliced out as raw bytes with
/// <see cref="Utf8JsonReader"/> (iterative, no recursion) and written back with <c>WriteRawValue</c>, so bodies are
/// echoed faithfully at any nesting depth.
/// </summary>
internal static class JsonText
{
    /// <summary>Non-ASCII characters are written as UTF-8, not \u escapes, like Zendesk (Rails) does.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = int.MaxValue };

    public static byte[] Build(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            write(writer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Splits a JSON object into its top-level properties; false if <paramref name="json"/> is not one valid JSON object.</summary>
    public static bool TryReadObject(ReadOnlySpan<byte> json, out List<RawProperty> properties)
    {
        properties = [];
        try
        {
            var reader = new Utf8JsonReader(json, ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                var start = checked((int)reader.TokenStartIndex);
                reader.Skip();
                var end = checked((int)reader.BytesConsumed);
                properties.Add(new RawProperty(name, json[start..end].ToArray()));
            }
            // The loop ended on the object's EndObject; anything but whitespace after it throws.
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public static RawProperty? Find(List<RawProperty> properties, string name)
    {
        for (var i = properties.Count - 1; i >= 0; i--) // the last duplicate wins
            if (properties[i].Name == name)
                return properties[i];
        return null;
    }

    /// <summary>The value if it is a JSON string, else null.</summary>
    public static string? AsString(byte[] rawValue)
    {
        var reader = new Utf8JsonReader(rawValue, ReaderOptions);
        return reader.Read() && reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
    }

    public static bool IsObject(byte[] rawValue) => rawValue.Length > 0 && rawValue[0] == (byte)'{';

    public static void WriteObject(Utf8JsonWriter writer, IEnumerable<RawProperty> properties)
    {
        writer.WriteStartObject();
        foreach (var property in properties)
        {
            writer.WritePropertyName(property.Name);
            writer.WriteRawValue(property.Value, skipInputValidation: true);
        }
        writer.WriteEndObject();
    }

    public static byte[] Raw(string value) => Build(w => w.WriteStringValue(value));
    public static byte[] Raw(long value) => Build(w => w.WriteNumberValue(value));

    /// <summary>Zendesk's timestamp format, e.g. 2020-01-01T00:00:00Z.</summary>
    public static string Timestamp(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

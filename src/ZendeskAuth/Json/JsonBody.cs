using System;
using System.Collections;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using System.Security;
using System.Text;
using System.Text.Json;

namespace ZendeskAuth.Json;

/// <summary>
/// Serializes -Body (hashtable, ordered dictionary, PSCustomObject, array, any .NET object, or a JSON string)
/// to UTF-8 JSON at any depth: unlike ConvertTo-Json there is no silent truncation at depth 2.
/// </summary>
internal static class JsonBody
{
    /// <summary>Deep enough for any real body; a self-referencing object stops here instead of overflowing the stack.</summary>
    public const int MaxDepth = 1000;

    public static byte[] Serialize(object? body)
    {
        body = Unwrap(body);
        if (body is string text)
        {
            return FromJsonText(text);
        }

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { MaxDepth = MaxDepth + 2, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(writer, body, 0);
        }
        return stream.ToArray();
    }

    /// <summary>A string body must already be JSON; it is checked, then sent as the user wrote it.</summary>
    private static byte[] FromJsonText(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"-Body is a string but not valid JSON ({e.Message}). Pass a hashtable or object instead, or fix the JSON text.");
        }
        return new UTF8Encoding(false).GetBytes(text);
    }

    private static object? Unwrap(object? value) => value is PSObject ps && ps.BaseObject is not PSCustomObject ? ps.BaseObject : value;

    private static void Write(Utf8JsonWriter writer, object? value, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ArgumentException($"-Body is nested more than {MaxDepth} levels deep; it probably refers to itself.");
        }

        value = Unwrap(value);
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case SecureString:
                throw new ArgumentException("-Body holds a SecureString; it is not sent, so that a secret never leaves by accident. Convert it to text yourself if it must be sent.");
            case string s:
                writer.WriteStringValue(s);
                break;
            case char c:
                writer.WriteStringValue(c.ToString());
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case byte or sbyte or short or ushort or int or uint or long:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case ulong u:
                writer.WriteNumberValue(u);
                break;
            case float or double:
                var d = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (double.IsNaN(d) || double.IsInfinity(d))
                {
                    throw new ArgumentException($"-Body holds the number {d}, which JSON cannot carry.");
                }
                writer.WriteNumberValue(d);
                break;
            case decimal m:
                writer.WriteNumberValue(m);
                break;
            case DateTime dt:
                writer.WriteStringValue(dt.ToString("o", CultureInfo.InvariantCulture));
                break;
            case DateTimeOffset dto:
                writer.WriteStringValue(dto.ToString("o", CultureInfo.InvariantCulture));
                break;
            case Enum e:
                writer.WriteStringValue(e.ToString());
                break;
            case Guid or Uri or TimeSpan:
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
            case IDictionary dictionary:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    writer.WritePropertyName(Convert.ToString(Unwrap(entry.Key), CultureInfo.InvariantCulture) ?? "");
                    Write(writer, entry.Value, depth + 1);
                }
                writer.WriteEndObject();
                break;
            case PSObject custom:
                WriteProperties(writer, custom, depth);
                break;
            case IEnumerable list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    Write(writer, item, depth + 1);
                }
                writer.WriteEndArray();
                break;
            default:
                WriteProperties(writer, PSObject.AsPSObject(value), depth);
                break;
        }
    }

    /// <summary>A PSCustomObject's note properties, or a .NET object's public properties.</summary>
    private static void WriteProperties(Utf8JsonWriter writer, PSObject value, int depth)
    {
        writer.WriteStartObject();
        foreach (var property in value.Properties)
        {
            if (property.MemberType is PSMemberTypes.NoteProperty or PSMemberTypes.Property && property.IsGettable)
            {
                writer.WritePropertyName(property.Name);
                Write(writer, property.Value, depth + 1);
            }
        }
        writer.WriteEndObject();
    }
}

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
        try
        {
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { MaxDepth = MaxDepth + 2, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                new Walk(writer).Write(body, 0, 0);
            }
        }
        catch (ArgumentException e) when (!e.Message.StartsWith("-Body", StringComparison.Ordinal))
        {
            // The writer refuses text JSON cannot carry, such as a lone surrogate.
            throw new ArgumentException($"-Body cannot be turned into JSON: {e.Message}", e);
        }
        catch (Exception e) when (e is not ArgumentException && e is not OutOfMemoryException && e is not StackOverflowException)
        {
            // An object whose enumeration or getter throws, or that JSON cannot carry: an InvalidBody error, never a crash.
            throw new ArgumentException($"-Body cannot be turned into JSON: {e.Message} Pass a hashtable or [pscustomobject] with the fields to send.", e);
        }
        return stream.ToArray();
    }

    /// <summary>More values than any Zendesk request takes; a body this large is an object graph sent by mistake.</summary>
    public const int MaxValues = 1_000_000;

    /// <summary>
    /// How deep plain .NET objects (not hashtables, [pscustomobject]s or lists) may nest: objects such as a
    /// process or a file link to others without end (a folder's Parent and Root), as ConvertTo-Json's depth knows.
    /// </summary>
    public const int MaxObjectDepth = 5;

    /// <summary>A string body must already be JSON; it is checked, then sent as the user wrote it.</summary>
    private static byte[] FromJsonText(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            // ArgumentException: text .NET cannot transcode to UTF-8 (a lone surrogate).
            throw new ArgumentException($"-Body is a string but not valid JSON ({e.Message}). Pass a hashtable or object instead, or fix the JSON text.");
        }
        return new UTF8Encoding(false).GetBytes(text);
    }

    private static object? Unwrap(object? value) => value is PSObject ps && ps.BaseObject is not PSCustomObject ? ps.BaseObject : value;

    /// <summary>One serialization: the objects open on the way down (to find cycles) and the values written so far.</summary>
    private sealed class Walk
    {
        private readonly Utf8JsonWriter _writer;
        private readonly System.Collections.Generic.HashSet<object> _open = new(ByReference.Instance);
        private int _values;

        public Walk(Utf8JsonWriter writer) => _writer = writer;

        public void Write(object? value, int depth, int objectDepth)
        {
            if (depth > MaxDepth)
            {
                throw new ArgumentException($"-Body is nested more than {MaxDepth} levels deep; it probably refers to itself.");
            }
            if (++_values > MaxValues)
            {
                throw new ArgumentException($"-Body holds more than {MaxValues} values: too large for a request. Send the records in smaller batches.");
            }

            value = Unwrap(value);
            switch (value)
            {
                case null:
                    _writer.WriteNullValue();
                    break;
                case SecureString:
                    throw new ArgumentException("-Body holds a SecureString; it is not sent, so that a secret never leaves by accident. Convert it to text yourself if it must be sent.");
                case string s:
                    _writer.WriteStringValue(s);
                    break;
                case char c:
                    _writer.WriteStringValue(c.ToString());
                    break;
                case bool b:
                    _writer.WriteBooleanValue(b);
                    break;
                case byte or sbyte or short or ushort or int or uint or long:
                    _writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                    break;
                case ulong u:
                    _writer.WriteNumberValue(u);
                    break;
                case float or double:
                    var d = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                    if (double.IsNaN(d) || double.IsInfinity(d))
                    {
                        throw new ArgumentException($"-Body holds the number {d}, which JSON cannot carry.");
                    }
                    _writer.WriteNumberValue(d);
                    break;
                case decimal m:
                    _writer.WriteNumberValue(m);
                    break;
                case DateTime dt:
                    _writer.WriteStringValue(dt.ToString("o", CultureInfo.InvariantCulture));
                    break;
                case DateTimeOffset dto:
                    _writer.WriteStringValue(dto.ToString("o", CultureInfo.InvariantCulture));
                    break;
                case Enum e:
                    _writer.WriteStringValue(e.ToString());
                    break;
                case Guid or Uri or TimeSpan:
                    _writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                    break;
                case IDictionary dictionary:
                    Enter(dictionary);
                    _writer.WriteStartObject();
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        _writer.WritePropertyName(Convert.ToString(Unwrap(entry.Key), CultureInfo.InvariantCulture) ?? "");
                        Write(entry.Value, depth + 1, objectDepth);
                    }
                    _writer.WriteEndObject();
                    Leave(dictionary);
                    break;
                case PSObject custom:
                    Enter(custom.ImmediateBaseObject);
                    WriteProperties(custom, depth, objectDepth);
                    Leave(custom.ImmediateBaseObject);
                    break;
                case IEnumerable list:
                    Enter(list);
                    _writer.WriteStartArray();
                    foreach (var item in list)
                    {
                        Write(item, depth + 1, objectDepth);
                    }
                    _writer.WriteEndArray();
                    Leave(list);
                    break;
                default:
                    if (objectDepth >= MaxObjectDepth)
                    {
                        throw new ArgumentException($"-Body holds .NET objects nested more than {MaxObjectDepth} deep (a {value.GetType().Name} inside others): such objects link to others without end. Pass a hashtable or [pscustomobject] with the fields to send.");
                    }
                    Enter(value);
                    WriteProperties(PSObject.AsPSObject(value), depth, objectDepth + 1);
                    Leave(value);
                    break;
            }
        }

        /// <summary>A PSCustomObject's note properties, or a .NET object's public properties.</summary>
        private void WriteProperties(PSObject value, int depth, int objectDepth)
        {
            _writer.WriteStartObject();
            foreach (var property in value.Properties)
            {
                if (property.MemberType is PSMemberTypes.NoteProperty or PSMemberTypes.Property && property.IsGettable)
                {
                    object? item;
                    try
                    {
                        item = property.Value;
                    }
                    catch (Exception e) when (e is RuntimeException or InvalidOperationException or NotSupportedException or System.Reflection.TargetInvocationException)
                    {
                        throw new ArgumentException($"-Body cannot be turned into JSON: its property {property.Name} (of {value.BaseObject.GetType().Name}) cannot be read: {e.Message} Pass a hashtable or [pscustomobject] with the fields to send.", e);
                    }
                    _writer.WritePropertyName(property.Name);
                    Write(item, depth + 1, objectDepth);
                }
            }
            _writer.WriteEndObject();
        }

        /// <summary>An object met again inside itself is a cycle: JSON cannot carry it.</summary>
        private void Enter(object container)
        {
            if (container is not string && !_open.Add(container))
            {
                throw new ArgumentException($"-Body refers to itself (a {container.GetType().Name} inside itself): JSON cannot carry a cycle.");
            }
        }

        private void Leave(object container) => _open.Remove(container);

        private sealed class ByReference : System.Collections.Generic.IEqualityComparer<object>
        {
            public static readonly ByReference Instance = new();

            public new bool Equals(object? x, object? y) => ReferenceEquals(x, y);

            public int GetHashCode(object obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
        }
    }
}

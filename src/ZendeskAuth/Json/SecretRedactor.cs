using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace ZendeskAuth.Json;

/// <summary>
/// Hides secrets in text bound for -Debug: the Authorization header, and every JSON or form field whose name
/// says it holds a token, secret, password or code.
/// </summary>
internal static class SecretRedactor
{
    public const string Mask = "[REDACTED]";

    /// <summary>True for names such as access_token, refresh_token, full_token, client_secret, password, code.</summary>
    public static bool IsSecretName(string name)
    {
        var lower = name.ToLowerInvariant();
        return lower is "code" or "code_verifier" or "assertion" or "authorization"
            || lower.EndsWith("token", StringComparison.Ordinal)
            || lower.EndsWith("secret", StringComparison.Ordinal)
            || lower.Contains("password");
    }

    public static string Header(string name, string value) =>
        name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) || IsSecretName(name)
            ? $"{name}: {Scheme(value)}{Mask}"
            : $"{name}: {value}";

    /// <summary>A body with its secret fields masked; text that is neither JSON nor a form is replaced whole if it could hold one.</summary>
    public static string Body(string? body, string? contentType)
    {
        if (string.IsNullOrEmpty(body))
        {
            return "";
        }
        var text = body!;
        if (contentType is not null && contentType.IndexOf("x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return Form(text);
        }
        try
        {
            using var document = JsonDocument.Parse(text);
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                WriteRedacted(writer, document.RootElement);
            }
            return Encoding.UTF8.GetString(stream.ToArray());
        }
        catch (JsonException)
        {
            return $"({text.Length} characters of non-JSON text)";
        }
    }

    private static string Form(string text) => string.Join("&", text.Split('&').Select(pair =>
    {
        var equals = pair.IndexOf('=');
        var name = equals < 0 ? pair : Uri.UnescapeDataString(pair.Substring(0, equals).Replace('+', ' '));
        return equals >= 0 && IsSecretName(name) ? pair.Substring(0, equals + 1) + Mask : pair;
    }));

    private static void WriteRedacted(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    if (IsSecretName(property.Name) && property.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
                    {
                        writer.WriteStringValue(Mask);
                    }
                    else
                    {
                        WriteRedacted(writer, property.Value);
                    }
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteRedacted(writer, item);
                }
                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    private static string Scheme(string value)
    {
        var space = value.IndexOf(' ');
        return space > 0 ? value.Substring(0, space + 1) : "";
    }
}

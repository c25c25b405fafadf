using System.Text;

namespace ZendeskAuth.Emulator;

/// <summary>What a handler answers; <see cref="ZendeskEmulator"/> adds the rate-limit headers and writes it.</summary>
internal sealed class ApiResponse
{
    public const string JsonContentType = "application/json; charset=utf-8";

    public int StatusCode { get; init; }
    public byte[] Body { get; init; } = [];
    public string? ContentType { get; init; }
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static ApiResponse Json(int statusCode, string json) => Json(statusCode, Encoding.UTF8.GetBytes(json));

    public static ApiResponse Json(int statusCode, byte[] json) =>
        new() { StatusCode = statusCode, Body = json, ContentType = JsonContentType };

    public static ApiResponse Raw(int statusCode, byte[] body, string? contentType) =>
        new() { StatusCode = statusCode, Body = body, ContentType = contentType };

    public static ApiResponse Text(int statusCode, string text, string contentType) =>
        Raw(statusCode, Encoding.UTF8.GetBytes(text), contentType);

    public static ApiResponse NoContent() => new() { StatusCode = 204 };

    // Shortcuts for the bodies every endpoint may send.
    public static ApiResponse RecordNotFound() => Json(404, ZendeskErrors.RecordNotFound);
    public static ApiResponse Forbidden() => Json(403, ZendeskErrors.Forbidden);

    public ApiResponse WithHeader(string name, string value)
    {
        Headers[name] = value;
        return this;
    }
}

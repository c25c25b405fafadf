using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.RegularExpressions;
using System.Text.Json;
using ZendeskAuth.Json;

namespace ZendeskAuth.Http;

/// <summary>
/// Reads Zendesk's error text from the body shapes it uses (see ZENDESK_API_FACTS.md, "Errors"):
/// <c>{"error":"X","description":"Y"}</c>, OAuth's <c>{"error":"X","error_description":"Y"}</c>,
/// the role 403's <c>{"error":{"title":"X","message":"Y"}}</c>, <c>{"errors":[{"code":"X","title"/"detail":"Y"}]}</c>,
/// and 422's <c>details</c>.
/// </summary>
internal static class ZendeskErrorBody
{
    /// <summary>The error code (e.g. RecordNotFound) and a readable text, or nulls when the body says nothing usable.</summary>
    public static (string? Code, string? Text) Parse(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            string? code = null;
            string? text = null;
            if (root.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.String)
                {
                    code = error.GetString();
                    text = ZendeskJson.String(root, "description") ?? ZendeskJson.String(root, "error_description") ?? ZendeskJson.String(root, "message");
                }
                else if (error.ValueKind == JsonValueKind.Object)
                {
                    code = ZendeskJson.String(error, "title");
                    text = ZendeskJson.String(error, "message");
                }
            }
            else if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                var first = errors.EnumerateArray().FirstOrDefault();
                if (first.ValueKind == JsonValueKind.Object)
                {
                    code = ZendeskJson.String(first, "code") ?? ZendeskJson.String(first, "title");
                    text = ZendeskJson.String(first, "detail") ?? ZendeskJson.String(first, "title");
                }
            }
            else if (root.TryGetProperty("description", out _))
            {
                text = ZendeskJson.String(root, "description");
            }

            var details = root.TryGetProperty("details", out var d) && d.ValueKind == JsonValueKind.Object ? Details(d) : null;
            if (details is not null)
            {
                text = text is null ? details : $"{text} ({details})";
            }
            return (code, text);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a name or text with a lone surrogate escape, which System.Text.Json will not read.
            return (null, null);
        }
    }

    /// <summary>Longer texts are not a sentence meant for the message; they stay in ErrorDetails.</summary>
    private const int MaxQuoted = 300;

    /// <summary>A text/plain body as one line, when it is short enough to be a sentence; else null.</summary>
    public static string? PlainText(string body)
    {
        if (body.Length > 65_536)
        {
            return null;
        }
        try
        {
            var text = Collapse(body);
            return text.Length is > 0 and <= MaxQuoted ? text : null;
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    /// <summary>
    /// The sentence of a text/html body: Zendesk sends some 400s and the per-ticket 429 as one HTML sentence
    /// ("Required parameter missing: phone_number"). A whole page is named by its title instead. Null when neither
    /// gives a short text.
    /// </summary>
    public static string? HtmlText(string body)
    {
        // A sentence or a title is near the start; a huge or hostile page is not read to its end.
        body = body.Length > 65_536 ? body.Substring(0, 65_536) : body;
        try
        {
            var title = Regex.Match(body, "<title[^>]*>(.*?)</title>", RegexOptions.IgnoreCase | RegexOptions.Singleline, s_regexTimeout);
            if (title.Success && Collapse(WebUtility.HtmlDecode(Regex.Replace(title.Groups[1].Value, "<[^>]*>", " ", RegexOptions.None, s_regexTimeout))) is { Length: > 0 and <= MaxQuoted } named)
            {
                return named;
            }
            var withoutCode = Regex.Replace(body, "<(script|style|head)[^>]*>.*?</\\1\\s*>", " ", RegexOptions.IgnoreCase | RegexOptions.Singleline, s_regexTimeout);
            var text = Collapse(WebUtility.HtmlDecode(Regex.Replace(withoutCode, "<[^>]*>", " ", RegexOptions.None, s_regexTimeout)));
            return text.Length is > 0 and <= MaxQuoted ? text : null;
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    private static readonly System.TimeSpan s_regexTimeout = System.TimeSpan.FromMilliseconds(250);

    private static string Collapse(string text) => Regex.Replace(text, "\\s+", " ", RegexOptions.None, s_regexTimeout).Trim();

    /// <summary>One readable line from a 422's <c>details</c>: <c>field: description; …</c>.</summary>
    private static string? Details(JsonElement details)
    {
        var parts = new List<string>();
        foreach (var field in details.EnumerateObject())
        {
            if (field.Value.ValueKind != JsonValueKind.Array)
            {
                continue;
            }
            foreach (var item in field.Value.EnumerateArray())
            {
                var description = item.ValueKind == JsonValueKind.Object ? ZendeskJson.String(item, "description") ?? ZendeskJson.String(item, "error") : item.ToString();
                if (!string.IsNullOrEmpty(description))
                {
                    parts.Add($"{field.Name}: {description}");
                }
            }
        }
        return parts.Count == 0 ? null : string.Join("; ", parts);
    }
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace ZendeskAuth.Emulator.Endpoints;

/// <summary>
/// Uploads and attachments: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket-attachments/
/// POST uploads.json takes the file's raw bytes with its own Content-Type (UploadFiles); an attachment's
/// content_url is a file URL of the account that answers 302 to Zendesk's file host, which serves the bytes
/// (recorded; facts file "Files"). The file host is <see cref="FileHost"/>, a second loopback listener.
/// </summary>
internal static class Attachments
{
    /// <summary>
    /// POST /api/v2/uploads.json?filename=pic.png[&amp;token=…] (UploadFiles) → 201
    /// <c>{"upload":{"token","expires_at","attachments":[…],"attachment":{…}}}</c>. A token adds the file to that upload.
    /// </summary>
    public static ApiResponse Upload(RequestContext rc)
    {
        var fileName = rc.Query["filename"].ToString();
        if (string.IsNullOrWhiteSpace(fileName))
            return ApiResponse.Json(400, ZendeskErrors.UploadFilenameMissing);
        var contentType = rc.Http.Request.ContentType ?? "application/binary"; // [guess] at Zendesk's fallback
        var token = rc.Query["token"].ToString();
        var store = rc.Emulator.Attachments;
        var upload = store.Add(string.IsNullOrEmpty(token) ? null : token, fileName, contentType, rc.Body);
        if (upload is null)
            return ApiResponse.RecordNotFound(); // an unknown upload token [guess]
        var (uploadToken, attachment, all) = upload.Value;
        return ApiResponse.Json(201, JsonText.Build(w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("upload");
            w.WriteString("token", uploadToken);
            w.WriteString("expires_at", JsonText.Timestamp(rc.Emulator.Clock.Now.AddDays(3)));
            w.WriteStartArray("attachments");
            foreach (var a in all)
                Write(w, a, rc.BaseUrl);
            w.WriteEndArray();
            w.WritePropertyName("attachment");
            Write(w, attachment, rc.BaseUrl);
            w.WriteEndObject();
            w.WriteEndObject();
        }));
    }

    /// <summary>GET /api/v2/attachments/{id}.json (ShowAttachment) → {"attachment":{…}}.</summary>
    public static ApiResponse Show(RequestContext rc)
    {
        if (rc.Emulator.Attachments.Find(rc.Id) is not { } attachment)
            return ApiResponse.RecordNotFound();
        return ApiResponse.Json(200, JsonText.Build(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("attachment");
            Write(w, attachment, rc.BaseUrl);
            w.WriteEndObject();
        }));
    }

    /// <summary>
    /// GET /attachments/token/{token}/?name=… (an attachment's content_url) → 302 to the file host, as Zendesk
    /// answers with its zdusercontent.com host. The account checks the credential (private attachments [guess]); the
    /// file host needs none.
    /// </summary>
    public static ApiResponse Content(RequestContext rc)
    {
        if (rc.PathToken is not { } token || rc.Emulator.Attachments.FindByFileToken(token) is not { } attachment)
            return ApiResponse.RecordNotFound();
        var location = $"{rc.Emulator.FileHostUrl}attachment/{attachment.Id.ToString(CultureInfo.InvariantCulture)}/{Uri.EscapeDataString(attachment.FileName)}?token={Uri.EscapeDataString(attachment.FileToken)}";
        return ApiResponse.Text(302, ZendeskErrors.RedirectBody(location), ZendeskErrors.HtmlContentType).WithHeader("Location", location);
    }

    /// <summary>An AttachmentObject (AttachmentBaseObject + thumbnails). Width and height are null: the emulator reads no images.</summary>
    internal static void Write(Utf8JsonWriter w, StoredAttachment a, string baseUrl)
    {
        var contentUrl = $"{baseUrl}attachments/token/{a.FileToken}/?name={Uri.EscapeDataString(a.FileName)}";
        w.WriteStartObject();
        w.WriteString("url", $"{baseUrl}api/v2/attachments/{a.Id.ToString(CultureInfo.InvariantCulture)}.json");
        w.WriteNumber("id", a.Id);
        w.WriteString("file_name", a.FileName);
        w.WriteString("content_url", contentUrl);
        w.WriteString("mapped_content_url", contentUrl);
        w.WriteString("content_type", a.ContentType);
        w.WriteNumber("size", a.Bytes.Length);
        w.WriteNull("width");
        w.WriteNull("height");
        w.WriteBoolean("inline", false);
        w.WriteBoolean("deleted", false);
        w.WriteBoolean("malware_access_override", false);
        w.WriteString("malware_scan_result", "malware_not_found");
        w.WriteStartArray("thumbnails");
        w.WriteEndArray();
        w.WriteEndObject();
    }
}

/// <summary>One uploaded file.</summary>
public sealed record StoredAttachment(long Id, string UploadToken, string FileToken, string FileName, string ContentType, byte[] Bytes);

/// <summary>Uploaded files, by id, by upload token and by file token.</summary>
public sealed class AttachmentStore
{
    private readonly ConcurrentDictionary<long, StoredAttachment> _byId = new();
    private long _nextId = 498_483;

    public IReadOnlyList<StoredAttachment> All => _byId.Values.OrderBy(a => a.Id).ToArray();

    /// <summary>Adds a file to a new upload, or to <paramref name="uploadToken"/>'s; null when that upload is unknown.</summary>
    internal (string Token, StoredAttachment Attachment, IReadOnlyList<StoredAttachment> All)? Add(string? uploadToken, string fileName, string contentType, byte[] bytes)
    {
        if (uploadToken is not null && !_byId.Values.Any(a => a.UploadToken == uploadToken))
            return null;
        var token = uploadToken ?? RandomToken(15);
        var attachment = new StoredAttachment(Interlocked.Increment(ref _nextId), token, RandomToken(25), fileName, contentType, bytes);
        _byId[attachment.Id] = attachment;
        return (token, attachment, _byId.Values.Where(a => a.UploadToken == token).OrderBy(a => a.Id).ToArray());
    }

    public StoredAttachment? Find(long id) => _byId.TryGetValue(id, out var a) ? a : null;

    public StoredAttachment? FindByFileToken(string token) => _byId.Values.FirstOrDefault(a => a.FileToken == token);

    private static string RandomToken(int length) =>
        RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", length);
}

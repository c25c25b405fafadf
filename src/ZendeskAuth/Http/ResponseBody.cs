using System;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Security;
using System.Text;
using System.Threading.Tasks;

namespace ZendeskAuth.Http;

/// <summary>
/// Reads an answer's body: into memory up to <see cref="MaxBufferedBytes"/>, or streamed to -OutFile through a
/// temporary file in the same folder that is moved into place only once the whole body arrived.
/// </summary>
internal static class ResponseBody
{
    /// <summary>
    /// The most of one answer held in memory, after decompression: 64 MB. A larger answer (an export, a
    /// compressed bomb) is an InvalidResponse error; save it with -OutFile, which streams it.
    /// </summary>
    public const long MaxBufferedBytes = 64L * 1024 * 1024;

    private const int BufferSize = 81920;

    /// <summary>The most a buffer is given before bytes arrive to fill it, whatever Content-Length claims.</summary>
    private const int FirstBufferBytes = 1024 * 1024;

    /// <summary>The body as text, decoded by the answer's charset (UTF-8 when none or unknown).</summary>
    /// <param name="inline">Read on this thread with blocking reads: the answer was received inline (<see cref="InlineSend"/>).</param>
    public static async Task<string> ReadAsync(HttpResponseMessage response, string method, Uri uri, long limit = MaxBufferedBytes, bool inline = false)
    {
        var (bytes, count) = await ReadBytesAsync(response, method, uri, limit, inline).ConfigureAwait(false);
        return Decode(bytes, count, response.Content.Headers.ContentType?.CharSet);
    }

    /// <summary>
    /// The body's bytes: a buffer (its own, never pooled: a JsonDocument may read it for as long as the answer
    /// lives) and how many of its bytes are the body. Up to <paramref name="limit"/> bytes, else an InvalidResponse.
    /// </summary>
    /// <param name="inline">Read on this thread with blocking reads: the answer was received inline (<see cref="InlineSend"/>).</param>
    public static async Task<(byte[] Bytes, int Count)> ReadBytesAsync(HttpResponseMessage response, string method, Uri uri, long limit = MaxBufferedBytes, bool inline = false)
    {
        var declared = response.Content.Headers.ContentLength;
        if (declared > limit)
        {
            throw TooLarge(method, uri, limit);
        }
        using var content = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        // Sized by Content-Length when there is one (one read fills it, no copy); it grows when the server sent more.
        // Up front at most FirstBufferBytes: a header is only a claim (a HEAD answer, one cut short, a hostile server),
        // and memory beyond that follows the bytes that actually arrive.
        var buffer = new byte[declared is > 0 and var length ? (int)Math.Min(length + 1, FirstBufferBytes) : 16 * 1024];
        var count = 0;
        while (true)
        {
            if (count == buffer.Length)
            {
                // At most limit + 1 bytes: one byte past the limit tells an answer that is too large.
                Array.Resize(ref buffer, (int)Math.Min(limit + 1, (long)buffer.Length * 2));
            }
            var read = inline
                ? content.Read(buffer, count, buffer.Length - count)
                : await content.ReadAsync(buffer, count, buffer.Length - count).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }
            count += read;
            if (count > limit)
            {
                throw TooLarge(method, uri, limit);
            }
        }
        return (buffer, count);
    }

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Where the UTF-8 JSON text of a body starts (after a UTF-8 byte order mark), or -1 when it must be decoded to
    /// text first: another charset or byte order mark, or bytes that are not valid UTF-8 (decoding makes each
    /// bad byte U+FFFD; System.Text.Json would fail on them).
    /// </summary>
    internal static int Utf8Start(byte[] bytes, int count, string? charset)
    {
        var (encoding, start) = EncodingOf(bytes, count, charset);
        if (encoding is not UTF8Encoding)
        {
            return -1;
        }
        try
        {
            s_strictUtf8.GetCharCount(bytes, start, count - start);
            return start;
        }
        catch (DecoderFallbackException)
        {
            return -1;
        }
    }

    /// <summary>
    /// Streams the body to a temporary file beside <paramref name="path"/> and moves it into place only after
    /// the last byte: a reset or timeout never leaves a partial file, nor replaces a good one. A failure on this
    /// computer is a <see cref="ZendeskLocalFileException"/>; a failure reading the network is rethrown as it is.
    /// </summary>
    public static async Task<string> SaveAsync(HttpResponseMessage response, string path)
    {
        var temporary = TemporaryPathFor(path);
        FileStream file;
        try
        {
            file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, useAsync: true);
        }
        catch (Exception e) when (IsLocal(e))
        {
            throw new ZendeskLocalFileException(path, e);
        }

        var moved = false;
        try
        {
            using (file)
            {
                using var content = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                var chunk = new byte[BufferSize];
                int read;
                while ((read = await content.ReadAsync(chunk, 0, chunk.Length).ConfigureAwait(false)) > 0)
                {
                    await Local(path, () => file.WriteAsync(chunk, 0, read)).ConfigureAwait(false);
                }
                await Local(path, () => file.FlushAsync()).ConfigureAwait(false);
            }
            await Local(path, () =>
            {
                MoveIntoPlace(temporary, path);
                return Task.CompletedTask;
            }).ConfigureAwait(false);
            moved = true;
        }
        finally
        {
            if (!moved)
            {
                TryDelete(temporary);
            }
        }
        return "";
    }

    /// <summary>
    /// Why <paramref name="path"/> cannot be written, or null when it can: its folder exists and a file can be
    /// created in it. Checked before a request is sent, so a mistyped folder costs no request.
    /// </summary>
    public static string? WhyNotWritable(string path)
    {
        try
        {
            var full = Path.GetFullPath(path);
            if (Directory.Exists(full))
            {
                return $"'{path}' is a folder; give a file name.";
            }
            var folder = Path.GetDirectoryName(full);
            if (string.IsNullOrEmpty(folder) || !Directory.Exists(folder))
            {
                return $"the folder '{folder}' does not exist.";
            }
            if (File.Exists(full) && (File.GetAttributes(full) & FileAttributes.ReadOnly) != 0)
            {
                return $"'{path}' is read-only.";
            }
            // A probe file proves the folder takes new files (permissions, read-only media).
            using (new FileStream(TemporaryPathFor(full), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
            return null;
        }
        catch (Exception e) when (IsLocal(e))
        {
            return e.Message;
        }
    }

    internal static string TemporaryPathFor(string path)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full) ?? "";
        return Path.Combine(folder, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N").Substring(0, 12) + ".zendesk-partial");
    }

    private static void MoveIntoPlace(string temporary, string path)
    {
        if (File.Exists(path))
        {
            // Same folder, so the replace is a rename: the old file stays whole until the new one is.
            File.Replace(temporary, path, null);
        }
        else
        {
            File.Move(temporary, path);
        }
    }

    private static async Task Local(string path, Func<Task> write)
    {
        try
        {
            await write().ConfigureAwait(false);
        }
        catch (Exception e) when (IsLocal(e))
        {
            throw new ZendeskLocalFileException(path, e);
        }
    }

    private static bool IsLocal(Exception e) =>
        e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException or SecurityException;

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (IsLocal(e))
        {
            // Best effort: the file was never moved into place, so the user's path is untouched either way.
        }
    }

    private static ZendeskInvalidResponseException TooLarge(string method, Uri uri, long limit) =>
        new($"{method} {uri.GetLeftPart(UriPartial.Path)} answered with more than {(limit / (1024 * 1024)).ToString(CultureInfo.InvariantCulture)} MB, more than the module holds in memory. Save such an answer with -OutFile, which streams it to disk.", uri);

    internal static string Decode(byte[] bytes, int count, string? charset)
    {
        var (encoding, start) = EncodingOf(bytes, count, charset);
        return encoding.GetString(bytes, start, count - start);
    }

    /// <summary>A body's encoding and where its text starts: a byte order mark wins over the charset.</summary>
    private static (Encoding Encoding, int Start) EncodingOf(byte[] bytes, int count, string? charset)
    {
        if (count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
        {
            return (Encoding.UTF8, 3);
        }
        if (count >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
        {
            return (Encoding.Unicode, 2);
        }
        if (count >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
        {
            return (Encoding.BigEndianUnicode, 2);
        }
        return (EncodingFor(charset), 0);
    }

    private static Encoding EncodingFor(string? charset)
    {
        // What Zendesk always sends; looked up by name it costs more than decoding a small answer.
        if (string.IsNullOrWhiteSpace(charset) || string.Equals(charset, "utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return Encoding.UTF8;
        }
        try
        {
            return Encoding.GetEncoding(charset!.Trim().Trim('"'));
        }
        catch (ArgumentException)
        {
            return Encoding.UTF8;
        }
    }
}

using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ZendeskAuth.Emulator;

/// <summary>
/// The ticket data set: ids 1..TicketCount are generated from the id on demand (nothing stored), created or updated
/// tickets are stored as raw JSON, deleted ids are remembered. Ordered by id; created tickets get ids after the last one.
/// </summary>
internal sealed class TicketStore
{
    /// <summary>Ticket n is created at Epoch + n minutes and updated 30 minutes later, so updated_at grows with the id.</summary>
    public static readonly DateTimeOffset Epoch = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan UpdateDelay = TimeSpan.FromMinutes(30);

    private static readonly string[] Subjects =
    [
        "Printer is on fire",
        "Cannot log in",
        "Invoice shows the wrong amount",
        "Café order missing — crème brûlée", // non-ASCII on purpose
        "Password reset e-mail never arrives",
        "Feature request: dark mode",
        "Zahlung fehlgeschlagen (Größe: XL)",
    ];
    private static readonly string[] Statuses = ["new", "open", "pending", "hold", "solved", "closed"];
    private static readonly string[] Priorities = ["low", "normal", "high", "urgent"];

    private readonly int _generatedCount;
    private long _lastId;
    private readonly ConcurrentDictionary<long, byte[]> _stored = new();
    private readonly ConcurrentDictionary<long, byte> _deleted = new();

    public TicketStore(int generatedCount)
    {
        _generatedCount = generatedCount;
        _lastId = generatedCount;
    }

    public long LastId => Interlocked.Read(ref _lastId);

    public long Count => LastId - _deleted.Count;

    public bool Exists(long id) =>
        id >= 1 && id <= LastId && !_deleted.ContainsKey(id) && (id <= _generatedCount || _stored.ContainsKey(id));

    /// <summary>The first existing id greater than <paramref name="afterId"/>, or null.</summary>
    public long? Next(long afterId)
    {
        var last = LastId;
        for (var id = Math.Max(afterId, 0) + 1; id <= last; id++)
            if (Exists(id))
                return id;
        return null;
    }

    /// <summary>The last existing id smaller than <paramref name="beforeId"/>, or null.</summary>
    public long? Previous(long beforeId)
    {
        for (var id = Math.Min(beforeId, LastId + 1) - 1; id >= 1; id--)
            if (Exists(id))
                return id;
        return null;
    }

    /// <summary>The existing id at 0-based position <paramref name="index"/> in id order, or null.</summary>
    public long? AtIndex(long index)
    {
        var id = index + 1;
        foreach (var deleted in _deleted.Keys.Order())
        {
            if (deleted > id) break;
            id++;
        }
        // Created ids are allocated before they are stored: skip one that is not there yet.
        while (id <= LastId && !Exists(id)) id++;
        return id <= LastId ? id : null;
    }

    /// <summary>Up to <paramref name="count"/> existing ids after <paramref name="afterId"/>, ascending.</summary>
    public List<long> Forward(long afterId, int count)
    {
        var ids = new List<long>(Math.Min(count, 1000));
        for (var id = Next(afterId); id is { } current && ids.Count < count; id = Next(current))
            ids.Add(current);
        return ids;
    }

    /// <summary>Up to <paramref name="count"/> existing ids before <paramref name="beforeId"/>, ascending.</summary>
    public List<long> Backward(long beforeId, int count)
    {
        var ids = new List<long>(Math.Min(count, 1000));
        for (var id = Previous(beforeId); id is { } current && ids.Count < count; id = Previous(current))
            ids.Add(current);
        ids.Reverse();
        return ids;
    }

    /// <summary>The first generated id whose updated_at is at or after <paramref name="time"/>.</summary>
    public static long FirstIdUpdatedAtOrAfter(DateTimeOffset time) =>
        Math.Max(1, (long)Math.Ceiling((time - Epoch - UpdateDelay).TotalMinutes));

    public void Write(Utf8JsonWriter writer, long id, string baseUrl)
    {
        if (_stored.TryGetValue(id, out var raw))
            writer.WriteRawValue(raw, skipInputValidation: true);
        else
            WriteGenerated(writer, id, baseUrl);
    }

    public byte[] ToJson(long id, string baseUrl) => JsonText.Build(w => Write(w, id, baseUrl));

    /// <summary>Stores a new ticket: the posted properties, plus id, url, defaults and timestamps. Returns its JSON.</summary>
    /// <param name="description">Raw JSON string value (the comment body, copied verbatim).</param>
    public byte[] Create(List<RawProperty> posted, byte[] description, long requesterId, DateTimeOffset now, string baseUrl)
    {
        var id = Interlocked.Increment(ref _lastId);
        var properties = new List<RawProperty>
        {
            new("url", JsonText.Raw(TicketUrl(baseUrl, id))),
            new("id", JsonText.Raw(id)),
        };
        string[] readOnly = ["id", "url", "created_at", "updated_at"];
        properties.AddRange(posted.Where(p => !readOnly.Contains(p.Name)));
        AddDefault(properties, "description", description);
        AddDefault(properties, "status", JsonText.Raw("new"));
        AddDefault(properties, "priority", "null"u8.ToArray());
        AddDefault(properties, "requester_id", JsonText.Raw(requesterId));
        AddDefault(properties, "tags", "[]"u8.ToArray());
        properties.Add(new("created_at", JsonText.Raw(JsonText.Timestamp(now))));
        properties.Add(new("updated_at", JsonText.Raw(JsonText.Timestamp(now))));

        var json = JsonText.Build(w => JsonText.WriteObject(w, Deduplicate(properties)));
        _stored[id] = json;
        return json;
    }

    /// <summary>Merges the posted top-level properties into the ticket and stores it. Null if it doesn't exist.</summary>
    public byte[]? Update(long id, List<RawProperty> posted, DateTimeOffset now, string baseUrl)
    {
        if (!Exists(id))
            return null;
        if (!JsonText.TryReadObject(ToJson(id, baseUrl), out var properties))
            throw new InvalidOperationException($"Stored ticket {id} is not a JSON object.");

        string[] readOnly = ["id", "url", "created_at", "updated_at"];
        foreach (var property in posted.Where(p => !readOnly.Contains(p.Name)))
            Set(properties, property);
        Set(properties, new("updated_at", JsonText.Raw(JsonText.Timestamp(now))));

        var json = JsonText.Build(w => JsonText.WriteObject(w, properties));
        _stored[id] = json;
        return json;
    }

    public bool Delete(long id)
    {
        if (!Exists(id))
            return false;
        _deleted[id] = 0;
        _stored.TryRemove(id, out _);
        return true;
    }

    private static void WriteGenerated(Utf8JsonWriter w, long id, string baseUrl)
    {
        var created = Epoch.AddMinutes(id);
        var subject = Subjects[id % Subjects.Length];
        w.WriteStartObject();
        w.WriteString("url", TicketUrl(baseUrl, id));
        w.WriteNumber("id", id);
        w.WriteString("subject", $"{subject} (#{id})");
        w.WriteString("description", $"Generated ticket {id}: {subject}.\nSecond line with “quotes” and an emoji 🎫.");
        w.WriteString("status", Statuses[id % Statuses.Length]);
        w.WriteString("priority", Priorities[id % Priorities.Length]);
        w.WriteNumber("requester_id", id % 3 == 0 ? DemoCredentials.EndUserId : DemoCredentials.UnverifiedUserId);
        w.WriteString("created_at", JsonText.Timestamp(created));
        w.WriteString("updated_at", JsonText.Timestamp(created + UpdateDelay));
        w.WriteStartArray("tags");
        w.WriteStringValue("emulator");
        w.WriteStringValue($"batch_{id % 10}");
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static string TicketUrl(string baseUrl, long id) => $"{baseUrl}api/v2/tickets/{id}.json";

    private static void AddDefault(List<RawProperty> properties, string name, byte[] value)
    {
        if (!properties.Any(p => p.Name == name))
            properties.Add(new(name, value));
    }

    private static void Set(List<RawProperty> properties, RawProperty property)
    {
        var index = properties.FindIndex(p => p.Name == property.Name);
        if (index >= 0) properties[index] = property;
        else properties.Add(property);
    }

    /// <summary>A posted object may repeat a name; keep the last value at the first position.</summary>
    private static List<RawProperty> Deduplicate(List<RawProperty> properties)
    {
        var result = new List<RawProperty>(properties.Count);
        foreach (var property in properties)
            Set(result, property);
        return result;
    }
}

/// <summary>Opaque cursors for cursor paging and incremental exports: base64url of "id:{last id seen}".</summary>
/// <summary>
/// Cursors look like Zendesk's: standard base64 of a small JSON object, "=" padding included (<c>eyJvIjoi…==</c>),
/// so links carry them percent-encoded (<c>page%5Bafter%5D=eyJ…%3D%3D</c>) as Zendesk writes them.
/// [guess] at the JSON inside; clients must treat it as opaque.
/// </summary>
internal static class Cursor
{
    public static string Encode(long id) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes($"{{\"o\":\"id\",\"v\":{id.ToString(CultureInfo.InvariantCulture)}}}"));

    public static bool TryDecode(string? cursor, out long id)
    {
        id = 0;
        if (string.IsNullOrEmpty(cursor))
            return false;
        try
        {
            // A "+" that came through a query string unencoded reads as a space.
            var text = Encoding.ASCII.GetString(Convert.FromBase64String(cursor.Replace(' ', '+')));
            const string prefix = "{\"o\":\"id\",\"v\":";
            return text.StartsWith(prefix, StringComparison.Ordinal) && text.EndsWith('}')
                && long.TryParse(text.AsSpan(prefix.Length, text.Length - prefix.Length - 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out id);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The cursor as it appears in a link's query: percent-encoded ("=" → %3D, "+" → %2B, "/" → %2F).</summary>
    public static string InLink(string cursor) => Uri.EscapeDataString(cursor);
}

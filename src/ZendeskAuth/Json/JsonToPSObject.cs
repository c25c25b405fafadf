using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace ZendeskAuth.Json;

/// <summary>
/// JSON to what a PowerShell user expects: objects become PSCustomObjects, arrays object[]; integers are Int64
/// (Zendesk ids exceed Int32), other numbers Double (Decimal when a whole number is too big for Int64);
/// dates stay ISO 8601 strings, as Zendesk sent them. An unpaired surrogate escape becomes U+FFFD; nothing a
/// server sends makes it throw (a property named "" becomes <see cref="EmptyName"/>, one named after PowerShell's own
/// member sets, such as "psobject", becomes "(psobject)"; of names differing only in case the last wins).
/// </summary>
internal static class JsonToPSObject
{
    /// <summary>The name a property named "" gets: PowerShell has no property without a name.</summary>
    public const string EmptyName = "(empty)";

    /// <summary>PowerShell's own member sets: a JSON property with one of these names keeps its value under "(name)".</summary>
    private static readonly HashSet<string> s_reserved = new(StringComparer.OrdinalIgnoreCase) { "psbase", "psadapted", "psextended", "psobject", "pstypenames" };

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
                    // As for objects: a lone surrogate in a name (which property.Name refuses) becomes U+FFFD.
                    table[ZendeskJson.Name(property)] = Convert(property.Value, true);
                }
                return table;
            case JsonValueKind.Object:
                var result = new PSObject();
                string? firstName = null;
                HashSet<string>? names = null;
                foreach (var property in element.EnumerateObject())
                {
                    var name = PropertyName(property);
                    var note = new PSNoteProperty(name, Convert(property.Value));
                    if (firstName is null)
                    {
                        firstName = name;
                    }
                    else if (!(names ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase) { firstName }).Add(name))
                    {
                        // Duplicate names are legal JSON; the last one wins, as in ConvertFrom-Json.
                        result.Properties.Remove(name);
                    }
                    // Checked here (no duplicate, no reserved name), so PowerShell skips its own checks: a type-table
                    // lookup for every property, most of the cost of a record.
                    result.Properties.Add(note, preValidated: true);
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

    /// <summary>Fewer records than this are converted on the calling thread: a worker would cost more than it saves.</summary>
    private const int AheadFrom = 8;

    /// <summary>
    /// Items <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> of a JSON array, each
    /// converted as <see cref="Convert"/> does, in order. A worker thread converts them while the caller takes them
    /// (-Paginate writes each page's records down the pipeline while the next ones are being built). The caller must
    /// finish or dispose the enumeration before the array's JsonDocument is disposed; leaving early stops the worker
    /// and waits for it. A failure converting an item comes after the items before it, as it would in a loop.
    /// </summary>
    public static IEnumerable<object?> ConvertEach(JsonElement array, int start, int count, bool asHashtable = false)
    {
        if (count < AheadFrom)
        {
            foreach (var item in Slice(array, start, count))
            {
                yield return Convert(item, asHashtable);
            }
            yield break;
        }

        var ahead = new Ahead(count);
        var worker = Task.Run(() => ahead.Fill(Slice(array, start, count), asHashtable));
        try
        {
            for (var taken = 0; ahead.WaitFor(taken) is var ready && taken < ready; )
            {
                for (; taken < ready; taken++)
                {
                    yield return ahead.Take(taken);
                }
            }
        }
        finally
        {
            // The worker reads the caller's JsonDocument: it has stopped before the caller can dispose it.
            ahead.Stop();
            try
            {
                worker.Wait();
            }
            catch (AggregateException)
            {
                // Rethrown below when the caller took every item; a caller that left early has its own reason.
            }
        }
        worker.GetAwaiter().GetResult();
    }

    /// <summary>
    /// Items converted ahead by one worker and taken in order by one reader. The reader is woken every
    /// <see cref="Batch"/> items, not for each: a wake-up costs about as much as converting a small record, and a
    /// reader that spun instead would take the CPU the worker needs.
    /// </summary>
    private sealed class Ahead
    {
        private const int Batch = 16;
        private readonly object?[] _items;
        private readonly object _gate = new();
        private int _ready;
        private bool _done;
        private bool _stopped;

        public Ahead(int count) => _items = new object?[count];

        public void Fill(IEnumerable<JsonElement> items, bool asHashtable)
        {
            var index = 0;
            try
            {
                foreach (var item in items)
                {
                    if (Volatile.Read(ref _stopped))
                    {
                        return;
                    }
                    _items[index] = Convert(item, asHashtable);
                    if (++index % Batch == 0)
                    {
                        Publish(index, done: false);
                    }
                }
            }
            finally
            {
                // Also after a failure: the items before it are the reader's, then the failure.
                Publish(index, done: true);
            }
        }

        /// <summary>Blocks until more than <paramref name="taken"/> items are ready or the worker ended; how many are ready.</summary>
        public int WaitFor(int taken)
        {
            lock (_gate)
            {
                while (_ready <= taken && !_done)
                {
                    Monitor.Wait(_gate);
                }
                return _ready;
            }
        }

        public object? Take(int index)
        {
            var item = _items[index];
            _items[index] = null;
            return item;
        }

        public void Stop() => Volatile.Write(ref _stopped, true);

        private void Publish(int ready, bool done)
        {
            lock (_gate)
            {
                _ready = ready;
                _done = done;
                Monitor.Pulse(_gate);
            }
        }
    }

    private static IEnumerable<JsonElement> Slice(JsonElement array, int start, int count)
    {
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (index >= start + count)
            {
                yield break;
            }
            if (index++ >= start)
            {
                yield return item;
            }
        }
    }

    /// <summary>The name a JSON property gets on a PSCustomObject: "" and PowerShell's reserved names cannot be used as they are.</summary>
    private static string PropertyName(JsonProperty property)
    {
        var name = ZendeskJson.Name(property);
        return name.Length == 0 ? EmptyName : s_reserved.Contains(name) ? "(" + name + ")" : name;
    }
}

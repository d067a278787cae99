using System;
using System.Collections.Generic;
using System.Text;
using FeatureContracts.Domains;
using NodaTime;

namespace FeatureContracts.Export.Events;

/// <summary>
/// Reuses the strings of low-cardinality values (carriers, warehouses, locations, zone ids), resolved zones and each
/// event type's value buffer within one read, so a log of millions of lines does not allocate the same short string
/// millions of times. Bounded; not thread-safe (one per enumeration).
/// </summary>
internal sealed class Utf8StringCache
{
    private const int MaxEntries = 4096;
    private const int MaxBytes = 128;

    private readonly HashSet<string> _strings = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly Dictionary<string, DateTimeZone?> _zones = new(StringComparer.Ordinal);
    private readonly Dictionary<EventTypeSchema, EventFieldValue[]> _values = [];

    public Utf8StringCache() => _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The string of valid UTF-8 <paramref name="utf8"/>, shared with earlier equal values.</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxBytes)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        Span<char> chars = stackalloc char[MaxBytes];
        int count = Encoding.UTF8.GetChars(utf8, chars);
        ReadOnlySpan<char> text = chars[..count];
        if (_lookup.TryGetValue(text, out string? known))
        {
            return known;
        }

        string created = new(text);
        if (_strings.Count < MaxEntries)
        {
            _strings.Add(created);
        }

        return created;
    }

    /// <summary>The zone of <paramref name="id"/> from <paramref name="zones"/>, remembered for this read.</summary>
    public DateTimeZone? Zone(IDateTimeZoneProvider zones, string id)
    {
        if (_zones.TryGetValue(id, out DateTimeZone? zone))
        {
            return zone;
        }

        zone = zones.GetZoneOrNull(id);
        if (_zones.Count < MaxEntries)
        {
            _zones[id] = zone;
        }

        return zone;
    }

    /// <summary>
    /// A buffer of one value per field of <paramref name="type"/>, reused for every line of that type in this read: an
    /// event type's factory reads the values while it creates the event and keeps none of them.
    /// </summary>
    public EventFieldValue[] Values(EventTypeSchema type)
    {
        if (!_values.TryGetValue(type, out EventFieldValue[]? values))
        {
            _values[type] = values = new EventFieldValue[type.Fields.Length];
        }

        return values;
    }
}

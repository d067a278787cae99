using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using FeatureContracts.Domains;

namespace FeatureContracts.Export.Events;

/// <summary>
/// An event schema as the JSON Lines reader looks it up while it scans a line: every field name of the format with its
/// slot (<see cref="EventSchema.SlotOf"/>) and every event type, by UTF-8 name matched by length. Computed once per
/// schema and shared by every reader; immutable.
/// </summary>
internal sealed class JsonFieldTable
{
    /// <summary>The slot of <c>type</c>.</summary>
    public const int TypeSlot = 0;

    /// <summary>The slot of <c>occurred_at</c>.</summary>
    public const int OccurredAtSlot = 1;

    /// <summary>The slot of <c>recorded_at</c>.</summary>
    public const int RecordedAtSlot = 2;

    /// <summary>The slot of <c>event_id</c>.</summary>
    public const int EventIdSlot = 3;

    private static readonly ConditionalWeakTable<EventSchema, JsonFieldTable> Tables = [];

    private readonly Entry<int>[][] _fieldsByLength;
    private readonly Entry<EventTypeSchema>[][] _typesByLength;

    private JsonFieldTable(EventSchema schema)
    {
        Schema = schema;
        Names = [.. schema.FieldNames];
        _fieldsByLength = ByLength(Names.Select((name, slot) => (name, slot)));
        MaxNameBytes = Names.Max(n => Encoding.UTF8.GetByteCount(n));
        _typesByLength = ByLength(schema.Types.Select(t => (t.Name, t)));
    }

    /// <summary>The schema.</summary>
    public EventSchema Schema { get; }

    /// <summary>Every field name, by slot.</summary>
    public string[] Names { get; }

    /// <summary>The number of slots.</summary>
    public int Count => Names.Length;

    /// <summary>The longest field name, in UTF-8 bytes.</summary>
    public int MaxNameBytes { get; }

    /// <summary>The table of <paramref name="schema"/>, computed on first use.</summary>
    public static JsonFieldTable For(EventSchema schema) => Tables.GetValue(schema, static s => new JsonFieldTable(s));

    /// <summary>The slot of the field named by UTF-8 <paramref name="name"/>, or -1.</summary>
    public int SlotOf(ReadOnlySpan<byte> name) => Find(_fieldsByLength, name, -1);

    /// <summary>The event type named by UTF-8 <paramref name="name"/>, or <see langword="null"/>.</summary>
    public EventTypeSchema? TypeOf(ReadOnlySpan<byte> name) => Find<EventTypeSchema?>(_typesByLength!, name, null);

    private static T Find<T>(Entry<T>[][] byLength, ReadOnlySpan<byte> name, T none)
    {
        if (name.Length >= byLength.Length)
        {
            return none;
        }

        foreach (Entry<T> entry in byLength[name.Length])
        {
            if (name.SequenceEqual(entry.Utf8))
            {
                return entry.Value;
            }
        }

        return none;
    }

    private static Entry<T>[][] ByLength<T>(IEnumerable<(string Name, T Value)> items)
    {
        Entry<T>[] entries = [.. items.Select(i => new Entry<T>(Encoding.UTF8.GetBytes(i.Name), i.Value))];
        var byLength = new Entry<T>[entries.Max(e => e.Utf8.Length) + 1][];
        for (int length = 0; length < byLength.Length; length++)
        {
            byLength[length] = [.. entries.Where(e => e.Utf8.Length == length)];
        }

        return byLength;
    }

    private sealed record Entry<T>(byte[] Utf8, T Value);
}

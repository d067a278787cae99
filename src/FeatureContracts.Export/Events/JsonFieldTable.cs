using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using FeatureContracts.Domains;

namespace FeatureContracts.Export.Events;

/// <summary>
/// An event schema as the JSON Lines reader looks it up while it scans a line: every field name of the format with its
/// slot (its position in <see cref="EventSchema.FieldNames"/>), the UTF-8 names matched by length, and for each event
/// type the slots of its fields and the slots it allows. Computed once per schema and shared by every reader; immutable.
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
    private readonly Entry<TypeEntry>[][] _typesByLength;

    private JsonFieldTable(EventSchema schema)
    {
        Schema = schema;
        Names = [.. schema.FieldNames];
        var slotOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < Names.Length; i++)
        {
            slotOf.Add(Names[i], i);
        }

        _fieldsByLength = ByLength(Names.Select((name, slot) => (name, slot)));
        MaxNameBytes = Names.Max(n => Encoding.UTF8.GetByteCount(n));
        Types = [.. schema.Types.Select(type => new TypeEntry(type, [.. type.Fields.Select(f => slotOf[f.Name])], Names.Length))];
        _typesByLength = ByLength(Types.Select(t => (t.Type.Name, t)));
    }

    /// <summary>The schema.</summary>
    public EventSchema Schema { get; }

    /// <summary>Every field name, by slot.</summary>
    public string[] Names { get; }

    /// <summary>The number of slots.</summary>
    public int Count => Names.Length;

    /// <summary>The longest field name, in UTF-8 bytes.</summary>
    public int MaxNameBytes { get; }

    /// <summary>The event types, in declaration order.</summary>
    public TypeEntry[] Types { get; }

    /// <summary>The table of <paramref name="schema"/>, computed on first use.</summary>
    public static JsonFieldTable For(EventSchema schema) => Tables.GetValue(schema, static s => new JsonFieldTable(s));

    /// <summary>The slot of the field named by UTF-8 <paramref name="name"/>, or -1.</summary>
    public int SlotOf(ReadOnlySpan<byte> name) => Find(_fieldsByLength, name, -1);

    /// <summary>The event type named by UTF-8 <paramref name="name"/>, or <see langword="null"/>.</summary>
    public TypeEntry? TypeOf(ReadOnlySpan<byte> name) => Find<TypeEntry?>(_typesByLength!, name, null);

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

    /// <summary>One event type: the slots of its fields, in check order, and the slots a line of it may have.</summary>
    internal sealed class TypeEntry
    {
        private readonly bool[] _allowed;

        public TypeEntry(EventTypeSchema type, int[] slots, int count)
        {
            Type = type;
            Slots = slots;
            _allowed = new bool[count];
            for (int i = 0; i < EventSchema.CommonFields.Length; i++)
            {
                _allowed[i] = true;
            }

            foreach (int slot in slots)
            {
                _allowed[slot] = true;
            }
        }

        /// <summary>The event type.</summary>
        public EventTypeSchema Type { get; }

        /// <summary>The slot of each of <see cref="EventTypeSchema.Fields"/>, in order.</summary>
        public int[] Slots { get; }

        /// <summary>Whether a line of this type may have the field in <paramref name="slot"/> (the common fields included).</summary>
        public bool Allows(int slot) => _allowed[slot];
    }
}

using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using FeatureContracts.Domains;

namespace FeatureContracts.Parquet;

/// <summary>
/// An event schema as the Parquet reader looks it up: every field of the format by slot (its position in
/// <see cref="EventSchema.FieldNames"/>) with the kind of value its column holds, and for each event type the slots of
/// its fields and the slots it allows. Computed once per schema; immutable.
/// </summary>
internal sealed class EventLogFields
{
    private static readonly ConditionalWeakTable<EventSchema, EventLogFields> Tables = [];

    private readonly FrozenDictionary<string, int> _slotOf;
    private readonly ValueKind[] _kinds;
    private readonly FrozenDictionary<string, TypeEntry> _types;

    private EventLogFields(EventSchema schema)
    {
        Schema = schema;
        Names = [.. schema.FieldNames];
        _slotOf = Names.Select((name, slot) => (name, slot)).ToFrozenDictionary(x => x.name, x => x.slot, StringComparer.Ordinal);
        _kinds = new ValueKind[Names.Length];
        _kinds[EventColumns.OccurredAtSlot] = ValueKind.Instant;
        _kinds[EventColumns.RecordedAtSlot] = ValueKind.Instant;
        foreach (EventFieldSchema field in schema.Types.SelectMany(t => t.Fields))
        {
            _kinds[_slotOf[field.Name]] = field.Type switch
            {
                EventFieldType.Number => ValueKind.Number,
                EventFieldType.Boolean => ValueKind.Boolean,
                EventFieldType.Date => ValueKind.Date,
                _ => ValueKind.Text,
            };
        }

        _types = schema.Types.ToFrozenDictionary(t => t.Name, t => new TypeEntry(t, [.. t.Fields.Select(f => _slotOf[f.Name])], Names.Length), StringComparer.Ordinal);
    }

    /// <summary>What a column can hold.</summary>
    internal enum ValueKind
    {
        /// <summary>Text (a time zone id included).</summary>
        Text,

        /// <summary>An instant.</summary>
        Instant,

        /// <summary>A number.</summary>
        Number,

        /// <summary>A boolean.</summary>
        Boolean,

        /// <summary>A calendar date.</summary>
        Date,
    }

    /// <summary>The schema.</summary>
    public EventSchema Schema { get; }

    /// <summary>Every field name, by slot.</summary>
    public string[] Names { get; }

    /// <summary>The fields of <paramref name="schema"/>, computed on first use.</summary>
    public static EventLogFields For(EventSchema schema) => Tables.GetValue(schema, static s => new EventLogFields(s));

    /// <summary>The slot of the field named <paramref name="name"/>, if the log has one.</summary>
    public bool TrySlotOf(string name, out int slot) => _slotOf.TryGetValue(name, out slot);

    /// <summary>What the column of the field in <paramref name="slot"/> holds.</summary>
    public ValueKind TypeOf(int slot) => _kinds[slot];

    /// <summary>The event type named <paramref name="name"/>, or <see langword="null"/>.</summary>
    public TypeEntry? TypeNamed(string name) => _types.GetValueOrDefault(name);

    /// <summary>One event type: the slots of its fields, in check order, and the slots a row of it may have.</summary>
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

        /// <summary>Whether a row of this type may have the field in <paramref name="slot"/> (the common fields included).</summary>
        public bool Allows(int slot) => _allowed[slot];
    }
}

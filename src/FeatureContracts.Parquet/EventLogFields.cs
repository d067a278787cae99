using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using FeatureContracts.Domains;

namespace FeatureContracts.Parquet;

/// <summary>
/// An event schema as the Parquet reader looks it up: every field of the format by slot (<see cref="EventSchema.SlotOf"/>)
/// with the kind of value its column holds. Computed once per schema; immutable.
/// </summary>
internal sealed class EventLogFields
{
    private static readonly ConditionalWeakTable<EventSchema, EventLogFields> Tables = [];

    private readonly ValueKind[] _kinds;

    private EventLogFields(EventSchema schema)
    {
        Schema = schema;
        Names = [.. schema.FieldNames];
        _kinds = new ValueKind[Names.Length];
        _kinds[EventColumns.OccurredAtSlot] = ValueKind.Instant;
        _kinds[EventColumns.RecordedAtSlot] = ValueKind.Instant;
        foreach (EventFieldSchema field in schema.Types.SelectMany(t => t.Fields))
        {
            _kinds[schema.SlotOf(field.Name)] = field.Type switch
            {
                EventFieldType.Number => ValueKind.Number,
                EventFieldType.Boolean => ValueKind.Boolean,
                EventFieldType.Date => ValueKind.Date,
                _ => ValueKind.Text,
            };
        }

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
    public bool TrySlotOf(string name, out int slot) => (slot = Schema.SlotOf(name)) >= 0;

    /// <summary>What the column of the field in <paramref name="slot"/> holds.</summary>
    public ValueKind TypeOf(int slot) => _kinds[slot];

    /// <summary>The event type named <paramref name="name"/>, or <see langword="null"/>.</summary>
    public EventTypeSchema? TypeNamed(string name) => Schema.TryGetType(name, out EventTypeSchema type) ? type : null;
}

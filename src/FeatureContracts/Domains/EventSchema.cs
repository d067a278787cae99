using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using FeatureContracts.Sources;
using NodaTime;

namespace FeatureContracts.Domains;

/// <summary>One type-specific field of an event type: its name, type, presence rule and role.</summary>
public sealed class EventFieldSchema
{
    internal EventFieldSchema(string name, EventFieldType type, FieldPresence presence, bool isKey, bool shared, bool? absenceMeans, int index, Func<DomainEvent, EventFieldValue> read)
    {
        Name = name;
        Type = type;
        Presence = presence;
        IsKey = isKey;
        Shared = shared;
        AbsenceMeans = absenceMeans;
        Index = index;
        Read = read;
    }

    /// <summary>The field's snake_case name, e.g. <c>distance_km</c>.</summary>
    public string Name { get; }

    /// <summary>The value's type.</summary>
    public EventFieldType Type { get; }

    /// <summary>What the field's absence and a null mean.</summary>
    public FieldPresence Presence { get; }

    /// <summary>Whether the field is an entity key: the event is filed under the history of the entity it names.</summary>
    public bool IsKey { get; }

    /// <summary>Whether its values repeat across events (carriers, warehouses), so a reader may share their strings.</summary>
    public bool Shared { get; }

    /// <summary>Where the source declares what the field's absence means (a boolean), that value.</summary>
    public bool? AbsenceMeans { get; }

    /// <summary>The field's position among its event type's fields.</summary>
    public int Index { get; }

    /// <summary>Reads the field's value from an event of its type.</summary>
    internal Func<DomainEvent, EventFieldValue> Read { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Type}, {Presence})";
}

/// <summary>
/// The validated values of one event line, handed to an event type's factory: the common fields and each
/// type-specific field by name. Every value has passed its field's rules, so a factory only maps them to its record.
/// </summary>
public readonly struct EventFields
{
    private readonly EventTypeSchema _type;
    private readonly EventFieldValue[] _values;

    internal EventFields(EventTypeSchema type, Instant occurredAt, Instant? recordedAt, string? eventId, EventFieldValue[] values)
    {
        _type = type;
        OccurredAt = occurredAt;
        RecordedAt = recordedAt;
        EventId = eventId;
        _values = values;
    }

    /// <summary>When the event happened.</summary>
    public Instant OccurredAt { get; }

    /// <summary>When it was recorded, if the line said so.</summary>
    public Instant? RecordedAt { get; }

    /// <summary>The event's id, if the line gave one.</summary>
    public string? EventId { get; }

    /// <summary>The value of the field named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The event type has no such field.</exception>
    public EventFieldValue this[string name] => _values[_type.IndexOfField(name)];

    /// <summary>A text field's value, or <see langword="null"/> for none.</summary>
    public string? Text(string name) => this[name].Text;

    /// <summary>A number field's value, or <see langword="null"/> for none.</summary>
    public double? Number(string name) => this[name].Number;

    /// <summary>A boolean field's value, or <see langword="null"/> for none.</summary>
    public bool? Boolean(string name) => this[name].Boolean;

    /// <summary>A date field's value, or <see langword="null"/> for none.</summary>
    public LocalDate? Date(string name) => this[name].Date;

    /// <summary>A time zone field's value, or <see langword="null"/> for none.</summary>
    public DateTimeZone? Zone(string name) => this[name].Zone;
}

/// <summary>
/// One event type of a domain's log, as data: its <c>type</c> discriminator, whether it is outcome-only, its fields
/// in the order readers check them, which of them are entity keys, and how an event is made from validated values and
/// read back. Readers and writers of every format work from this description alone.
/// </summary>
public sealed class EventTypeSchema
{
    private readonly Func<EventFields, DomainEvent> _create;
    private readonly FrozenDictionary<string, int> _indexByName;
    private bool[] _allowedSlots = [];

    internal EventTypeSchema(string name, bool isOutcome, Type eventClass, ImmutableArray<EventFieldSchema> fields, Func<EventFields, DomainEvent> create)
    {
        Name = name;
        IsOutcome = isOutcome;
        EventClass = eventClass;
        Fields = fields;
        Keys = [.. fields.Where(f => f.IsKey)];
        _create = create;
        _indexByName = fields.ToFrozenDictionary(f => f.Name, f => f.Index, StringComparer.Ordinal);
    }

    /// <summary>The <c>type</c> discriminator, e.g. <c>order_placed</c>.</summary>
    public string Name { get; }

    /// <summary>Whether the event exists only once the outcome is known; it can never feed a feature.</summary>
    public bool IsOutcome { get; }

    /// <summary>The record class of this type's events.</summary>
    public Type EventClass { get; }

    /// <summary>The type-specific fields, in the order readers check them.</summary>
    public ImmutableArray<EventFieldSchema> Fields { get; }

    /// <summary>The key fields: the event is filed under the history of each entity they name.</summary>
    public ImmutableArray<EventFieldSchema> Keys { get; }

    /// <summary>
    /// The slot of each of <see cref="Fields"/>, in order: its position in its schema's <see cref="EventSchema.FieldNames"/>.
    /// Readers keep a line's values by slot, one table for every type.
    /// </summary>
    public ImmutableArray<int> Slots { get; private set; } = [];

    /// <summary>Whether an event of this type may have the field in <paramref name="slot"/> (the common fields included).</summary>
    public bool Allows(int slot) => slot >= 0 && slot < _allowedSlots.Length && _allowedSlots[slot];

    /// <summary>Whether the type has a type-specific field named <paramref name="name"/>.</summary>
    public bool HasField(string name) => name is not null && _indexByName.ContainsKey(name);

    /// <summary>The type-specific field named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">There is none.</exception>
    public EventFieldSchema Field(string name) => Fields[IndexOfField(name)];

    /// <summary>
    /// Creates the event from values that passed every field's rules, with <paramref name="recordedAt"/> not before
    /// <paramref name="occurredAt"/>.
    /// </summary>
    /// <param name="occurredAt">When the event happened.</param>
    /// <param name="recordedAt">When it was recorded, if known.</param>
    /// <param name="eventId">The event's id, if any.</param>
    /// <param name="values">One value per field of <see cref="Fields"/>, in order.</param>
    /// <exception cref="ArgumentException">A value does not fit its field, or the record's constructor refuses it.</exception>
    public DomainEvent Create(Instant occurredAt, Instant? recordedAt, string? eventId, EventFieldValue[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != Fields.Length)
        {
            throw new ArgumentException($"Event type '{Name}' has {Fields.Length} fields, not {values.Length}.", nameof(values));
        }

        for (int i = 0; i < values.Length; i++)
        {
            EventFieldSchema field = Fields[i];
            if (values[i].Type != field.Type)
            {
                throw new ArgumentException($"Field '{Name}.{field.Name}' holds {field.Type} values, not {values[i].Type}.", nameof(values));
            }

            if (!values[i].HasValue && field.Presence == FieldPresence.Required)
            {
                throw new ArgumentException($"Field '{Name}.{field.Name}' is required.", nameof(values));
            }
        }

        return _create(new EventFields(this, occurredAt, recordedAt, eventId, values));
    }

    /// <summary>The value of field <paramref name="index"/> of <paramref name="domainEvent"/>, an event of this type.</summary>
    public EventFieldValue ValueOf(DomainEvent domainEvent, int index)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        return Fields[index].Read(domainEvent);
    }

    /// <summary>The value of the key field named <paramref name="key"/> of <paramref name="domainEvent"/>, if this type has that key.</summary>
    public string? KeyOf(DomainEvent domainEvent, string key)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        return _indexByName.TryGetValue(key, out int index) && Fields[index].IsKey ? Fields[index].Read(domainEvent).Text : null;
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>Lays the type's fields out on its schema's slots; called once, by the schema that holds the type.</summary>
    internal void PlaceIn(IReadOnlyDictionary<string, int> slotOf)
    {
        Slots = [.. Fields.Select(f => slotOf[f.Name])];
        _allowedSlots = new bool[slotOf.Count];
        for (int i = 0; i < EventSchema.CommonFields.Length; i++)
        {
            _allowedSlots[i] = true;
        }

        foreach (int slot in Slots)
        {
            _allowedSlots[slot] = true;
        }
    }

    internal int IndexOfField(string name)
        => name is not null && _indexByName.TryGetValue(name, out int index)
            ? index
            : throw new ArgumentException($"Event type '{Name}' has no field '{name}'.", nameof(name));
}

/// <summary>
/// A domain's event log format, declared once: every event type with its fields, their types, presence rules and
/// roles, and the entity keys events are filed under. The JSON Lines and Parquet readers and writers, their reject
/// reasons, the leakage gate's field roles and history assembly all read this one description, so adding an event
/// field is a change in one place. Immutable.
/// </summary>
public sealed class EventSchema
{
    /// <summary>The fields every event has, in the format's order.</summary>
    public static readonly ImmutableArray<string> CommonFields = ["type", "occurred_at", "recorded_at", "event_id"];

    private readonly FrozenDictionary<string, EventTypeSchema> _byName;
    private readonly FrozenDictionary<Type, EventTypeSchema> _byClass;
    private readonly FrozenDictionary<string, int> _slotOf;

    internal EventSchema(ImmutableArray<EventTypeSchema> types)
    {
        Types = types;
        _byName = types.ToFrozenDictionary(t => t.Name, StringComparer.Ordinal);
        _byClass = types.ToFrozenDictionary(t => t.EventClass);
        var names = new List<string>();
        var typesByField = new Dictionary<string, EventFieldType>(StringComparer.Ordinal);
        var keys = new List<string>();
        foreach (EventTypeSchema type in types)
        {
            foreach (EventFieldSchema field in type.Fields)
            {
                if (typesByField.TryAdd(field.Name, field.Type))
                {
                    names.Add(field.Name);
                }

                if (field.IsKey && !keys.Contains(field.Name))
                {
                    keys.Add(field.Name);
                }
            }
        }

        FieldNames = [.. CommonFields, .. names];
        _slotOf = FieldNames.Select((name, slot) => (name, slot)).ToFrozenDictionary(x => x.name, x => x.slot, StringComparer.Ordinal);
        foreach (EventTypeSchema type in types)
        {
            type.PlaceIn(_slotOf);
        }

        KeyFields = [.. keys];
        TypeList = types.Length == 1
            ? types[0].Name
            : string.Join(", ", types.Take(types.Length - 1).Select(t => t.Name)) + " or " + types[^1].Name;
    }

    /// <summary>The event types, in declaration order.</summary>
    public ImmutableArray<EventTypeSchema> Types { get; }

    /// <summary>Every field name of the format: the common fields, then each type-specific name in order of first declaration.</summary>
    public ImmutableArray<string> FieldNames { get; }

    /// <summary>Every key field name, in order of first declaration.</summary>
    public ImmutableArray<string> KeyFields { get; }

    /// <summary>The event types' names for reasons, e.g. <c>order_placed, scan or delivered</c>.</summary>
    public string TypeList { get; }

    /// <summary>Starts the declaration of a schema.</summary>
    public static EventSchemaBuilder Define() => new();

    /// <summary>The slot of the field named <paramref name="name"/>: its position in <see cref="FieldNames"/>, or -1.</summary>
    public int SlotOf(string name) => name is not null && _slotOf.TryGetValue(name, out int slot) ? slot : -1;

    /// <summary>The event type named <paramref name="name"/>, if there is one.</summary>
    public bool TryGetType(string name, out EventTypeSchema type)
    {
        if (name is not null && _byName.TryGetValue(name, out EventTypeSchema? found))
        {
            type = found;
            return true;
        }

        type = null!;
        return false;
    }

    /// <summary>The event type named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">There is none.</exception>
    public EventTypeSchema this[string name]
        => TryGetType(name, out EventTypeSchema type) ? type : throw new ArgumentException($"The schema has no event type '{name}'; it has {TypeList}.", nameof(name));

    /// <summary>The event type of <paramref name="domainEvent"/>.</summary>
    /// <exception cref="ArgumentException">The event's class is not declared by this schema.</exception>
    public EventTypeSchema TypeOf(DomainEvent domainEvent)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        return _byClass.TryGetValue(domainEvent.GetType(), out EventTypeSchema? type)
            ? type
            : throw new ArgumentException($"Events of class {domainEvent.GetType().Name} are not declared by this schema; it has {TypeList}.", nameof(domainEvent));
    }

    /// <summary>Whether <paramref name="domainEvent"/>'s class is declared by this schema.</summary>
    public bool Declares(DomainEvent domainEvent) => domainEvent is not null && _byClass.ContainsKey(domainEvent.GetType());

    /// <summary>
    /// The input field <c>eventType.field</c> for a value source's declaration: a predictor unless its event type is
    /// outcome-only, with the absence meaning its field declares. <c>occurred_at</c> and <c>recorded_at</c> are fields of
    /// every type.
    /// </summary>
    /// <exception cref="ArgumentException">The schema has no such type or field.</exception>
    public InputField Field(string eventType, string field)
    {
        EventTypeSchema type = this[eventType];
        bool? absence = null;
        if (field is not ("occurred_at" or "recorded_at"))
        {
            absence = type.Field(field).AbsenceMeans;
        }

        InputField input = type.IsOutcome ? InputField.OutcomeOnly(type.Name, field) : InputField.Predictor(type.Name, field);
        return absence is { } meaning ? input.AbsenceMeaning(meaning) : input;
    }
}

/// <summary>Declares an <see cref="EventSchema"/>: each event type with its fields, then <see cref="Build"/>.</summary>
public sealed class EventSchemaBuilder
{
    private readonly List<EventTypeSchema> _types = [];
    private readonly List<string> _problems = [];
    private int _declared;
    private bool _built;

    internal EventSchemaBuilder()
    {
    }

    /// <summary>Declares an event type whose fields may feed features.</summary>
    /// <param name="name">The <c>type</c> discriminator, lower snake_case.</param>
    /// <param name="configure">Declares the fields, the keys and the factory.</param>
    public EventSchemaBuilder Event<TEvent>(string name, Action<EventTypeBuilder<TEvent>> configure)
        where TEvent : DomainEvent
        => Add(name, isOutcome: false, configure);

    /// <summary>Declares an outcome-only event type: it exists only once the outcome is known and never feeds a feature.</summary>
    /// <param name="name">The <c>type</c> discriminator, lower snake_case.</param>
    /// <param name="configure">Declares the fields, the keys and the factory.</param>
    public EventSchemaBuilder Outcome<TEvent>(string name, Action<EventTypeBuilder<TEvent>> configure)
        where TEvent : DomainEvent
        => Add(name, isOutcome: true, configure);

    /// <summary>Builds the schema.</summary>
    /// <exception cref="DomainDefinitionException">The declaration has problems; every one is listed.</exception>
    /// <exception cref="InvalidOperationException">The builder was already built.</exception>
    public EventSchema Build()
    {
        if (_built)
        {
            throw new InvalidOperationException("This schema builder was already built; start a new one with EventSchema.Define().");
        }

        _built = true;
        var problems = new List<string>(_problems);
        if (_declared == 0)
        {
            problems.Add("the schema declares no event type");
        }

        var seenTypes = new HashSet<string>(StringComparer.Ordinal);
        var seenClasses = new Dictionary<Type, string>();
        var fieldTypes = new Dictionary<string, (EventFieldType Type, string Where)>(StringComparer.Ordinal);
        foreach (EventTypeSchema type in _types)
        {
            if (!seenTypes.Add(type.Name))
            {
                problems.Add($"event type '{type.Name}' is declared twice");
            }

            if (!seenClasses.TryAdd(type.EventClass, type.Name))
            {
                problems.Add($"event types '{seenClasses[type.EventClass]}' and '{type.Name}' share the record class {type.EventClass.Name}; each type needs its own");
            }

            foreach (EventFieldSchema field in type.Fields)
            {
                if (fieldTypes.TryGetValue(field.Name, out var first) && first.Type != field.Type)
                {
                    problems.Add($"field '{field.Name}' is {first.Type} in '{first.Where}' but {field.Type} in '{type.Name}'; a field name has one type across the log");
                }
                else
                {
                    fieldTypes.TryAdd(field.Name, (field.Type, type.Name));
                }
            }
        }

        if (problems.Count > 0)
        {
            throw new DomainDefinitionException("The event schema", problems);
        }

        return new EventSchema([.. _types]);
    }

    private EventSchemaBuilder Add<TEvent>(string name, bool isOutcome, Action<EventTypeBuilder<TEvent>> configure)
        where TEvent : DomainEvent
    {
        ArgumentNullException.ThrowIfNull(configure);
        if (_built)
        {
            throw new InvalidOperationException("This schema builder was already built.");
        }

        if (!FeatureContracts.Contracts.FeatureNames.IsValid(name))
        {
            _problems.Add($"event type name '{name}' is not a lower snake_case identifier");
            name ??= "?";
        }

        var type = new EventTypeBuilder<TEvent>(name);
        configure(type);
        _declared++;

        // Build first: it adds the type's own problems (no key, no factory) to the list copied here.
        EventTypeSchema? built = type.Build(isOutcome);
        _problems.AddRange(type.Problems);
        if (built is not null)
        {
            _types.Add(built);
        }

        return this;
    }
}

/// <summary>Declares one event type's fields, keys and factory. Fields are checked by readers in declaration order.</summary>
/// <typeparam name="TEvent">The event type's record class.</typeparam>
public sealed class EventTypeBuilder<TEvent>
    where TEvent : DomainEvent
{
    private readonly string _name;
    private readonly List<EventFieldSchema> _fields = [];
    private Func<EventFields, TEvent>? _create;

    internal EventTypeBuilder(string name) => _name = name;

    internal List<string> Problems { get; } = [];

    /// <summary>
    /// A required text field naming an entity: the event is filed under that entity's history (an <c>order_id</c>, a
    /// <c>warehouse</c>).
    /// </summary>
    /// <param name="name">The field's name; the same name in every type that keys by it.</param>
    /// <param name="read">Reads the key from an event.</param>
    /// <param name="shared">Whether its values repeat across many events, so a reader may share their strings.</param>
    public EventTypeBuilder<TEvent> Key(string name, Func<TEvent, string> read, bool shared = false)
    {
        ArgumentNullException.ThrowIfNull(read);
        return Add(name, EventFieldType.Text, FieldPresence.Required, isKey: true, shared, null, e => EventFieldValue.OfText(read(e)));
    }

    /// <summary>A text field.</summary>
    public EventTypeBuilder<TEvent> Text(string name, Func<TEvent, string?> read, FieldPresence presence = FieldPresence.Required, bool shared = false)
    {
        ArgumentNullException.ThrowIfNull(read);
        return Add(name, EventFieldType.Text, presence, isKey: false, shared, null, e => EventFieldValue.OfText(read(e)));
    }

    /// <summary>A number field: finite numbers only.</summary>
    public EventTypeBuilder<TEvent> Number(string name, Func<TEvent, double?> read, FieldPresence presence = FieldPresence.Required)
    {
        ArgumentNullException.ThrowIfNull(read);
        return Add(name, EventFieldType.Number, presence, isKey: false, shared: false, null, e => EventFieldValue.OfNumber(read(e)));
    }

    /// <summary>A boolean field.</summary>
    /// <param name="name">The field's name.</param>
    /// <param name="read">Reads the value from an event.</param>
    /// <param name="presence">What absence and null mean.</param>
    /// <param name="absenceMeans">Where the source declares what the field's absence means, that value.</param>
    public EventTypeBuilder<TEvent> Boolean(string name, Func<TEvent, bool?> read, FieldPresence presence = FieldPresence.Optional, bool? absenceMeans = null)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (absenceMeans is not null && presence != FieldPresence.Optional)
        {
            Problems.Add($"field '{_name}.{name}' declares what its absence means, so it must be optional");
        }

        return Add(name, EventFieldType.Boolean, presence, isKey: false, shared: false, absenceMeans, e => EventFieldValue.OfBoolean(read(e)));
    }

    /// <summary>An ISO-8601 calendar date field.</summary>
    public EventTypeBuilder<TEvent> Date(string name, Func<TEvent, LocalDate?> read, FieldPresence presence = FieldPresence.Required)
    {
        ArgumentNullException.ThrowIfNull(read);
        return Add(name, EventFieldType.Date, presence, isKey: false, shared: false, null, e => EventFieldValue.OfDate(read(e)));
    }

    /// <summary>An IANA time zone field.</summary>
    public EventTypeBuilder<TEvent> TimeZone(string name, Func<TEvent, DateTimeZone?> read, FieldPresence presence = FieldPresence.Required)
    {
        ArgumentNullException.ThrowIfNull(read);
        return Add(name, EventFieldType.TimeZone, presence, isKey: false, shared: false, null, e => EventFieldValue.OfZone(read(e)));
    }

    /// <summary>How an event is made from validated values (every required value is there, every value fits its field).</summary>
    public EventTypeBuilder<TEvent> CreatedBy(Func<EventFields, TEvent> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        if (_create is not null)
        {
            Problems.Add($"event type '{_name}' declares its factory twice");
        }

        _create = create;
        return this;
    }

    internal EventTypeSchema? Build(bool isOutcome)
    {
        if (_create is null)
        {
            Problems.Add($"event type '{_name}' declares no factory (CreatedBy)");
        }

        if (!_fields.Any(f => f.IsKey))
        {
            Problems.Add($"event type '{_name}' declares no key, so no history could hold its events");
        }

        if (Problems.Count > 0)
        {
            return null;
        }

        Func<EventFields, TEvent> create = _create!;
        return new EventTypeSchema(_name, isOutcome, typeof(TEvent), [.. _fields], fields => create(fields));
    }

    private EventTypeBuilder<TEvent> Add(
        string name, EventFieldType type, FieldPresence presence, bool isKey, bool shared, bool? absenceMeans, Func<TEvent, EventFieldValue> read)
    {
        if (!FeatureContracts.Contracts.FeatureNames.IsValid(name))
        {
            Problems.Add($"field name '{name}' of event type '{_name}' is not a lower snake_case identifier");
            return this;
        }

        if (EventSchema.CommonFields.Contains(name))
        {
            Problems.Add($"field '{name}' of event type '{_name}' is common to every event; it cannot be declared again");
            return this;
        }

        if (_fields.Any(f => f.Name == name))
        {
            Problems.Add($"field '{name}' of event type '{_name}' is declared twice");
            return this;
        }

        _fields.Add(new EventFieldSchema(name, type, presence, isKey, shared, absenceMeans, _fields.Count, e => read((TEvent)e)));
        return this;
    }
}

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using FeatureContracts.Domains;
using FeatureContracts.Rows;
using NodaTime;
using NodaTime.Text;

namespace FeatureContracts.Testing;

/// <summary>
/// A fixture event log of any domain, in file order: the histories a contract test builds rows from. Made with
/// <see cref="For(Domain)"/>; every event is made by its type's own description in the domain's
/// <see cref="EventSchema"/>, so the log holds exactly the events the domain's readers would read. Immutable.
/// </summary>
/// <example>
/// <code>
/// FixtureLog log = FixtureLog.For(ShipmentDomain.Instance)
///     .ForEntity("O-204")
///     .At("2026-04-30T12:00:00Z").Event("order_placed", e => e
///         .Set("carrier", "northline").Set("distance_km", 620).Set("origin", "WH-1")
///         .Set("promised_date", "2026-05-02").Set("destination_zone", "Europe/Berlin"))
///     .After(Duration.FromHours(6)).Event("scan", e => e.RecordedAfter(Duration.FromHours(3)))
///     .Build();
/// </code>
/// </example>
public sealed class FixtureLog
{
    internal FixtureLog(EventSchema schema, ImmutableArray<DomainEvent> events)
    {
        Schema = schema;
        Events = events;
    }

    /// <summary>The domain's event log format.</summary>
    public EventSchema Schema { get; }

    /// <summary>The events, in file order.</summary>
    public ImmutableArray<DomainEvent> Events { get; }

    /// <summary>Starts a fixture log of <paramref name="domain"/>; <see cref="FixtureLogBuilder.ForEntity"/> names its entity.</summary>
    /// <param name="domain">The domain whose events the log holds.</param>
    public static FixtureLogBuilder For(Domain domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        return new FixtureLogBuilder(domain.Schema, domain.Entity.Key);
    }

    /// <summary>Starts a fixture log of events described by <paramref name="schema"/>.</summary>
    /// <param name="schema">The event log format.</param>
    public static FixtureLogBuilder For(EventSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return new FixtureLogBuilder(schema, entityKey: null);
    }

    /// <summary>A history store holding the events, appended in file order.</summary>
    public HistoryStore ToStore()
    {
        var store = new HistoryStore(Schema);
        store.AppendRange(Events);
        return store;
    }

    /// <summary>The events our systems knew at <paramref name="snapshot"/> (recorded at or before it), in file order.</summary>
    /// <param name="snapshot">The instant the log is read as of.</param>
    public ImmutableArray<DomainEvent> KnownAt(Instant snapshot) => [.. Events.Where(e => e.RecordedAt <= snapshot)];

    /// <summary>
    /// The events in another arrival order, seeded, with <paramref name="duplicates"/> re-deliveries: see
    /// <see cref="Rearrive(IReadOnlyList{DomainEvent}, Random, int)"/>.
    /// </summary>
    /// <param name="seed">The seed of the order.</param>
    /// <param name="duplicates">How many events with an id arrive a second time.</param>
    public ImmutableArray<DomainEvent> Rearrived(int seed, int duplicates = 0)
    {
#pragma warning disable CA5394 // A seeded, reproducible order for tests, not security.
        return Rearrive(Events, new Random(seed), duplicates);
#pragma warning restore CA5394
    }

    /// <summary>
    /// Events given in file order, in another arrival order that must not change any row: events with the same
    /// occurred_at and recorded_at keep their relative file order (input position breaks their tie, in a store as in
    /// an export), everything else may arrive anywhere; and <paramref name="duplicates"/> events that have an id
    /// arrive again somewhere after their first arrival (an event without an id cannot be told from a new event, so
    /// it is never repeated).
    /// </summary>
    /// <param name="fileOrder">The events in file order.</param>
    /// <param name="random">The source of the order.</param>
    /// <param name="duplicates">How many re-deliveries to add.</param>
    public static ImmutableArray<DomainEvent> Rearrive(IReadOnlyList<DomainEvent> fileOrder, Random random, int duplicates)
    {
        ArgumentNullException.ThrowIfNull(fileOrder);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegative(duplicates);

        // Events tied on both instants form a group whose members keep their file order; the shuffle moves groups'
        // slots, and each group's slots are then refilled with its members in file order.
        var groups = new Dictionary<(Instant, Instant), Queue<DomainEvent>>();
        foreach (DomainEvent e in fileOrder)
        {
            if (!groups.TryGetValue((e.OccurredAt, e.RecordedAt), out Queue<DomainEvent>? group))
            {
                groups[(e.OccurredAt, e.RecordedAt)] = group = new Queue<DomainEvent>();
            }

            group.Enqueue(e);
        }

        var arrival = new List<DomainEvent>(fileOrder);
#pragma warning disable CA5394 // A seeded, reproducible order for tests, not security.
        for (int i = arrival.Count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (arrival[i], arrival[j]) = (arrival[j], arrival[i]);
        }

        for (int i = 0; i < arrival.Count; i++)
        {
            arrival[i] = groups[(arrival[i].OccurredAt, arrival[i].RecordedAt)].Dequeue();
        }

        var withId = fileOrder.Where(e => e.EventId is not null).ToList();
        for (int k = 0; k < duplicates && withId.Count > 0; k++)
        {
            DomainEvent original = withId[random.Next(withId.Count)];
            int first = arrival.IndexOf(original);
            arrival.Insert(random.Next(first + 1, arrival.Count + 1), original);
        }
#pragma warning restore CA5394

        return [.. arrival];
    }
}

/// <summary>
/// Builds a <see cref="FixtureLog"/>: a clock that moves forward (<see cref="At(Instant)"/>, <see cref="After"/>),
/// defaults for fields every event repeats (<see cref="ForEntity"/>, <see cref="WithDefault"/>), and events by their
/// type's name and field names, checked against the domain's schema as they are added.
/// </summary>
public sealed class FixtureLogBuilder
{
    private readonly EventSchema _schema;
    private readonly string? _entityKey;
    private readonly Dictionary<string, object?> _defaults = new(StringComparer.Ordinal);
    private readonly ImmutableArray<DomainEvent>.Builder _events = ImmutableArray.CreateBuilder<DomainEvent>();
    private Instant? _clock;

    internal FixtureLogBuilder(EventSchema schema, string? entityKey)
    {
        _schema = schema;
        _entityKey = entityKey;
    }

    /// <summary>The builder's clock: when the next event occurs.</summary>
    /// <exception cref="InvalidOperationException">No instant was set yet.</exception>
    public Instant Clock => _clock ?? throw new InvalidOperationException("The fixture log has no clock yet: call At(...) before After(...) or Event(...).");

    /// <summary>Sets the clock: the next events occur at <paramref name="instant"/>.</summary>
    /// <param name="instant">When the next events occur.</param>
    public FixtureLogBuilder At(Instant instant)
    {
        _clock = instant;
        return this;
    }

    /// <summary>Sets the clock from ISO-8601 text with <c>Z</c> or an offset, as the event log writes instants.</summary>
    /// <param name="instant">E.g. <c>2026-05-01T09:00:00Z</c>.</param>
    /// <exception cref="FormatException">The text is not an instant.</exception>
    public FixtureLogBuilder At(string instant) => At(RowCodec.ParseInstant(instant));

    /// <summary>Moves the clock forward by <paramref name="elapsed"/> (or back, if negative: logs are not in time order).</summary>
    /// <param name="elapsed">How much later the next events occur.</param>
    public FixtureLogBuilder After(Duration elapsed) => At(Clock + elapsed);

    /// <summary>Fills the domain's entity key (e.g. <c>order_id</c>) with <paramref name="entityId"/> in every event type that has it.</summary>
    /// <param name="entityId">The entity the next events are about.</param>
    /// <exception cref="InvalidOperationException">The log was started from a schema, which names no entity key.</exception>
    public FixtureLogBuilder ForEntity(string entityId)
    {
        ArgumentException.ThrowIfNullOrEmpty(entityId);
        string key = _entityKey ?? throw new InvalidOperationException("A fixture log started from an EventSchema has no entity key; start it from the domain, or use WithDefault(key, id).");
        return WithDefault(key, entityId);
    }

    /// <summary>
    /// Fills <paramref name="field"/> with <paramref name="value"/> in the next events of every type that has the
    /// field, unless an event sets it itself. A <see langword="null"/> value removes the default.
    /// </summary>
    /// <param name="field">A field of one or more of the domain's event types.</param>
    /// <param name="value">The value, as <see cref="FixtureEventBuilder.Set"/> takes it.</param>
    /// <exception cref="ArgumentException">No event type has the field, or the value does not fit it.</exception>
    public FixtureLogBuilder WithDefault(string field, object? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(field);
        var types = _schema.Types.Where(t => t.HasField(field)).ToList();
        if (types.Count == 0)
        {
            throw new ArgumentException($"No event type of the log has a field '{field}'; its fields are {string.Join(", ", _schema.FieldNames.Except(EventSchema.CommonFields))}.", nameof(field));
        }

        if (value is null)
        {
            _defaults.Remove(field);
            return this;
        }

        foreach (EventTypeSchema type in types)
        {
            _ = FixtureValues.Convert(type, type.Field(field), value);
        }

        _defaults[field] = value;
        return this;
    }

    /// <summary>
    /// Adds an event of type <paramref name="type"/> occurring at <see cref="Clock"/>, recorded then unless
    /// <paramref name="configure"/> says otherwise, with the defaults and the fields <paramref name="configure"/> sets.
    /// </summary>
    /// <param name="type">The event type's <c>type</c> discriminator, e.g. <c>scan</c>.</param>
    /// <param name="configure">Sets fields, the id and when the event was recorded.</param>
    /// <exception cref="ArgumentException">
    /// The type is unknown, a field is unknown or its value does not fit, or required fields are not set (all of them are named).
    /// </exception>
    public FixtureLogBuilder Event(string type, Action<FixtureEventBuilder>? configure = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        if (!_schema.TryGetType(type, out EventTypeSchema eventType))
        {
            throw new ArgumentException($"The log has no event type '{type}'; its types are {_schema.TypeList}.", nameof(type));
        }

        var fields = new FixtureEventBuilder(eventType, Clock);
        foreach (EventFieldSchema field in eventType.Fields)
        {
            if (_defaults.TryGetValue(field.Name, out object? value))
            {
                fields.Set(field.Name, value);
            }
        }

        configure?.Invoke(fields);
        _events.Add(fields.Create());
        return this;
    }

    /// <summary>Adds a ready-made event of the domain, as it is (its own instants, not the clock).</summary>
    /// <param name="domainEvent">An event of one of the domain's types.</param>
    /// <exception cref="ArgumentException">The event's class is not one of the domain's event types.</exception>
    public FixtureLogBuilder Add(DomainEvent domainEvent)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        if (!_schema.Declares(domainEvent))
        {
            throw new ArgumentException($"{domainEvent.GetType().Name} is not an event type of the log; its types are {_schema.TypeList}.", nameof(domainEvent));
        }

        _events.Add(domainEvent);
        return this;
    }

    /// <summary>Adds ready-made events of the domain in order (see <see cref="Add"/>).</summary>
    /// <param name="events">Events of the domain's types.</param>
    public FixtureLogBuilder AddRange(IEnumerable<DomainEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (DomainEvent e in events)
        {
            Add(e);
        }

        return this;
    }

    /// <summary>Adds the last event again: the same line delivered twice (an event with an id counts once).</summary>
    /// <exception cref="InvalidOperationException">There is no event yet.</exception>
    public FixtureLogBuilder Again()
    {
        if (_events.Count == 0)
        {
            throw new InvalidOperationException("There is no event to repeat yet.");
        }

        _events.Add(_events[^1]);
        return this;
    }

    /// <summary>The log, in the order the events were added.</summary>
    public FixtureLog Build() => new(_schema, _events.ToImmutable());
}

/// <summary>The fields, id and recording instant of one event of a <see cref="FixtureLog"/>.</summary>
public sealed class FixtureEventBuilder
{
    private readonly EventTypeSchema _type;
    private readonly Instant _occurredAt;
    private readonly EventFieldValue[] _values;
    private Instant? _recordedAt;
    private string? _eventId;

    internal FixtureEventBuilder(EventTypeSchema type, Instant occurredAt)
    {
        _type = type;
        _occurredAt = occurredAt;
        _values = [.. type.Fields.Select(f => EventFieldValue.None(f.Type))];
    }

    /// <summary>
    /// Sets <paramref name="field"/>. Text fields take a string; number fields any .NET number; boolean fields a
    /// bool; date fields a <see cref="LocalDate"/> or ISO text (<c>2026-05-02</c>); time-zone fields a
    /// <see cref="DateTimeZone"/> or a TZDB id (<c>Europe/Berlin</c>). <see langword="null"/> leaves it missing.
    /// </summary>
    /// <param name="field">The field's name in the log.</param>
    /// <param name="value">Its value.</param>
    /// <exception cref="ArgumentException">The type has no such field, or the value does not fit it.</exception>
    public FixtureEventBuilder Set(string field, object? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(field);
        if (!_type.HasField(field))
        {
            throw new ArgumentException($"Event type '{_type.Name}' has no field '{field}'; its fields are {string.Join(", ", _type.Fields.Select(f => f.Name))}.", nameof(field));
        }

        EventFieldSchema schema = _type.Field(field);
        _values[schema.Index] = FixtureValues.Convert(_type, schema, value);
        return this;
    }

    /// <summary>Leaves <paramref name="field"/> missing, overriding a default.</summary>
    /// <param name="field">The field's name in the log.</param>
    public FixtureEventBuilder Missing(string field) => Set(field, null);

    /// <summary>Gives the event an id: events with the same id count once in a history.</summary>
    /// <param name="eventId">The id.</param>
    public FixtureEventBuilder Id(string eventId)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventId);
        _eventId = eventId;
        return this;
    }

    /// <summary>Records the event at <paramref name="recordedAt"/> instead of when it occurred.</summary>
    /// <param name="recordedAt">When our systems knew it; not before it occurred.</param>
    public FixtureEventBuilder RecordedAt(Instant recordedAt)
    {
        _recordedAt = recordedAt;
        return this;
    }

    /// <summary>Records the event at ISO-8601 text with <c>Z</c> or an offset.</summary>
    /// <param name="recordedAt">E.g. <c>2026-05-01T12:00:00Z</c>.</param>
    public FixtureEventBuilder RecordedAt(string recordedAt) => RecordedAt(RowCodec.ParseInstant(recordedAt));

    /// <summary>Records the event <paramref name="lag"/> after it occurred: a late record.</summary>
    /// <param name="lag">The recording lag; not negative.</param>
    public FixtureEventBuilder RecordedAfter(Duration lag) => RecordedAt(_occurredAt + lag);

    internal DomainEvent Create()
    {
        var missing = _type.Fields.Where(f => f.Presence == FieldPresence.Required && !_values[f.Index].HasValue).Select(f => f.Name).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException($"Event '{_type.Name}' at {RowCodec.FormatInstant(_occurredAt)} lacks required {(missing.Count == 1 ? "field" : "fields")} {string.Join(", ", missing)}.");
        }

        return _type.Create(_occurredAt, _recordedAt, _eventId, _values);
    }
}

/// <summary>The one conversion of a fixture's .NET values to a field's values.</summary>
internal static class FixtureValues
{
    public static EventFieldValue Convert(EventTypeSchema type, EventFieldSchema field, object? value)
    {
        if (value is null)
        {
            return EventFieldValue.None(field.Type);
        }

        EventFieldValue? converted = (field.Type, value) switch
        {
            (EventFieldType.Text, string text) when !string.IsNullOrWhiteSpace(text) => EventFieldValue.OfText(text),
            (EventFieldType.Number, double or float or decimal or int or long or short or byte or uint or ulong or ushort or sbyte) => Number(value),
            (EventFieldType.Boolean, bool flag) => EventFieldValue.OfBoolean(flag),
            (EventFieldType.Date, LocalDate date) => EventFieldValue.OfDate(date),
            (EventFieldType.Date, string text) when LocalDatePattern.Iso.Parse(text) is { Success: true } date => EventFieldValue.OfDate(date.Value),
            (EventFieldType.TimeZone, DateTimeZone zone) => EventFieldValue.OfZone(zone),
            (EventFieldType.TimeZone, string id) when DateTimeZoneProviders.Tzdb.GetZoneOrNull(id) is { } zone => EventFieldValue.OfZone(zone),
            _ => null,
        };

        return converted ?? throw new ArgumentException(
            $"Field '{type.Name}.{field.Name}' holds {Describe(field.Type)}; {Quote(value)} is not one.", nameof(value));
    }

    private static EventFieldValue? Number(object value)
    {
        double number = System.Convert.ToDouble(value, CultureInfo.InvariantCulture);
        return double.IsFinite(number) ? EventFieldValue.OfNumber(number) : null;
    }

    private static string Describe(EventFieldType type) => type switch
    {
        EventFieldType.Text => "non-blank text",
        EventFieldType.Number => "finite numbers",
        EventFieldType.Boolean => "booleans",
        EventFieldType.Date => "dates (a LocalDate or ISO text such as 2026-05-02)",
        _ => "time zones (a DateTimeZone or a TZDB id such as Europe/Berlin)",
    };

    private static string Quote(object value) => value switch
    {
        string text => $"\"{text}\"",
        IFormattable formattable => $"{formattable.ToString(null, CultureInfo.InvariantCulture)} ({value.GetType().Name})",
        _ => value.GetType().Name,
    };
}

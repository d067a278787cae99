using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FeatureContracts.Domains;
using FeatureContracts.Export.Events;
using NodaTime;
using Parquet.Schema;

namespace FeatureContracts.Parquet;

/// <summary>
/// Writes a domain's events as a Parquet event log that <see cref="ParquetEventSource"/> reads back to equal events,
/// driven by the domain's <see cref="EventSchema"/> alone: one row per event, and one nullable column per field of the
/// log format, in this order — <c>type</c>, <c>event_id</c>, the schema's first key field (the key its first event type
/// is filed under, e.g. <c>order_id</c>), <c>occurred_at</c>, <c>recorded_at</c>, then every other field in order of
/// first declaration (<see cref="EventSchema.FieldNames"/>). Text and time zone fields are UTF-8 strings (a zone by its
/// id); instants INT64 <c>TIMESTAMP(isAdjustedToUTC = true, MICROS)</c> (DuckDB <c>TIMESTAMPTZ</c>); dates
/// <c>DATE</c>; numbers <c>DOUBLE</c>; booleans <c>BOOLEAN</c>. A field the event's type does not have, or has no value
/// for, is null; <c>recorded_at</c> is always written. Snappy compression. Use it to convert a JSON Lines log or to
/// write test inputs.
/// </summary>
/// <remarks>
/// <para>Rows are buffered up to <see cref="RowGroupSize"/>, then written as one row group, so memory is bounded by
/// one row group whatever the number of events. The same events with the same row group size give byte-identical
/// files.</para>
/// <para>An event the reader would not give back is refused with <see cref="ArgumentException"/> before anything of
/// it is buffered: an event of a class the schema does not declare, an instant finer than a microsecond (Parquet's
/// timestamp resolution here) or outside years 1 to 9999, a date outside years 1 to 9999, and whatever
/// <see cref="EventLineRules.ValuesToWrite"/> refuses (blank text, a non-finite number, a required field without a
/// value).</para>
/// <para>Parquet.Net is asynchronous only; like <see cref="ParquetRowSink"/>, this writer runs each row-group write
/// and the footer write on the thread pool and blocks until it finishes (once per row group, not per event). Not
/// thread-safe.</para>
/// </remarks>
public sealed class ParquetEventWriter : IDisposable
{
    /// <summary>The default number of rows per row group.</summary>
    public const int DefaultRowGroupSize = 65_536;

    /// <summary>The largest allowed number of rows per row group.</summary>
    public const int MaxRowGroupSize = 1 << 24;

    private readonly EventSchema _schema;
    private readonly RowGroupFile _file;
    private readonly StringBuffer _type;
    private readonly StringBuffer _eventId;
    private readonly NullableBuffer<DateTime> _occurredAt;
    private readonly NullableBuffer<DateTime> _recordedAt;
    private readonly FieldColumn[] _columns;
    private readonly Dictionary<EventTypeSchema, int[]> _fieldOfColumn;

    /// <summary>Creates a writer of a Parquet event log of <paramref name="schema"/>'s events to <paramref name="output"/>.</summary>
    /// <param name="schema">The domain's event schema: the columns and the event types.</param>
    /// <param name="output">A writable stream; it need not be seekable. Nothing is written before the first row group or <see cref="Complete"/>.</param>
    /// <param name="leaveOpen">
    /// Whether <see cref="Dispose"/> leaves <paramref name="output"/> open (the default); <see langword="false"/>
    /// hands the stream to the writer, which then disposes it.
    /// </param>
    /// <param name="rowGroupSize">Rows per row group, 1 to <see cref="MaxRowGroupSize"/>; it bounds the writer's memory.</param>
    /// <exception cref="ArgumentNullException"><paramref name="schema"/> or <paramref name="output"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="output"/> is not writable.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rowGroupSize"/> is out of range.</exception>
    public ParquetEventWriter(EventSchema schema, Stream output, bool leaveOpen = true, int rowGroupSize = DefaultRowGroupSize)
    {
        ArgumentNullException.ThrowIfNull(schema);
        _schema = schema;
        _file = new RowGroupFile(output, leaveOpen, rowGroupSize, MaxRowGroupSize);
        int capacity = _file.InitialCapacity;
        _type = new(capacity);
        _eventId = new(capacity);
        _occurredAt = new(capacity);
        _recordedAt = new(capacity);

        // One column per type-specific field name, in order of first declaration, with the type it has across the log.
        var fieldsByName = new Dictionary<string, EventFieldSchema>(StringComparer.Ordinal);
        foreach (EventFieldSchema field in schema.Types.SelectMany(t => t.Fields))
        {
            fieldsByName.TryAdd(field.Name, field);
        }

        _columns = [.. schema.FieldNames.Skip(EventSchema.CommonFields.Length).Select(name => FieldColumn.For(fieldsByName[name], capacity))];
        var indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < _columns.Length; i++)
        {
            indexOf.Add(_columns[i].Name, i);
        }

        _fieldOfColumn = schema.Types.ToDictionary(t => t, t =>
        {
            int[] fieldOf = [.. Enumerable.Repeat(-1, _columns.Length)];
            for (int i = 0; i < t.Fields.Length; i++)
            {
                fieldOf[indexOf[t.Fields[i].Name]] = i;
            }

            return fieldOf;
        });

        // type, event_id, the leading key, the instants, then the other fields.
        FieldColumn lead = _columns[indexOf[schema.KeyFields[0]]];
        var fields = new List<DataField> { new DataField<string>("type", nullable: true), new DataField<string>("event_id", nullable: true), lead.Field, Timestamp("occurred_at"), Timestamp("recorded_at") };
        var buffers = new List<IColumnBuffer> { _type, _eventId, lead.Buffer, _occurredAt, _recordedAt };
        foreach (FieldColumn column in _columns.Where(c => !ReferenceEquals(c, lead)))
        {
            fields.Add(column.Field);
            buffers.Add(column.Buffer);
        }

        _file.Define([.. fields], [.. buffers]);
    }

    /// <summary>Rows per row group.</summary>
    public int RowGroupSize => _file.RowGroupSize;

    /// <summary>The number of events written so far.</summary>
    public long Count { get; private set; }

    /// <summary>Writes <paramref name="events"/> as a complete Parquet event log at <paramref name="path"/>, replacing any file there.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="schema">The domain's event schema.</param>
    /// <param name="events">The events, in the order the rows should have.</param>
    /// <param name="rowGroupSize">Rows per row group.</param>
    /// <returns>The number of events written.</returns>
    /// <exception cref="ArgumentException">An event cannot be written (see the remarks); the file is then incomplete.</exception>
    public static long WriteFile(string path, EventSchema schema, IEnumerable<DomainEvent> events, int rowGroupSize = DefaultRowGroupSize)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(events);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var writer = new ParquetEventWriter(schema, file, leaveOpen: true, rowGroupSize);
        foreach (DomainEvent e in events)
        {
            writer.Write(e);
        }

        writer.Complete();
        return writer.Count;
    }

    /// <summary>Buffers one event as one row; a full row group is written to the stream.</summary>
    /// <param name="e">The event.</param>
    /// <exception cref="ArgumentNullException"><paramref name="e"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The event cannot be written (see the remarks); nothing of it is buffered.</exception>
    /// <exception cref="InvalidOperationException">The writer is complete.</exception>
    /// <exception cref="ObjectDisposedException">The writer is disposed.</exception>
    public void Write(DomainEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        EnsureOpen();
        EventTypeSchema type = _schema.TypeOf(e);
        DateTime occurredAt = ToUtcMicroseconds(type, e, "occurred_at", e.OccurredAt);
        DateTime recordedAt = ToUtcMicroseconds(type, e, "recorded_at", e.RecordedAt);
        EventFieldValue[] values = EventLineRules.ValuesToWrite(type, e);
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i].Date is { } date && (date.Calendar != CalendarSystem.Iso || date.Year is < 1 or > 9999))
            {
                throw new ArgumentException(
                    $"{EventLineRules.Describe(type, e)}: {type.Fields[i].Name} {date} is not an ISO date in years 1 to 9999, which a Parquet DATE here covers.", nameof(e));
            }
        }

        _type.Add(type.Name);
        _eventId.Add(e.EventId);
        _occurredAt.Add(occurredAt);
        _recordedAt.Add(recordedAt);
        int[] fieldOf = _fieldOfColumn[type];
        for (int c = 0; c < _columns.Length; c++)
        {
            _columns[c].Add(fieldOf[c] >= 0 ? values[fieldOf[c]] : default);
        }

        Count++;
        _file.RowAdded();
    }

    /// <summary>Writes the buffered rows and the file footer, then flushes the stream; the stream stays open.</summary>
    /// <exception cref="InvalidOperationException">The writer is already complete.</exception>
    /// <exception cref="ObjectDisposedException">The writer is disposed.</exception>
    public void Complete()
    {
        EnsureOpen();
        _file.Complete();
    }

    /// <summary>
    /// Releases the writer. Without <see cref="Complete"/> no footer is written, so the output is not a readable
    /// Parquet file. Disposes the stream only when the writer was created with <c>leaveOpen: false</c>.
    /// </summary>
    public void Dispose() => _file.Dispose();

    private static DateTimeDataField Timestamp(string name)
        => new(name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: true);

    private static DateTime ToUtcMicroseconds(EventTypeSchema type, DomainEvent e, string field, Instant instant)
        => RowGroupFile.ToUtcMicroseconds(instant) ?? throw new ArgumentException(
            $"{EventLineRules.Describe(type, e)}: {field} {instant} is finer than a microsecond or outside years 1 to 9999, which the Parquet log's timestamps cover; it would be altered.",
            nameof(e));

    private void EnsureOpen()
    {
        ObjectDisposedException.ThrowIf(_file.IsDisposed, this);
        if (_file.IsCompleted)
        {
            throw new InvalidOperationException("The Parquet event writer is complete; nothing more can be written.");
        }
    }

    /// <summary>The column of one type-specific field name: its Parquet field and its buffer.</summary>
    private abstract class FieldColumn(string name)
    {
        public string Name { get; } = name;

        public abstract DataField Field { get; }

        public abstract IColumnBuffer Buffer { get; }

        public static FieldColumn For(EventFieldSchema field, int capacity) => field.Type switch
        {
            EventFieldType.Number => new Of<double>(field.Name, capacity, v => v.Number),
            EventFieldType.Boolean => new Of<bool>(field.Name, capacity, v => v.Boolean),
            EventFieldType.Date => new Of<DateOnly>(field.Name, capacity, v => v.Date is { } d ? new DateOnly(d.Year, d.Month, d.Day) : null),
            _ => new Text(field.Name, capacity),
        };

        /// <summary>Adds the value of a row (none when the row's type has no such field).</summary>
        public abstract void Add(in EventFieldValue value);

        private sealed class Text(string name, int capacity) : FieldColumn(name)
        {
            private readonly StringBuffer _buffer = new(capacity);

            public override DataField Field { get; } = new DataField<string>(name, nullable: true);

            public override IColumnBuffer Buffer => _buffer;

            public override void Add(in EventFieldValue value) => _buffer.Add(value.HasValue ? value.Text ?? value.Zone!.Id : null);
        }

        private sealed class Of<T>(string name, int capacity, Func<EventFieldValue, T?> read) : FieldColumn(name)
            where T : struct
        {
            private readonly NullableBuffer<T> _buffer = new(capacity);

            public override DataField Field { get; } = new DataField<T?>(name, nullable: true);

            public override IColumnBuffer Buffer => _buffer;

            public override void Add(in EventFieldValue value) => _buffer.Add(value.HasValue ? read(value) : null);
        }
    }
}

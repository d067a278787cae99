using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using FeatureContracts.Shipments.Events;
using NodaTime;
using Parquet;
using Parquet.Schema;

namespace FeatureContracts.Parquet;

/// <summary>
/// Writes shipment events as a Parquet event log that <see cref="ParquetEventSource"/> reads back to equal events:
/// one row per event, and one nullable column per field of the log format, in this order —
/// <c>type</c>, <c>event_id</c>, <c>order_id</c>, <c>occurred_at</c>, <c>recorded_at</c>, <c>carrier</c>,
/// <c>distance_km</c>, <c>expedited</c>, <c>origin</c>, <c>promised_date</c>, <c>destination_zone</c>,
/// <c>location</c>, <c>warehouse</c>, <c>queue_length</c>. Strings are UTF-8; instants INT64
/// <c>TIMESTAMP(isAdjustedToUTC = true, MICROS)</c> (DuckDB <c>TIMESTAMPTZ</c>); <c>promised_date</c> a
/// <c>DATE</c>; numbers <c>DOUBLE</c>; <c>expedited</c> a <c>BOOLEAN</c>. A field the event's type does not have is
/// null; <c>recorded_at</c> is always written. Snappy compression. Use it to convert a JSON Lines log or to write
/// test inputs.
/// </summary>
/// <remarks>
/// <para>Rows are buffered up to <see cref="RowGroupSize"/>, then written as one row group, so memory is bounded by
/// one row group whatever the number of events. The same events with the same row group size give byte-identical
/// files.</para>
/// <para>An event the reader would not give back is refused with <see cref="ArgumentException"/> before anything of
/// it is buffered: an instant finer than a microsecond (Parquet's timestamp resolution here) or outside years 1 to
/// 9999, a promised date outside years 1 to 9999, a non-finite number, or a blank <c>carrier</c>,
/// <c>location</c> or <c>event_id</c>.</para>
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

    private static readonly DataField[] Fields =
    [
        new DataField<string>("type", nullable: true),
        new DataField<string>("event_id", nullable: true),
        new DataField<string>("order_id", nullable: true),
        Timestamp("occurred_at"),
        Timestamp("recorded_at"),
        new DataField<string>("carrier", nullable: true),
        new DataField<double?>("distance_km", nullable: true),
        new DataField<bool?>("expedited", nullable: true),
        new DataField<string>("origin", nullable: true),
        new DataField<DateOnly?>("promised_date", nullable: true),
        new DataField<string>("destination_zone", nullable: true),
        new DataField<string>("location", nullable: true),
        new DataField<string>("warehouse", nullable: true),
        new DataField<double?>("queue_length", nullable: true),
    ];

    private readonly RowGroupFile _file;
    private readonly StringBuffer _type;
    private readonly StringBuffer _eventId;
    private readonly StringBuffer _orderId;
    private readonly NullableBuffer<DateTime> _occurredAt;
    private readonly NullableBuffer<DateTime> _recordedAt;
    private readonly StringBuffer _carrier;
    private readonly NullableBuffer<double> _distanceKm;
    private readonly NullableBuffer<bool> _expedited;
    private readonly StringBuffer _origin;
    private readonly NullableBuffer<DateOnly> _promisedDate;
    private readonly StringBuffer _destinationZone;
    private readonly StringBuffer _location;
    private readonly StringBuffer _warehouse;
    private readonly NullableBuffer<double> _queueLength;

    /// <summary>Creates a writer of a Parquet event log to <paramref name="output"/>.</summary>
    /// <param name="output">A writable stream; it need not be seekable. Nothing is written before the first row group or <see cref="Complete"/>.</param>
    /// <param name="leaveOpen">
    /// Whether <see cref="Dispose"/> leaves <paramref name="output"/> open (the default); <see langword="false"/>
    /// hands the stream to the writer, which then disposes it.
    /// </param>
    /// <param name="rowGroupSize">Rows per row group, 1 to <see cref="MaxRowGroupSize"/>; it bounds the writer's memory.</param>
    /// <exception cref="ArgumentNullException"><paramref name="output"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="output"/> is not writable.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rowGroupSize"/> is out of range.</exception>
    public ParquetEventWriter(Stream output, bool leaveOpen = true, int rowGroupSize = DefaultRowGroupSize)
    {
        _file = new RowGroupFile(output, leaveOpen, rowGroupSize, MaxRowGroupSize);
        int capacity = _file.InitialCapacity;
        _type = new(capacity);
        _eventId = new(capacity);
        _orderId = new(capacity);
        _occurredAt = new(capacity);
        _recordedAt = new(capacity);
        _carrier = new(capacity);
        _distanceKm = new(capacity);
        _expedited = new(capacity);
        _origin = new(capacity);
        _promisedDate = new(capacity);
        _destinationZone = new(capacity);
        _location = new(capacity);
        _warehouse = new(capacity);
        _queueLength = new(capacity);
        _file.Define(Fields, [_type, _eventId, _orderId, _occurredAt, _recordedAt, _carrier, _distanceKm, _expedited, _origin, _promisedDate, _destinationZone, _location, _warehouse, _queueLength]);
    }

    /// <summary>Rows per row group.</summary>
    public int RowGroupSize => _file.RowGroupSize;

    /// <summary>The number of events written so far.</summary>
    public long Count { get; private set; }

    /// <summary>Writes <paramref name="events"/> as a complete Parquet event log at <paramref name="path"/>, replacing any file there.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="events">The events, in the order the rows should have.</param>
    /// <param name="rowGroupSize">Rows per row group.</param>
    /// <returns>The number of events written.</returns>
    /// <exception cref="ArgumentException">An event cannot be written (see the remarks); the file is then incomplete.</exception>
    public static long WriteFile(string path, IEnumerable<ShipmentEvent> events, int rowGroupSize = DefaultRowGroupSize)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(events);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var writer = new ParquetEventWriter(file, leaveOpen: true, rowGroupSize);
        foreach (ShipmentEvent e in events)
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
    public void Write(ShipmentEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        EnsureOpen();
        DateTime occurredAt = ToUtcMicroseconds(e, "occurred_at", e.OccurredAt);
        DateTime recordedAt = ToUtcMicroseconds(e, "recorded_at", e.RecordedAt);
        CheckText(e, "event_id", e.EventId);
        string? orderId = null, carrier = null, origin = null, zone = null, location = null, warehouse = null;
        double? distanceKm = null, queueLength = null;
        bool? expedited = null;
        DateOnly? promisedDate = null;
        switch (e)
        {
            case OrderPlaced placed:
                orderId = placed.OrderId;
                carrier = CheckText(e, "carrier", placed.Carrier);
                distanceKm = CheckFinite(e, "distance_km", placed.DistanceKm);
                expedited = placed.Expedited;
                origin = placed.Origin;
                promisedDate = ToDateOnly(e, placed.PromisedDate);
                zone = placed.DestinationZone.Id;
                break;
            case Scan scan:
                orderId = scan.OrderId;
                location = CheckText(e, "location", scan.Location);
                break;
            case OrderEvent order:
                orderId = order.OrderId;
                break;
            case BacklogMeasured backlog:
                warehouse = backlog.Warehouse;
                queueLength = CheckFinite(e, "queue_length", backlog.QueueLength);
                break;
            default:
                throw new ArgumentException($"Unknown event type {e.GetType().Name}.", nameof(e));
        }

        _type.Add(e.EventType);
        _eventId.Add(e.EventId);
        _orderId.Add(orderId);
        _occurredAt.Add(occurredAt);
        _recordedAt.Add(recordedAt);
        _carrier.Add(carrier);
        _distanceKm.Add(distanceKm);
        _expedited.Add(expedited);
        _origin.Add(origin);
        _promisedDate.Add(promisedDate);
        _destinationZone.Add(zone);
        _location.Add(location);
        _warehouse.Add(warehouse);
        _queueLength.Add(queueLength);
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

    private static DateTime ToUtcMicroseconds(ShipmentEvent e, string field, Instant instant)
        => RowGroupFile.ToUtcMicroseconds(instant) ?? throw new ArgumentException(
            $"{Describe(e)}: {field} {instant} is finer than a microsecond or outside years 1 to 9999, which the Parquet log's timestamps cover; it would be altered.",
            nameof(e));

    private static DateOnly ToDateOnly(ShipmentEvent e, LocalDate date)
    {
        if (date.Calendar != CalendarSystem.Iso || date.Year is < 1 or > 9999)
        {
            throw new ArgumentException($"{Describe(e)}: promised_date {date} is not an ISO date in years 1 to 9999, which a Parquet DATE here covers.", nameof(e));
        }

        return new DateOnly(date.Year, date.Month, date.Day);
    }

    private static string? CheckText(ShipmentEvent e, string field, string? value)
    {
        if (value is not null && string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{Describe(e)}: {field} is blank; the log format requires a non-blank string or none.", nameof(e));
        }

        return value;
    }

    private static double? CheckFinite(ShipmentEvent e, string field, double? value)
    {
        if (value is { } number && !double.IsFinite(number))
        {
            throw new ArgumentException($"{Describe(e)}: {field} is {number}, which is not a finite number.", nameof(e));
        }

        return value;
    }

    private static string Describe(ShipmentEvent e) => e switch
    {
        OrderEvent order => $"{e.EventType} event of order {order.OrderId}",
        BacklogMeasured backlog => $"{e.EventType} event of warehouse {backlog.Warehouse}",
        _ => e.EventType + " event",
    } + (e.EventId is { } id ? $" ({id})" : string.Empty);

    private void EnsureOpen()
    {
        ObjectDisposedException.ThrowIf(_file.IsDisposed, this);
        if (_file.IsCompleted)
        {
            throw new InvalidOperationException("The Parquet event writer is complete; nothing more can be written.");
        }
    }
}

using System;
using System.IO;
using System.Text.Json;
using FeatureContracts.Shipments.Events;
using NodaTime;
using NodaTime.Text;

namespace FeatureContracts.Export.Events;

/// <summary>
/// Writes shipment events as JSON Lines in the log format that <see cref="EventLogReader"/> reads: snake_case,
/// <c>type</c> first, instants in ISO-8601 UTC with <c>Z</c>, <c>recorded_at</c> always explicit. The output is
/// canonical: the same events give the same bytes.
/// </summary>
public sealed class EventLogWriter : IDisposable
{
    private static readonly byte[] NewLine = [(byte)'\n'];
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly Utf8JsonWriter _json;

    /// <summary>Creates a writer over <paramref name="utf8"/>.</summary>
    /// <param name="utf8">The stream to write to.</param>
    /// <param name="leaveOpen">Whether disposing the writer leaves the stream open.</param>
    public EventLogWriter(Stream utf8, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(utf8);
        _stream = utf8;
        _leaveOpen = leaveOpen;
        _json = new Utf8JsonWriter(utf8, new JsonWriterOptions { SkipValidation = true });
    }

    /// <summary>Writes one event as one line.</summary>
    public void Write(ShipmentEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        _json.Reset();
        _json.WriteStartObject();
        _json.WriteString("type", e.EventType);
        if (e.EventId is { } id)
        {
            _json.WriteString("event_id", id);
        }

        switch (e)
        {
            case OrderPlaced placed:
                _json.WriteString("order_id", placed.OrderId);
                WriteInstants(e);
                WriteNullable("carrier", placed.Carrier);
                if (placed.DistanceKm is { } km)
                {
                    _json.WriteNumber("distance_km", km);
                }
                else
                {
                    _json.WriteNull("distance_km");
                }

                if (placed.Expedited is { } expedited)
                {
                    _json.WriteBoolean("expedited", expedited);
                }

                _json.WriteString("origin", placed.Origin);
                _json.WriteString("promised_date", LocalDatePattern.Iso.Format(placed.PromisedDate));
                _json.WriteString("destination_zone", placed.DestinationZone.Id);
                break;
            case Scan scan:
                _json.WriteString("order_id", scan.OrderId);
                WriteInstants(e);
                if (scan.Location is { } location)
                {
                    _json.WriteString("location", location);
                }

                break;
            case OrderEvent order:
                _json.WriteString("order_id", order.OrderId);
                WriteInstants(e);
                break;
            case BacklogMeasured backlog:
                _json.WriteString("warehouse", backlog.Warehouse);
                WriteInstants(e);
                _json.WriteNumber("queue_length", backlog.QueueLength);
                break;
            default:
                throw new ArgumentException($"Unknown event type {e.GetType().Name}.", nameof(e));
        }

        _json.WriteEndObject();
        _json.Flush();
        _stream.Write(NewLine);
    }

    /// <summary>Flushes buffered output.</summary>
    public void Flush() => _stream.Flush();

    /// <inheritdoc />
    public void Dispose()
    {
        _json.Dispose();
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    /// <summary>Formats an instant the way the log writes it.</summary>
    internal static string Format(Instant instant) => Text.IsoInstant.Format(instant);

    private void WriteInstants(ShipmentEvent e)
    {
        _json.WriteString("occurred_at", Format(e.OccurredAt));
        _json.WriteString("recorded_at", Format(e.RecordedAt));
    }

    private void WriteNullable(string name, string? value)
    {
        if (value is null)
        {
            _json.WriteNull(name);
        }
        else
        {
            _json.WriteString(name, value);
        }
    }
}

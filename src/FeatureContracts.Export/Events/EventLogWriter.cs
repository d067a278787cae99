using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using FeatureContracts.Domains;
using NodaTime;
using NodaTime.Text;

namespace FeatureContracts.Export.Events;

/// <summary>
/// Writes a domain's events as JSON Lines in the log format that <see cref="EventLogReader"/> reads back to equal
/// events, driven by the domain's <see cref="EventSchema"/> alone: snake_case, <c>type</c> first, then
/// <c>event_id</c> when there is one, the type's key fields, <c>occurred_at</c> and <c>recorded_at</c> (ISO-8601 UTC
/// with <c>Z</c>, <c>recorded_at</c> always explicit), then its other fields in the order the schema declares them. A
/// field without a value is written as <c>null</c>, or left out where the field is
/// <see cref="FieldPresence.Optional"/>. Numbers are written in shortest round-trip form, dates as <c>yyyy-MM-dd</c>,
/// time zones by their id. The output is canonical: the same events give the same bytes. Not thread-safe.
/// </summary>
public sealed class EventLogWriter : IDisposable
{
    private static readonly byte[] NewLine = [(byte)'\n'];
    private readonly EventSchema _schema;
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly Utf8JsonWriter _json;
    private readonly Dictionary<EventTypeSchema, EventFieldValue[]> _values = [];

    /// <summary>Creates a writer of events of <paramref name="schema"/> over <paramref name="utf8"/>.</summary>
    /// <param name="schema">The domain's event schema.</param>
    /// <param name="utf8">The stream to write to.</param>
    /// <param name="leaveOpen">Whether disposing the writer leaves the stream open.</param>
    public EventLogWriter(EventSchema schema, Stream utf8, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(utf8);
        _schema = schema;
        _stream = utf8;
        _leaveOpen = leaveOpen;
        _json = new Utf8JsonWriter(utf8, new JsonWriterOptions { SkipValidation = true });
    }

    /// <summary>Writes one event as one line.</summary>
    /// <exception cref="ArgumentException">
    /// The event's class is not declared by the schema, or a required field of it has no value or a value the log cannot
    /// hold (blank text, a non-finite number); nothing of it is written.
    /// </exception>
    public void Write(DomainEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        EventTypeSchema type = _schema.TypeOf(e);
        if (!_values.TryGetValue(type, out EventFieldValue[]? values))
        {
            _values[type] = values = new EventFieldValue[type.Fields.Length];
        }

        EventLineRules.ReadValuesToWrite(type, e, values);
        _json.Reset();
        _json.WriteStartObject();
        _json.WriteString("type", type.Name);
        if (e.EventId is { } id)
        {
            _json.WriteString("event_id", id);
        }

        for (int i = 0; i < values.Length; i++)
        {
            if (type.Fields[i].IsKey)
            {
                WriteField(type.Fields[i], values[i]);
            }
        }

        _json.WriteString("occurred_at", Format(e.OccurredAt));
        _json.WriteString("recorded_at", Format(e.RecordedAt));
        for (int i = 0; i < values.Length; i++)
        {
            if (!type.Fields[i].IsKey)
            {
                WriteField(type.Fields[i], values[i]);
            }
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

    private void WriteField(EventFieldSchema field, EventFieldValue value)
    {
        if (!value.HasValue)
        {
            if (field.Presence != FieldPresence.Optional)
            {
                _json.WriteNull(field.Name);
            }

            return;
        }

        switch (value.Type)
        {
            case EventFieldType.Text:
                _json.WriteString(field.Name, value.Text);
                break;
            case EventFieldType.Number:
                _json.WriteNumber(field.Name, value.Number!.Value);
                break;
            case EventFieldType.Boolean:
                _json.WriteBoolean(field.Name, value.Boolean!.Value);
                break;
            case EventFieldType.Date:
                _json.WriteString(field.Name, LocalDatePattern.Iso.Format(value.Date!.Value));
                break;
            default:
                _json.WriteString(field.Name, value.Zone!.Id);
                break;
        }
    }
}

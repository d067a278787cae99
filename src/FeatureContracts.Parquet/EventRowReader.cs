using System;
using System.Collections.Generic;
using System.Globalization;
using FeatureContracts.Domains;
using FeatureContracts.Rows;
using FeatureContracts.Export.Events;
using NodaTime;

namespace FeatureContracts.Parquet;

/// <summary>
/// Checks one row of a Parquet event log with the rules of the log's <see cref="EventSchema"/> and the value rules
/// every reader shares (<see cref="EventLineRules"/>), and builds its event, or reports the row's first problem. A
/// column's null is an absent field; a column the file lacks is absent in every row. One per enumeration; not
/// thread-safe.
/// </summary>
internal sealed class EventRowReader(EventColumns columns, IDateTimeZoneProvider zones, bool rejectUnknownFields)
{
    private readonly Dictionary<string, DateTimeZone?> _zones = new(StringComparer.Ordinal);
    private readonly Dictionary<EventTypeSchema, EventFieldValue[]> _values = [];
    private readonly EventLogFields _fields = columns.Fields;
    private long _lineNumber;

    /// <summary>Checks <paramref name="row"/> of the current row group, which is row <paramref name="lineNumber"/> of the file.</summary>
    public EventLine Read(int row, long lineNumber)
    {
        _lineNumber = lineNumber;
        var type = (TextColumn)columns[EventColumns.TypeSlot]!;
        if (type[row] is not { } typeName)
        {
            return Reject(EventColumns.TypeSlot, LineRejectionCode.MissingField, $"The required field \"type\" is null; it names the event type: {_fields.Schema.TypeList}.");
        }

        if (_fields.TypeNamed(typeName) is not { } entry)
        {
            return EventLine.Rejected(EventLineRules.UnknownType(lineNumber, _fields.Schema, Quote(typeName)));
        }

        if (rejectUnknownFields && HasUnknownField(entry, row, out EventLine rejected))
        {
            return rejected;
        }

        if (!TryInstant(EventColumns.OccurredAtSlot, row, required: true, out Instant? occurred, out string? occurredText, out rejected)
            || !TryInstant(EventColumns.RecordedAtSlot, row, required: false, out Instant? recorded, out string? recordedText, out rejected))
        {
            return rejected;
        }

        Instant occurredAt = occurred!.Value;
        if (recorded < occurredAt)
        {
            return EventLine.Rejected(EventLineRules.RecordedBeforeOccurred(lineNumber, recordedText!, occurredText!));
        }

        if (!TryText(EventColumns.EventIdSlot, FieldPresence.Optional, row, out string? eventId, out rejected))
        {
            return rejected;
        }

        EventTypeSchema eventType = entry;
        if (!_values.TryGetValue(eventType, out EventFieldValue[]? values))
        {
            _values[eventType] = values = new EventFieldValue[eventType.Fields.Length];
        }

        for (int i = 0; i < values.Length; i++)
        {
            if (!TryField(eventType.Fields[i], entry.Slots[i], row, out values[i], out rejected))
            {
                return rejected;
            }
        }

        return EventLineRules.Create(lineNumber, eventType, occurredAt, recorded, eventId, values);
    }

    private static string Quote(string text) => EventLineRules.Quote(text);

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private bool TryField(EventFieldSchema field, int slot, int row, out EventFieldValue value, out EventLine rejected)
    {
        bool ok;
        switch (field.Type)
        {
            case EventFieldType.Text:
                ok = TryText(slot, field.Presence, row, out string? text, out rejected);
                value = ok ? EventFieldValue.OfText(text) : default;
                return ok;
            case EventFieldType.Number:
                ok = TryNumber(slot, field.Presence, row, out double? number, out rejected);
                value = ok ? EventFieldValue.OfNumber(number) : default;
                return ok;
            case EventFieldType.Boolean:
                EventColumn? column = columns[slot];
                bool? flag = (column as BooleanColumn)?[row];
                rejected = default;
                ok = flag is not null || IsNone(slot, field.Presence, column, out rejected);
                value = ok ? EventFieldValue.OfBoolean(flag) : default;
                return ok;
            case EventFieldType.Date:
                ok = TryDate(slot, field.Presence, row, out LocalDate? date, out rejected);
                value = ok ? EventFieldValue.OfDate(date) : default;
                return ok;
            default:
                ok = TryZone(slot, field.Presence, row, out DateTimeZone? zone, out rejected);
                value = ok ? EventFieldValue.OfZone(zone) : default;
                return ok;
        }
    }

    /// <summary>
    /// Whether a field whose value is null (or whose column the file lacks) is none: always for an optional field, for a
    /// nullable one only when the file has its column; otherwise it is missing.
    /// </summary>
    private bool IsNone(int slot, FieldPresence presence, EventColumn? column, out EventLine rejected)
    {
        rejected = default;
        return presence switch
        {
            FieldPresence.Optional => true,
            FieldPresence.Nullable when column is not null => true,
            _ => Missing(slot, column is null, out rejected),
        };
    }

    /// <summary>The first column, in schema order, that holds a value the row's event type does not have.</summary>
    private bool HasUnknownField(EventTypeSchema entry, int row, out EventLine rejected)
    {
        foreach (EventColumn column in columns.InSchemaOrder)
        {
            if ((column.Slot is not { } slot || !entry.Allows(slot)) && !column.IsNull(row))
            {
                rejected = EventLine.Rejected(new LineRejection(
                    _lineNumber,
                    column.Name,
                    LineRejectionCode.UnknownField,
                    $"{Quote(column.Name)} is not a field of a {entry.Name} event, but this row has a value in it, and this reader rejects unknown fields."));
                return true;
            }
        }

        rejected = default;
        return false;
    }

    private bool TryText(int slot, FieldPresence presence, int row, out string? value, out EventLine rejected)
    {
        value = null;
        var column = (TextColumn?)columns[slot];
        string? text = column?[row];
        if (text is null)
        {
            return IsNone(slot, presence, column, out rejected);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            rejected = EventLine.Rejected(EventLineRules.InvalidText(_lineNumber, _fields.Names[slot], presence, Quote(text)));
            return false;
        }

        rejected = default;
        value = text;
        return true;
    }

    private bool TryNumber(int slot, FieldPresence presence, int row, out double? value, out EventLine rejected)
    {
        rejected = default;
        var column = (NumberColumn?)columns[slot];
        value = column?[row];
        if (value is not { } number)
        {
            return IsNone(slot, presence, column, out rejected);
        }

        if (!double.IsFinite(number))
        {
            value = null;
            rejected = EventLine.Rejected(EventLineRules.NotFinite(_lineNumber, _fields.Names[slot], Number(number)));
            return false;
        }

        return true;
    }

    /// <summary>Reads a timestamp; <paramref name="text"/> is its value as written, for reasons.</summary>
    private bool TryInstant(int slot, int row, bool required, out Instant? value, out string? text, out EventLine rejected)
    {
        value = null;
        text = null;
        rejected = default;
        string name = _fields.Names[slot];
        switch (columns[slot])
        {
            case InstantColumn instants when instants.Raw(row) is { } raw:
                if (!instants.TryInstant(raw, out Instant instant))
                {
                    rejected = Reject(
                        slot,
                        LineRejectionCode.InvalidTimestamp,
                        string.Create(CultureInfo.InvariantCulture, $"{name} ({raw} {instants.UnitName} since 1970-01-01T00:00:00Z) is outside the range of instants that can be represented."));
                    return false;
                }

                text = RowCodec.FormatInstant(instant);
                if (!EventLineRules.TryPlausible(_lineNumber, name, instant, text, out LineRejection? implausible))
                {
                    rejected = EventLine.Rejected(implausible);
                    return false;
                }

                value = instant;
                return true;
            case TextColumn strings when strings[row] is { } written:
                text = Quote(written);
                if (EventLineRules.TryInstant(_lineNumber, name, written, text, out Instant parsed, out LineRejection? problem))
                {
                    value = parsed;
                    return true;
                }

                rejected = EventLine.Rejected(problem);
                return false;

            case var column:
                return !required || Missing(slot, column is null, out rejected);
        }
    }

    private bool TryDate(int slot, FieldPresence presence, int row, out LocalDate? value, out EventLine rejected)
    {
        value = null;
        rejected = default;
        string name = _fields.Names[slot];
        switch (columns[slot])
        {
            case DateColumn dates when dates.Raw(row) is { } days:
                if (DateColumn.TryDate(days, out LocalDate date))
                {
                    value = date;
                    return true;
                }

                rejected = Reject(
                    slot,
                    LineRejectionCode.InvalidDate,
                    string.Create(CultureInfo.InvariantCulture, $"{name} (day {days} since 1970-01-01) is outside the range of dates that can be represented."));
                return false;
            case TextColumn strings when strings[row] is { } written:
                if (EventLineRules.TryDate(_lineNumber, name, written, Quote(written), out LocalDate parsed, out LineRejection? problem))
                {
                    value = parsed;
                    return true;
                }

                rejected = EventLine.Rejected(problem);
                return false;
            case var column:
                return IsNone(slot, presence, column, out rejected);
        }
    }

    private bool TryZone(int slot, FieldPresence presence, int row, out DateTimeZone? zone, out EventLine rejected)
    {
        zone = null;
        var column = (TextColumn?)columns[slot];
        if (column?[row] is not { } id)
        {
            return IsNone(slot, presence, column, out rejected);
        }

        if (!_zones.TryGetValue(id, out zone))
        {
            zone = zones.GetZoneOrNull(id);
            if (_zones.Count < 4096)
            {
                _zones[id] = zone;
            }
        }

        if (zone is not null)
        {
            rejected = default;
            return true;
        }

        rejected = EventLine.Rejected(EventLineRules.UnknownTimeZone(_lineNumber, _fields.Names[slot], Quote(id)));
        return false;
    }

    /// <summary>Reports a required field as missing; always <see langword="false"/>.</summary>
    private bool Missing(int slot, bool noColumn, out EventLine rejected)
    {
        string name = _fields.Names[slot];
        rejected = Reject(
            slot,
            LineRejectionCode.MissingField,
            noColumn
                ? $"The required field \"{name}\" is absent: the file has no column \"{name}\"."
                : $"The required field \"{name}\" is null; in a Parquet log a null is an absent field.");
        return false;
    }

    private EventLine Reject(int slot, LineRejectionCode code, string reason)
        => EventLine.Rejected(new LineRejection(_lineNumber, _fields.Names[slot], code, reason));
}

using System.Globalization;
using FeatureContracts.Export.Events;
using FeatureContracts.Export.Text;
using NodaTime;

namespace FeatureContracts.Parquet;

/// <summary>
/// Checks one row of a Parquet event log with the rules of the log format (<see cref="EventSchema"/>, shared with
/// <see cref="EventLogReader"/>) and builds its event, or reports the row's first problem. A column's null is an
/// absent field; a column the file lacks is absent in every row. One per enumeration; not thread-safe.
/// </summary>
internal sealed class EventRowReader(EventColumns columns, IDateTimeZoneProvider zones, bool rejectUnknownFields)
{
    private const int QuoteChars = 64;

    private readonly Utf8StringCache _zoneCache = new();
    private long _lineNumber;

    /// <summary>Checks <paramref name="row"/> of the current row group, which is row <paramref name="lineNumber"/> of the file.</summary>
    public EventLine Read(int row, long lineNumber)
    {
        _lineNumber = lineNumber;
        var type = (TextColumn)columns[EventField.Type]!;
        if (type[row] is not { } typeName)
        {
            return Reject(EventField.Type, LineRejectionCode.MissingField, $"The required field \"type\" is null; it names the event type: {EventSchema.TypeList}.");
        }

        if (!EventSchema.TryParseKind(typeName, out EventKind kind))
        {
            return Reject(EventField.Type, LineRejectionCode.UnknownType, $"type {Quote(typeName)} is not an event type; expected {EventSchema.TypeList}.");
        }

        if (rejectUnknownFields && HasUnknownField(kind, row, out EventLine rejected))
        {
            return rejected;
        }

        if (!TryInstant(EventField.OccurredAt, row, required: true, out Instant? occurred, out string? occurredText, out rejected)
            || !TryInstant(EventField.RecordedAt, row, required: false, out Instant? recorded, out string? recordedText, out rejected))
        {
            return rejected;
        }

        Instant occurredAt = occurred!.Value;
        if (recorded < occurredAt)
        {
            return Reject(
                EventField.RecordedAt,
                LineRejectionCode.RecordedBeforeOccurred,
                $"recorded_at {recordedText} is earlier than occurred_at {occurredText}; a fact cannot be known before it happens.");
        }

        if (!TryText(EventField.EventId, FieldRule.OptionalText, row, out string? eventId, out rejected))
        {
            return rejected;
        }

        var values = default(EventValues);
        foreach (FieldSpec spec in EventSchema.FieldsOf(kind))
        {
            if (!TryField(spec, row, ref values, out rejected))
            {
                return rejected;
            }
        }

        return EventLine.Accepted(lineNumber, EventSchema.Create(kind, occurredAt, recorded, eventId, values));
    }

    private static string Quote(string text)
    {
        if (text.Length <= QuoteChars)
        {
            return "\"" + text + "\"";
        }

        int length = char.IsHighSurrogate(text[QuoteChars - 1]) ? QuoteChars - 1 : QuoteChars;
        return "\"" + text[..length] + "...\"";
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private bool TryField(FieldSpec spec, int row, ref EventValues values, out EventLine rejected)
    {
        switch (spec.Rule)
        {
            case FieldRule.RequiredText:
            case FieldRule.NullableText:
            case FieldRule.OptionalText:
                if (!TryText(spec.Field, spec.Rule, row, out string? text, out rejected))
                {
                    return false;
                }

                values.SetText(spec.Field, text);
                return true;
            case FieldRule.NullableNumber:
            case FieldRule.RequiredNumber:
                if (!TryNumber(spec.Field, spec.Rule, row, out double? number, out rejected))
                {
                    return false;
                }

                values.SetNumber(spec.Field, number);
                return true;
            case FieldRule.OptionalBoolean:
                rejected = default;
                values.Expedited = (columns[spec.Field] as BooleanColumn)?[row];
                return true;
            case FieldRule.Date:
                return TryDate(spec.Field, row, out values.PromisedDate, out rejected);
            default:
                return TryZone(spec.Field, row, out values.DestinationZone, out rejected);
        }
    }

    /// <summary>The first column, in schema order, that holds a value the row's event type does not have.</summary>
    private bool HasUnknownField(EventKind kind, int row, out EventLine rejected)
    {
        foreach (EventColumn column in columns.InSchemaOrder)
        {
            if ((column.Field is not { } field || !EventSchema.Allows(kind, field)) && !column.IsNull(row))
            {
                rejected = EventLine.Rejected(new LineRejection(
                    _lineNumber,
                    column.Name,
                    LineRejectionCode.UnknownField,
                    $"{Quote(column.Name)} is not a field of a {EventSchema.TypeNameOf(kind)} event, but this row has a value in it, and this reader rejects unknown fields."));
                return true;
            }
        }

        rejected = default;
        return false;
    }

    private bool TryText(EventField field, FieldRule rule, int row, out string? value, out EventLine rejected)
    {
        value = null;
        rejected = default;
        var column = (TextColumn?)columns[field];
        string? text = column?[row];
        if (text is null)
        {
            return rule switch
            {
                FieldRule.OptionalText => true,
                FieldRule.NullableText when column is not null => true,
                _ => Missing(field, column is null, out rejected),
            };
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            string expected = rule == FieldRule.RequiredText ? "a non-blank string" : "a non-blank string or null";
            rejected = Reject(field, LineRejectionCode.InvalidValue, $"{EventSchema.NameOf(field)} must be {expected}, but is {Quote(text)}.");
            return false;
        }

        value = text;
        return true;
    }

    private bool TryNumber(EventField field, FieldRule rule, int row, out double? value, out EventLine rejected)
    {
        rejected = default;
        var column = (NumberColumn?)columns[field];
        value = column?[row];
        if (value is not { } number)
        {
            return (rule == FieldRule.NullableNumber && column is not null) || Missing(field, column is null, out rejected);
        }

        if (!double.IsFinite(number))
        {
            value = null;
            rejected = Reject(field, LineRejectionCode.NotFinite, $"{EventSchema.NameOf(field)} is {Number(number)}, which is not a finite number.");
            return false;
        }

        return true;
    }

    /// <summary>Reads a timestamp; <paramref name="text"/> is its value as written, for reasons.</summary>
    private bool TryInstant(EventField field, int row, bool required, out Instant? value, out string? text, out EventLine rejected)
    {
        value = null;
        text = null;
        rejected = default;
        string name = EventSchema.NameOf(field);
        switch (columns[field])
        {
            case InstantColumn instants when instants.Raw(row) is { } raw:
                if (!instants.TryInstant(raw, out Instant instant))
                {
                    rejected = Reject(
                        field,
                        LineRejectionCode.InvalidTimestamp,
                        string.Create(CultureInfo.InvariantCulture, $"{name} ({raw} {instants.UnitName} since 1970-01-01T00:00:00Z) is outside the range of instants that can be represented."));
                    return false;
                }

                value = instant;
                text = IsoInstant.Format(instant);
                return true;
            case TextColumn strings when strings[row] is { } written:
                text = Quote(written);
                TimestampStatus status = IsoText.ParseInstant(written, out Instant parsed);
                if (status == TimestampStatus.Valid)
                {
                    value = parsed;
                    return true;
                }

                (LineRejectionCode code, string reason) = IsoText.Problem(status, name, text);
                rejected = Reject(field, code, reason);
                return false;

            case var column:
                return !required || Missing(field, column is null, out rejected);
        }
    }

    private bool TryDate(EventField field, int row, out LocalDate value, out EventLine rejected)
    {
        value = default;
        rejected = default;
        string name = EventSchema.NameOf(field);
        switch (columns[field])
        {
            case DateColumn dates when dates.Raw(row) is { } days:
                if (DateColumn.TryDate(days, out value))
                {
                    return true;
                }

                rejected = Reject(
                    field,
                    LineRejectionCode.InvalidDate,
                    string.Create(CultureInfo.InvariantCulture, $"{name} (day {days} since 1970-01-01) is outside the range of dates that can be represented."));
                return false;
            case TextColumn strings when strings[row] is { } written:
                if (IsoText.TryParseDate(written, out value))
                {
                    return true;
                }

                rejected = Reject(field, LineRejectionCode.InvalidDate, $"{name} {Quote(written)} is not an ISO-8601 calendar date (yyyy-MM-dd).");
                return false;
            case var column:
                return Missing(field, column is null, out rejected);
        }
    }

    private bool TryZone(EventField field, int row, out DateTimeZone? zone, out EventLine rejected)
    {
        zone = null;
        rejected = default;
        var column = (TextColumn?)columns[field];
        if (column?[row] is not { } id)
        {
            return Missing(field, column is null, out rejected);
        }

        zone = _zoneCache.Zone(zones, id);
        if (zone is not null)
        {
            return true;
        }

        rejected = Reject(field, LineRejectionCode.UnknownTimeZone, $"{EventSchema.NameOf(field)} {Quote(id)} is not a known IANA time zone id (such as \"Europe/Berlin\").");
        return false;
    }

    /// <summary>Reports a required field as missing; always <see langword="false"/>.</summary>
    private bool Missing(EventField field, bool noColumn, out EventLine rejected)
    {
        string name = EventSchema.NameOf(field);
        rejected = Reject(
            field,
            LineRejectionCode.MissingField,
            noColumn
                ? $"The required field \"{name}\" is absent: the file has no column \"{name}\"."
                : $"The required field \"{name}\" is null; in a Parquet log a null is an absent field.");
        return false;
    }

    private EventLine Reject(EventField field, LineRejectionCode code, string reason)
        => EventLine.Rejected(new LineRejection(_lineNumber, EventSchema.NameOf(field), code, reason));
}

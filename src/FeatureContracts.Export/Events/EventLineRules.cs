using System;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using FeatureContracts.Rows;
using FeatureContracts.Domains;
using NodaTime;

namespace FeatureContracts.Export.Events;

/// <summary>
/// The rules every reader of an event log applies to a line's values, whatever the format's encoding (the JSON Lines
/// <see cref="EventLogReader"/>, the Parquet event source, a reader of your own), each with the rejection it gives: the
/// same bad value is rejected with the same code and in the same words in every format. The domain's
/// <see cref="EventSchema"/> says which rule applies to which field; a reader decodes a value and asks here.
/// </summary>
/// <remarks>
/// A reason quotes the offending value as the line wrote it (<c>written</c>): JSON text for a JSON log, the value in
/// double quotes (<see cref="Quote"/>) for a format whose values are typed.
/// </remarks>
public static class EventLineRules
{
    /// <summary>How many characters of a value a reason quotes; a longer value is cut and ends in <c>...</c>.</summary>
    public const int QuotedCharacters = 64;

    /// <summary>
    /// The instants an event log (<c>occurred_at</c>, <c>recorded_at</c>) or a points file (<c>prediction_time</c>) may
    /// hold: from 1900-01-01T00:00:00Z (included) to 2200-01-01T00:00:00Z (excluded). Every reader checks its instants
    /// here (<see cref="TryPlausible"/>), whatever the format, and every writer refuses an event outside it.
    /// </summary>
    /// <remarks>
    /// The range is wide enough for any fact a feature can be built from (no order, payment or scan is dated before
    /// 1900, and 2200 leaves room for dates planned far ahead) and narrow enough to catch the usual placeholders and
    /// corruptions: year 1 (<c>DateTime.MinValue</c>), year 0 and negative years, 9999-12-31 (<c>DateTime.MaxValue</c>),
    /// and a Unix time read in the wrong unit (milliseconds taken for seconds land in the year 50,000 and beyond). It
    /// lies well inside what every format holds: Parquet timestamps in nanoseconds cover 1677 to 2262.
    /// </remarks>
    public static Interval PlausibleInstants { get; } = new(Instant.FromUtc(1900, 1, 1, 0, 0), Instant.FromUtc(2200, 1, 1, 0, 0));

    /// <summary>
    /// Checks that <paramref name="instant"/> is in <see cref="PlausibleInstants"/>; outside it, the rejection is
    /// <see cref="LineRejectionCode.TimestampOutOfRange"/>, naming the field.
    /// </summary>
    /// <param name="lineNumber">The 1-based line (or row) number.</param>
    /// <param name="field">The field's name.</param>
    /// <param name="instant">The instant read.</param>
    /// <param name="written">The value as the line wrote it, quoted.</param>
    /// <param name="rejection">The rejection, when out of range.</param>
    public static bool TryPlausible(long lineNumber, string field, Instant instant, string written, [NotNullWhen(false)] out LineRejection? rejection)
    {
        if (PlausibleInstants.Contains(instant))
        {
            rejection = null;
            return true;
        }

        rejection = new LineRejection(lineNumber, field, LineRejectionCode.TimestampOutOfRange, $"{field} {written} {OutOfRangePhrase}");
        return false;
    }

    /// <summary>What an instant outside <see cref="PlausibleInstants"/> is, after its field and value.</summary>
    internal static string OutOfRangePhrase
        => $"is outside the plausible range of instants, {RowCodec.FormatInstant(PlausibleInstants.Start)} (included) to {RowCodec.FormatInstant(PlausibleInstants.End)} (excluded); it is a placeholder or a corrupted value, not a time something happened.";

    /// <summary>A text value as reasons quote it: in double quotes, cut to <see cref="QuotedCharacters"/> characters.</summary>
    public static string Quote(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return "\"" + Cut(text, alreadyCut: false) + "\"";
    }

    /// <summary>The rejection of a <c>type</c> that names none of <paramref name="schema"/>'s event types.</summary>
    /// <param name="lineNumber">The 1-based line (or row) number.</param>
    /// <param name="schema">The schema of the log.</param>
    /// <param name="written">The <c>type</c> as the line wrote it, quoted.</param>
    public static LineRejection UnknownType(long lineNumber, EventSchema schema, string written)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return new LineRejection(lineNumber, "type", LineRejectionCode.UnknownType, $"type {written} is not an event type; expected {schema.TypeList}.");
    }

    /// <summary>The rejection of a <c>recorded_at</c> earlier than its <c>occurred_at</c>: a fact cannot be known before it happens.</summary>
    /// <param name="lineNumber">The 1-based line (or row) number.</param>
    /// <param name="recordedWritten"><c>recorded_at</c> as the line wrote it, quoted.</param>
    /// <param name="occurredWritten"><c>occurred_at</c> as the line wrote it, quoted.</param>
    public static LineRejection RecordedBeforeOccurred(long lineNumber, string recordedWritten, string occurredWritten)
        => new(
            lineNumber,
            "recorded_at",
            LineRejectionCode.RecordedBeforeOccurred,
            $"recorded_at {recordedWritten} is earlier than occurred_at {occurredWritten}; a fact cannot be known before it happens.");

    /// <summary>
    /// Reads a timestamp given as text: ISO-8601 with <c>Z</c> or an explicit offset (NodaTime's extended ISO pattern,
    /// fractional seconds allowed). Without an offset it names no instant (<see cref="LineRejectionCode.TimestampWithoutOffset"/>);
    /// anything else unreadable, or outside the range of instants NodaTime represents, is
    /// <see cref="LineRejectionCode.InvalidTimestamp"/>; an instant outside <see cref="PlausibleInstants"/> is
    /// <see cref="LineRejectionCode.TimestampOutOfRange"/>.
    /// </summary>
    /// <param name="lineNumber">The 1-based line (or row) number.</param>
    /// <param name="field">The field's name.</param>
    /// <param name="text">The timestamp's text.</param>
    /// <param name="written">The value as the line wrote it, quoted.</param>
    /// <param name="instant">The instant, when readable.</param>
    /// <param name="rejection">The rejection, when not.</param>
    public static bool TryInstant(long lineNumber, string field, string text, string written, out Instant instant, [NotNullWhen(false)] out LineRejection? rejection)
    {
        ArgumentNullException.ThrowIfNull(text);
        InstantTextStatus status = IsoText.ParseInstant(text, out instant);
        if (status == InstantTextStatus.Valid)
        {
            return TryPlausible(lineNumber, field, instant, written, out rejection);
        }

        (LineRejectionCode code, string reason) = status switch
        {
            InstantTextStatus.WithoutOffset => (
                LineRejectionCode.TimestampWithoutOffset,
                $"{field} {written} has no Z or explicit offset, so it names no instant; write e.g. \"2026-05-01T09:00:00Z\" or \"2026-05-01T11:00:00+02:00\"."),
            InstantTextStatus.OutOfRange => (LineRejectionCode.InvalidTimestamp, $"{field} {written} is outside the range of instants that can be represented."),
            _ => (LineRejectionCode.InvalidTimestamp, $"{field} {written} is not an ISO-8601 timestamp with Z or an offset, such as \"2026-05-01T09:00:00Z\"."),
        };
        rejection = new LineRejection(lineNumber, field, code, reason);
        return false;
    }

    /// <summary>Reads a calendar date given as text: ISO-8601 <c>yyyy-MM-dd</c>; anything else is <see cref="LineRejectionCode.InvalidDate"/>.</summary>
    /// <param name="lineNumber">The 1-based line (or row) number.</param>
    /// <param name="field">The field's name.</param>
    /// <param name="text">The date's text.</param>
    /// <param name="written">The value as the line wrote it, quoted.</param>
    /// <param name="date">The date, when readable.</param>
    /// <param name="rejection">The rejection, when not.</param>
    public static bool TryDate(long lineNumber, string field, string text, string written, out LocalDate date, [NotNullWhen(false)] out LineRejection? rejection)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (IsoText.TryParseDate(text, out date))
        {
            rejection = null;
            return true;
        }

        rejection = new LineRejection(lineNumber, field, LineRejectionCode.InvalidDate, $"{field} {written} is not an ISO-8601 calendar date (yyyy-MM-dd).");
        return false;
    }

    /// <summary>The rejection of a time zone id the reader's zone provider does not know.</summary>
    /// <param name="lineNumber">The 1-based line (or row) number.</param>
    /// <param name="field">The field's name.</param>
    /// <param name="written">The id as the line wrote it, quoted.</param>
    public static LineRejection UnknownTimeZone(long lineNumber, string field, string written)
        => new(lineNumber, field, LineRejectionCode.UnknownTimeZone, $"{field} {written} is not a known IANA time zone id (such as \"Europe/Berlin\").");

    /// <summary>The rejection of a number that is NaN or infinite (or overflows to infinity).</summary>
    /// <param name="lineNumber">The 1-based line (or row) number.</param>
    /// <param name="field">The field's name.</param>
    /// <param name="written">The number as the line wrote it.</param>
    public static LineRejection NotFinite(long lineNumber, string field, string written)
        => new(lineNumber, field, LineRejectionCode.NotFinite, $"{field} is {written}, which is not a finite number.");

    /// <summary>
    /// The rejection of a text field's value that is not usable text: blank (empty or only white space), or, in a format
    /// whose values carry a type, not text at all.
    /// </summary>
    /// <param name="lineNumber">The 1-based line (or row) number.</param>
    /// <param name="field">The field's name.</param>
    /// <param name="presence">The field's presence rule: a field that may be none says so.</param>
    /// <param name="written">The value as the line wrote it, quoted.</param>
    public static LineRejection InvalidText(long lineNumber, string field, FieldPresence presence, string written)
        => new(
            lineNumber,
            field,
            LineRejectionCode.InvalidValue,
            $"{field} must be {(presence == FieldPresence.Required ? "a non-blank string" : "a non-blank string or null")}, but is {written}.");

    /// <summary>
    /// Creates the event of <paramref name="type"/> from values that passed every field's rule, or, when the domain's
    /// record refuses them (its constructor throws <see cref="ArgumentException"/>), rejects the line as
    /// <see cref="LineRejectionCode.InvalidValue"/> with the record's message, naming the field where the message's
    /// parameter is one. A reader never throws for such a line.
    /// </summary>
    /// <param name="lineNumber">The 1-based line (or row) number.</param>
    /// <param name="type">The event type.</param>
    /// <param name="occurredAt">When the event happened.</param>
    /// <param name="recordedAt">When it was recorded, if the line said so; not before <paramref name="occurredAt"/>.</param>
    /// <param name="eventId">The event's id, if any.</param>
    /// <param name="values">One value per field of <see cref="EventTypeSchema.Fields"/>, in order.</param>
    public static EventLine Create(long lineNumber, EventTypeSchema type, Instant occurredAt, Instant? recordedAt, string? eventId, EventFieldValue[] values)
    {
        ArgumentNullException.ThrowIfNull(type);
        try
        {
            return EventLine.Accepted(lineNumber, type.Create(occurredAt, recordedAt, eventId, values));
        }
        catch (ArgumentException e)
        {
            return EventLine.Rejected(new LineRejection(
                lineNumber,
                FieldOf(type, e.ParamName),
                LineRejectionCode.InvalidValue,
                $"The {type.Name} event refuses the line's values: {WithoutParameter(e)}"));
        }
    }

    /// <summary>
    /// The values of <paramref name="domainEvent"/>'s fields, one per field of <paramref name="type"/>, as a writer of any
    /// format writes them; an event a reader would not give back is refused: an <c>occurred_at</c> or <c>recorded_at</c>
    /// outside <see cref="PlausibleInstants"/>, a required field without a value, blank text (an <c>event_id</c>
    /// included), a number that is not finite.
    /// </summary>
    /// <param name="type">The event's type.</param>
    /// <param name="domainEvent">An event of that type.</param>
    /// <exception cref="ArgumentException">The event cannot be written; the message names the event and the field.</exception>
    public static EventFieldValue[] ValuesToWrite(EventTypeSchema type, DomainEvent domainEvent)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(domainEvent);
        var values = new EventFieldValue[type.Fields.Length];
        ReadValuesToWrite(type, domainEvent, values);
        return values;
    }

    /// <summary>Fills <paramref name="values"/> as <see cref="ValuesToWrite"/> returns them.</summary>
    internal static void ReadValuesToWrite(EventTypeSchema type, DomainEvent domainEvent, EventFieldValue[] values)
    {
        RequirePlausible(type, domainEvent, "occurred_at", domainEvent.OccurredAt);
        RequirePlausible(type, domainEvent, "recorded_at", domainEvent.RecordedAt);

        if (domainEvent.EventId is { } id && string.IsNullOrWhiteSpace(id))
        {
            throw new ArgumentException($"{Describe(type, domainEvent)}: event_id is blank; the log format requires a non-blank string or none.", nameof(domainEvent));
        }

        for (int i = 0; i < values.Length; i++)
        {
            EventFieldSchema field = type.Fields[i];
            try
            {
                values[i] = type.ValueOf(domainEvent, i);
            }
            catch (ArgumentException e)
            {
                string problem = field.Type == EventFieldType.Text
                    ? "is blank; the log format requires a non-blank string or none"
                    : $"is not a value the log can hold ({WithoutParameter(e)})";
                throw new ArgumentException($"{Describe(type, domainEvent)}: {field.Name} {problem}.", nameof(domainEvent), e);
            }

            if (!values[i].HasValue && field.Presence == FieldPresence.Required)
            {
                throw new ArgumentException($"{Describe(type, domainEvent)}: {field.Name} has no value, but the log format requires one.", nameof(domainEvent));
            }
        }
    }

    /// <summary>An event for a message: its type, the entity its first key names, and its id, e.g. <c>scan event of order_id O-1 (e-7)</c>.</summary>
    /// <param name="type">The event's type.</param>
    /// <param name="domainEvent">An event of that type.</param>
    public static string Describe(EventTypeSchema type, DomainEvent domainEvent)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(domainEvent);
        string? key = null;
        if (!type.Keys.IsEmpty)
        {
            try
            {
                key = type.KeyOf(domainEvent, type.Keys[0].Name);
            }
            catch (ArgumentException)
            {
                // A blank key: the event is described without it.
            }
        }

        return type.Name + " event" + (key is null ? string.Empty : $" of {type.Keys[0].Name} {key}") + (domainEvent.EventId is { } id ? $" ({id})" : string.Empty);
    }

    private static void RequirePlausible(EventTypeSchema type, DomainEvent domainEvent, string field, Instant instant)
    {
        if (!PlausibleInstants.Contains(instant))
        {
            throw new ArgumentException($"{Describe(type, domainEvent)}: {field} {RowCodec.FormatInstant(instant)} {OutOfRangePhrase}", nameof(domainEvent));
        }
    }

    /// <summary>Cuts <paramref name="text"/> to <see cref="QuotedCharacters"/> characters, adding <c>...</c> when cut.</summary>
    internal static string Cut(string text, bool alreadyCut)
    {
        if (text.Length > QuotedCharacters)
        {
            int length = char.IsHighSurrogate(text[QuotedCharacters - 1]) ? QuotedCharacters - 1 : QuotedCharacters;
            text = text[..length];
            alreadyCut = true;
        }

        return alreadyCut ? text + "..." : text;
    }

    /// <summary>The field a constructor's parameter name stands for (<c>destinationZone</c> for <c>destination_zone</c>), if any.</summary>
    private static string? FieldOf(EventTypeSchema type, string? parameter)
    {
        if (string.IsNullOrEmpty(parameter))
        {
            return null;
        }

        string name = JsonNamingPolicy.SnakeCaseLower.ConvertName(parameter);
        return type.HasField(name) || EventSchema.CommonFields.Contains(name) ? name : null;
    }

    private static string WithoutParameter(ArgumentException e)
    {
        string message = e.Message;
        string suffix = e.ParamName is null ? string.Empty : $" (Parameter '{e.ParamName}')";
        return suffix.Length > 0 && message.EndsWith(suffix, StringComparison.Ordinal) ? message[..^suffix.Length] : message;
    }
}

using FeatureContracts.Domains;

namespace FeatureContracts.Export.Events;

/// <summary>Why an event-log line cannot be used.</summary>
public enum LineRejectionCode
{
    /// <summary>The line is empty or only whitespace.</summary>
    EmptyLine,

    /// <summary>The line is longer than the reader's limit.</summary>
    LineTooLong,

    /// <summary>The line is not valid JSON (or not valid UTF-8).</summary>
    MalformedJson,

    /// <summary>The JSON nests deeper than the reader's limit.</summary>
    TooDeep,

    /// <summary>The line is JSON but not an object.</summary>
    NotAnObject,

    /// <summary>The <c>type</c> discriminator names no known event type.</summary>
    UnknownType,

    /// <summary>A required field is absent.</summary>
    MissingField,

    /// <summary>
    /// A field has the wrong JSON type, or an unusable value (a blank id), or the domain's event refuses the line's
    /// values.
    /// </summary>
    InvalidValue,

    /// <summary>A field appears twice in one object.</summary>
    DuplicateField,

    /// <summary>A field the event type does not have, where the reader is told to reject those.</summary>
    UnknownField,

    /// <summary>A timestamp is not ISO-8601.</summary>
    InvalidTimestamp,

    /// <summary>A timestamp has no <c>Z</c> or explicit offset, so it names no instant.</summary>
    TimestampWithoutOffset,

    /// <summary><c>recorded_at</c> is earlier than <c>occurred_at</c>.</summary>
    RecordedBeforeOccurred,

    /// <summary>A number is NaN or infinite (or overflows to infinity).</summary>
    NotFinite,

    /// <summary>A date is not an ISO-8601 calendar date (<c>yyyy-MM-dd</c>).</summary>
    InvalidDate,

    /// <summary>A time zone id is not a known IANA zone.</summary>
    UnknownTimeZone,

    /// <summary>
    /// A CSV record is not valid RFC 4180 (a stray or unclosed quote) or a field of it is not UTF-8; the reason says
    /// which, and where.
    /// </summary>
    MalformedCsv,

    /// <summary>
    /// A timestamp names an instant outside <see cref="EventLineRules.PlausibleInstants"/>: a placeholder or a corrupted
    /// value (year 1, year -1, 9999-12-31), not a time something happened.
    /// </summary>
    TimestampOutOfRange,

    /// <summary>
    /// A prediction point's instant is finer than a microsecond, the resolution of a Parquet timestamp; it is refused in
    /// every output format, so the rows of an export do not depend on the format.
    /// </summary>
    TimestampFinerThanMicrosecond,
}

/// <summary>A line of the event log that cannot be used: where, which field, and why.</summary>
/// <param name="LineNumber">The 1-based line number.</param>
/// <param name="Field">The offending field, or <see langword="null"/> for a problem of the whole line.</param>
/// <param name="Code">The kind of problem.</param>
/// <param name="Reason">A sentence for people.</param>
public sealed record LineRejection(long LineNumber, string? Field, LineRejectionCode Code, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => Field is null ? $"line {LineNumber}: {Code}: {Reason}" : $"line {LineNumber}, field '{Field}': {Code}: {Reason}";
}

/// <summary>One line of the event log: an event, or the reason it was rejected.</summary>
public readonly record struct EventLine
{
    private EventLine(long lineNumber, DomainEvent? @event, LineRejection? rejection)
    {
        LineNumber = lineNumber;
        Event = @event;
        Rejection = rejection;
    }

    /// <summary>The 1-based line number.</summary>
    public long LineNumber { get; }

    /// <summary>The event, when the line was usable.</summary>
    public DomainEvent? Event { get; }

    /// <summary>The rejection, when it was not.</summary>
    public LineRejection? Rejection { get; }

    /// <summary>A usable line.</summary>
    public static EventLine Accepted(long lineNumber, DomainEvent @event) => new(lineNumber, @event, null);

    /// <summary>An unusable line.</summary>
    public static EventLine Rejected(LineRejection rejection) => new(rejection.LineNumber, null, rejection);
}

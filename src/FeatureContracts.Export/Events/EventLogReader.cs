using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using FeatureContracts.Domains;
using NodaTime;

namespace FeatureContracts.Export.Events;

/// <summary>
/// Reads a domain's event log — JSON Lines, one event per line, in the format its <see cref="EventSchema"/> declares —
/// strictly and as a stream: every line yields exactly one <see cref="EventLine"/>, an event or the reason the line
/// cannot be used, and nothing is dropped silently. Memory is bounded by <see cref="EventLogReaderOptions.MaxLineBytes"/>
/// whatever the size of the log. Bad data never throws; only a missing stream or path, or an I/O error, does.
/// Thread-safe and reusable: the reader holds only its schema and options.
/// </summary>
/// <remarks>
/// <para>
/// Lines are split on <c>\n</c>; one trailing <c>\r</c> is removed, so <c>\r\n</c> works. A final line without a
/// line break is a line; a line break at the end of the log does not start another line. A UTF-8 byte order
/// mark at the start of the log is skipped. Each line is one strict JSON object (RFC 8259: no comments, no
/// trailing commas, valid UTF-8) with snake_case properties and <c>type</c> as discriminator.
/// </para>
/// <para>
/// A line reports its <em>first</em> problem, checked in this fixed order:
/// </para>
/// <list type="number">
/// <item><description>Length over the limit: <see cref="LineRejectionCode.LineTooLong"/>.</description></item>
/// <item><description>Blank (only spaces, tabs and carriage returns): <see cref="LineRejectionCode.EmptyLine"/>.</description></item>
/// <item><description>
/// Structure, over the whole line: invalid UTF-8 or JSON (<see cref="LineRejectionCode.MalformedJson"/>) or nesting
/// over <see cref="EventLogReaderOptions.MaxDepth"/> (<see cref="LineRejectionCode.TooDeep"/>), whichever comes first
/// in the line; then a value that is not an object (<see cref="LineRejectionCode.NotAnObject"/>); then the first
/// property of the object that repeats an earlier one (<see cref="LineRejectionCode.DuplicateField"/>; nested
/// objects are not checked, as no field of a log is an object).
/// </description></item>
/// <item><description><c>type</c>: absent, not a string, or not one of the schema's event types
/// (<see cref="EventSchema.TypeList"/>).</description></item>
/// <item><description>With <see cref="EventLogReaderOptions.RejectUnknownFields"/>, the first property (in line
/// order) the event type does not have: <see cref="LineRejectionCode.UnknownField"/>.</description></item>
/// <item><description>Common fields: <c>occurred_at</c>, <c>recorded_at</c> (then
/// <see cref="LineRejectionCode.RecordedBeforeOccurred"/>), <c>event_id</c>.</description></item>
/// <item><description>The type's fields, in the order the schema declares them (<see cref="EventTypeSchema.Fields"/>);
/// then the domain's record itself, whose refusal of the values is <see cref="LineRejectionCode.InvalidValue"/>
/// (see <see cref="EventLineRules.Create"/>).</description></item>
/// </list>
/// <para>
/// Field rules, by the field's <see cref="FieldPresence"/>: a <see cref="FieldPresence.Required"/> field that is absent
/// is <see cref="LineRejectionCode.MissingField"/> and a <c>null</c> one <see cref="LineRejectionCode.InvalidValue"/>;
/// a <see cref="FieldPresence.Nullable"/> field must be present and says "none" with <c>null</c>; an
/// <see cref="FieldPresence.Optional"/> field absent or <c>null</c> is none. A value of the wrong JSON type is
/// <see cref="LineRejectionCode.InvalidValue"/>. By the field's <see cref="EventFieldType"/>: text (ids included) must
/// not be blank; a number that overflows to infinity, or the strings <c>"NaN"</c>, <c>"Infinity"</c>,
/// <c>"-Infinity"</c>, are <see cref="LineRejectionCode.NotFinite"/> (numbers in any other string are
/// <see cref="LineRejectionCode.InvalidValue"/>); a date is <c>yyyy-MM-dd</c> (<see cref="LineRejectionCode.InvalidDate"/>);
/// a time zone an id known to <see cref="EventLogReaderOptions.Zones"/> (<see cref="LineRejectionCode.UnknownTimeZone"/>).
/// Timestamps are ISO-8601 with <c>Z</c> or an explicit offset (NodaTime's extended ISO pattern, fractional seconds
/// allowed); one without an offset is <see cref="LineRejectionCode.TimestampWithoutOffset"/>, and an instant outside
/// <see cref="EventLineRules.PlausibleInstants"/> is <see cref="LineRejectionCode.TimestampOutOfRange"/>. <c>recorded_at</c>
/// absent or <c>null</c> means <c>occurred_at</c>.
/// </para>
/// <para>
/// Every rejection names its line number, the snake_case field where there is one, the code, and a sentence that
/// quotes the offending value (JSON text, cut to 64 characters).
/// </para>
/// </remarks>
public sealed partial class EventLogReader
{
    private readonly JsonFieldTable _table;
    private readonly int _maxLineBytes;
    private readonly int _maxDepth;
    private readonly bool _rejectUnknownFields;
    private readonly IDateTimeZoneProvider _zones;

    /// <summary>Creates a reader of logs in the format of <paramref name="schema"/>.</summary>
    /// <param name="schema">The domain's event schema: the event types, their fields and rules.</param>
    /// <param name="options">Limits and policies; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="schema"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A limit is out of its range.</exception>
    /// <exception cref="ArgumentException"><see cref="EventLogReaderOptions.Zones"/> is <see langword="null"/>.</exception>
    public EventLogReader(EventSchema schema, EventLogReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        _table = JsonFieldTable.For(schema);
        options ??= new EventLogReaderOptions();
        if (options.MaxLineBytes is < 1 or > EventLogReaderOptions.MaxLineBytesLimit)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options),
                options.MaxLineBytes,
                string.Create(CultureInfo.InvariantCulture, $"MaxLineBytes must be between 1 and {EventLogReaderOptions.MaxLineBytesLimit}."));
        }

        if (options.MaxDepth is < 1 or > EventLogReaderOptions.MaxDepthLimit)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options),
                options.MaxDepth,
                string.Create(CultureInfo.InvariantCulture, $"MaxDepth must be between 1 and {EventLogReaderOptions.MaxDepthLimit}."));
        }

        _maxLineBytes = options.MaxLineBytes;
        _maxDepth = options.MaxDepth;
        _rejectUnknownFields = options.RejectUnknownFields;
        _zones = options.Zones ?? throw new ArgumentException("Zones must not be null.", nameof(options));
    }

    /// <summary>The schema of the logs this reader reads.</summary>
    public EventSchema Schema => _table.Schema;

    /// <summary>
    /// Reads a UTF-8 event log lazily, line by line: one <see cref="EventLine"/> per line, in order, numbered from
    /// 1. The stream is read from its current position, once, and is not disposed. Enumerate the result once.
    /// </summary>
    /// <param name="utf8">The log, as UTF-8 bytes.</param>
    /// <returns>The lines, read as they are enumerated.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="utf8"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="utf8"/> cannot be read.</exception>
    /// <exception cref="IOException">Reading the stream fails (thrown during enumeration).</exception>
    public IEnumerable<EventLine> Read(Stream utf8)
    {
        ArgumentNullException.ThrowIfNull(utf8);
        if (!utf8.CanRead)
        {
            throw new ArgumentException("The stream cannot be read.", nameof(utf8));
        }

        return ReadLines(utf8);
    }

    /// <summary>
    /// Reads the UTF-8 event log in a file lazily, line by line (see <see cref="Read(Stream)"/>). The file is opened
    /// when enumeration starts and closed when it ends; each enumeration reads the file again.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <returns>The lines, read as they are enumerated.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="IOException">The file cannot be opened or read (thrown during enumeration).</exception>
    public IEnumerable<EventLine> ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return ReadFileLines(path);
    }

    /// <summary>
    /// Parses one line of the log, without its line break (one trailing <c>\r</c> is ignored). Never throws for bad
    /// data.
    /// </summary>
    /// <param name="utf8Line">The line, as UTF-8 bytes.</param>
    /// <param name="lineNumber">The 1-based line number to report.</param>
    /// <returns>The event, or the first reason the line cannot be used.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lineNumber"/> is less than 1.</exception>
    public EventLine ParseLine(ReadOnlySpan<byte> utf8Line, long lineNumber)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lineNumber, 1);
        if (!utf8Line.IsEmpty && utf8Line[^1] == (byte)'\r')
        {
            utf8Line = utf8Line[..^1];
        }

        return Parse(utf8Line, lineNumber, cache: null);
    }

    private IEnumerable<EventLine> ReadFileLines(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        foreach (EventLine line in ReadLines(stream))
        {
            yield return line;
        }
    }

    private IEnumerable<EventLine> ReadLines(Stream stream)
    {
        using var splitter = new BoundedLineSplitter(stream, _maxLineBytes);
        var cache = new Utf8StringCache();
        while (splitter.MoveNext())
        {
            yield return Next(splitter, cache);
        }
    }

    private EventLine Next(BoundedLineSplitter splitter, Utf8StringCache cache)
        => splitter.IsTooLong
            ? TooLong(splitter.LineNumber, splitter.TooLongLength, splitter.TooLongPrefix)
            : Parse(splitter.Current, splitter.LineNumber, cache);
}

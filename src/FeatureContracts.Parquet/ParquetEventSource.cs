using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using FeatureContracts.Domains;
using FeatureContracts.Export;
using FeatureContracts.Export.Events;
using NodaTime;
using Parquet;

namespace FeatureContracts.Parquet;

/// <summary>
/// A domain's event log stored as an Apache Parquet file with one nullable column per field of the log format (the
/// fields of the domain's <see cref="EventSchema"/>) — the input <see cref="ParquetEventWriter"/> writes, and DuckDB,
/// pandas/pyarrow or Spark can write too. Read strictly and as a stream, one row group at a time: every row yields
/// exactly one <see cref="EventLine"/>, an event or the reason the row cannot be used, numbered from 1 across the whole
/// file; nothing is dropped silently. The source is read as the events of the schema it is given when read (the
/// training exporter gives its domain's), so one source type serves every domain.
/// </summary>
/// <remarks>
/// <para>
/// <b>Columns.</b> Top-level, flat (not nested or repeated), named exactly like the fields of the JSON Lines log
/// (<see cref="EventSchema.FieldNames"/>), in any order, each nullable or required, by the field's type:
/// </para>
/// <list type="bullet">
/// <item><description><c>type</c>, <c>event_id</c>, text and time zone fields (a shipment's <c>order_id</c>,
/// <c>carrier</c>, <c>destination_zone</c>): UTF-8 strings.</description></item>
/// <item><description><c>occurred_at</c>, <c>recorded_at</c>: INT64 <c>TIMESTAMP</c> with
/// <c>isAdjustedToUTC = true</c> in milliseconds, microseconds or nanoseconds (DuckDB <c>TIMESTAMPTZ</c>, Arrow
/// <c>timestamp[unit, tz=...]</c>; also the legacy <c>TIMESTAMP_MILLIS</c>/<c>TIMESTAMP_MICROS</c> annotations),
/// read exactly; or strings, parsed like the JSON log's timestamps (ISO-8601 with <c>Z</c> or an offset).
/// A timestamp without UTC adjustment, or an INT96 timestamp, names no instant: such a column is refused.</description></item>
/// <item><description>Date fields (a shipment's <c>promised_date</c>): INT32 <c>DATE</c>, or a <c>yyyy-MM-dd</c>
/// string.</description></item>
/// <item><description>Number fields (<c>distance_km</c>, <c>queue_length</c>): <c>DOUBLE</c> (also <c>FLOAT</c>,
/// integers and <c>DECIMAL</c>, read as the nearest double).</description></item>
/// <item><description>Boolean fields (<c>expedited</c>): <c>BOOLEAN</c>.</description></item>
/// </list>
/// <para>
/// Other columns are ignored (or, with <see cref="EventLogReaderOptions.RejectUnknownFields"/>, a value in one
/// rejects the row). The file is refused as a whole — <see cref="InvalidDataException"/> naming the column, thrown
/// when enumeration starts — when it is not a Parquet file, lacks the <c>type</c> or <c>occurred_at</c> column, or
/// has a column named like a field that is nested, repeated, or of a type that cannot hold the field. A missing
/// column of any other field is not fatal: it counts as that field being absent in every row, so only rows that
/// need it are rejected (<see cref="LineRejectionCode.MissingField"/>).
/// </para>
/// <para>
/// <b>Rows</b> are checked exactly like lines of the JSON Lines log by <see cref="EventLogReader"/> — the same
/// fields per event type, the same order of checks, the same codes (<see cref="EventLineRules"/>) — except that a
/// Parquet null cannot be told from an absent field, so a null is read as absent: a null <c>type</c>,
/// <c>occurred_at</c> or <see cref="FieldPresence.Required"/> field (a shipment's <c>order_id</c>, <c>origin</c>) is
/// <see cref="LineRejectionCode.MissingField"/>; a null <see cref="FieldPresence.Nullable"/> field (<c>carrier</c>,
/// <c>distance_km</c>) means the source gave none (as a JSON <c>null</c> does), while a file without its column is
/// missing it; a null <see cref="FieldPresence.Optional"/> field, <c>recorded_at</c> or <c>event_id</c> is absent.
/// Blank strings are <see cref="LineRejectionCode.InvalidValue"/>, NaN and infinities
/// <see cref="LineRejectionCode.NotFinite"/>; <see cref="LineRejectionCode.TimestampWithoutOffset"/> arises only from
/// string timestamp columns, and values outside NodaTime's range are <see cref="LineRejectionCode.InvalidTimestamp"/>
/// or <see cref="LineRejectionCode.InvalidDate"/>; an instant outside <see cref="EventLineRules.PlausibleInstants"/>
/// is <see cref="LineRejectionCode.TimestampOutOfRange"/>, as in the JSON log. With <see cref="EventLogReaderOptions.RejectUnknownFields"/>, the
/// first column in schema order that holds a value the row's event type does not have is
/// <see cref="LineRejectionCode.UnknownField"/>. <see cref="EventLogReaderOptions.MaxLineBytes"/> and
/// <see cref="EventLogReaderOptions.MaxDepth"/> do not apply.
/// </para>
/// <para>
/// <b>Memory</b> is bounded by one row group of the columns read, whatever the size of the file. The file is
/// opened when enumeration starts and closed when it ends; each enumeration reads it again.
/// </para>
/// </remarks>
public sealed class ParquetEventSource : EventSource
{
    private const string Noun = "event log";

    private readonly string _path;
    private readonly IDateTimeZoneProvider _zones;
    private readonly bool _rejectUnknownFields;

    /// <summary>Creates a source over the Parquet event log at <paramref name="path"/>.</summary>
    /// <param name="path">The file; it is not opened until the source is read.</param>
    /// <param name="options">
    /// The policies of the JSON Lines reader that apply to rows: <see cref="EventLogReaderOptions.Zones"/> and
    /// <see cref="EventLogReaderOptions.RejectUnknownFields"/>; <see langword="null"/> for the defaults.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="path"/> is empty, or <see cref="EventLogReaderOptions.Zones"/> is <see langword="null"/>.
    /// </exception>
    public ParquetEventSource(string path, EventLogReaderOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new EventLogReaderOptions();
        _path = System.IO.Path.GetFullPath(path);
        _zones = options.Zones ?? throw new ArgumentException("Zones must not be null.", nameof(options));
        _rejectUnknownFields = options.RejectUnknownFields;
    }

    /// <summary>The file's name.</summary>
    public override string Name => System.IO.Path.GetFileName(_path);

    /// <summary>The file's full path.</summary>
    public override string? FilePath => _path;

    /// <summary>
    /// Reads every row of the file once, in file order (row group by row group), as events of
    /// <paramref name="schema"/>: one <see cref="EventLine"/> per row with <see cref="EventLine.LineNumber"/> the
    /// 1-based row number across the file.
    /// </summary>
    /// <param name="schema">The domain's event schema.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <exception cref="InvalidDataException">
    /// The file is not a Parquet file, cannot be decoded, or its schema cannot hold an event log (see the remarks);
    /// the message names the column. Thrown during enumeration.
    /// </exception>
    /// <exception cref="IOException">The file cannot be opened or read (thrown during enumeration).</exception>
    public override async IAsyncEnumerable<EventLine> ReadAsync(EventSchema schema, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schema);
        EventLogFields fields = EventLogFields.For(schema);
        string fileName = Name;
        FileStream stream = ParquetFiles.OpenRead(_path);
        await using (stream.ConfigureAwait(false))
        {
            ParquetReader reader = await ParquetFiles.OpenAsync(stream, Noun, fileName, cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                EventColumns columns = EventColumns.Resolve(reader, fields, fileName, _rejectUnknownFields);
                var rows = new EventRowReader(columns, _zones, _rejectUnknownFields);
                long lineNumber = 0;
                for (int index = 0; index < reader.RowGroupCount; index++)
                {
                    int count = await ParquetFiles.ReadRowGroupAsync(reader, index, Noun, fileName, (group, rowCount) => columns.ReadAsync(group, rowCount, cancellationToken)).ConfigureAwait(false);
                    for (int row = 0; row < count; row++)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        yield return rows.Read(row, ++lineNumber);
                    }
                }
            }
        }
    }
}

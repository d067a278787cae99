using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using FeatureContracts.Export.Events;
using FeatureContracts.Rows;
using FeatureContracts.Serialization;
using NodaTime;

namespace FeatureContracts.Export.Points;

/// <summary>One record of a points file: a prediction point, or why the record cannot be used.</summary>
/// <param name="LineNumber">The 1-based line the record starts on (a CSV header is line 1).</param>
/// <param name="Point">The point, when the record was usable.</param>
/// <param name="Rejection">The rejection, when it was not.</param>
public readonly record struct PointLine(long LineNumber, PredictionPoint? Point, LineRejection? Rejection);

/// <summary>
/// Reads prediction points as a stream, with memory bounded by the record limit whatever the size of the file: CSV
/// with a header naming the entity's column (the domain's entity key, e.g. <c>order_id</c>) and
/// <c>prediction_time</c>, other columns ignored, read by the one CSV reader (<see cref="CsvRecordReader"/>: RFC 4180,
/// quoted fields with commas, doubled quotes and line breaks, CRLF or LF, a byte order mark skipped); or JSON Lines
/// objects with those keys. Every record yields exactly one <see cref="PointLine"/>; each unusable one is a
/// <see cref="LineRejection"/> naming its line, the field where there is one, and why, and reading goes on. A file
/// whose header lacks a required column, or is not CSV, is refused as a whole with <see cref="InvalidDataException"/>.
/// </summary>
/// <remarks>
/// <para>A point is usable when (first problem reported):</para>
/// <list type="number">
/// <item><description>its record is at most the limit long (<see cref="LineRejectionCode.LineTooLong"/>, skipped
/// without being held in memory), not blank (<see cref="LineRejectionCode.EmptyLine"/>), valid CSV or JSON in UTF-8
/// (<see cref="LineRejectionCode.MalformedCsv"/>, <see cref="LineRejectionCode.MalformedJson"/>,
/// <see cref="LineRejectionCode.NotAnObject"/>, <see cref="LineRejectionCode.DuplicateField"/>);</description></item>
/// <item><description>it has both fields (<see cref="LineRejectionCode.MissingField"/>), the entity's a non-blank text
/// (<see cref="LineRejectionCode.InvalidValue"/>);</description></item>
/// <item><description><c>prediction_time</c> is an ISO-8601 instant with <c>Z</c> or an offset, read by the event
/// log's rule (<see cref="EventLineRules.TryInstant"/>), inside <see cref="EventLineRules.PlausibleInstants"/>
/// (<see cref="LineRejectionCode.TimestampOutOfRange"/>), and a whole number of microseconds
/// (<see cref="LineRejectionCode.TimestampFinerThanMicrosecond"/>), the resolution of a Parquet timestamp, so that an
/// export holds the same rows whatever its output format.</description></item>
/// </list>
/// </remarks>
public static class PointsReader
{
    /// <summary>The default limit of a record (a CSV record or a JSON line), in bytes: 65,536, as for event log lines.</summary>
    public const int DefaultMaxRecordBytes = 65_536;

    private const string PredictionTimeColumn = "prediction_time";

    /// <summary>
    /// Reads a points file, choosing the format by extension: <c>.jsonl</c>/<c>.json</c> or CSV. The file is opened when
    /// enumeration starts and closed when it ends.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="entityColumn">The column naming the entity, e.g. <c>order_id</c>.</param>
    /// <param name="maxRecordBytes">The longest record read, in bytes; a longer one is rejected unread.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxRecordBytes"/> is not between 1 and <see cref="CsvRecordReader.MaxRecordBytesLimit"/>.</exception>
    public static IEnumerable<PointLine> ReadFile(string path, string entityColumn, int maxRecordBytes = DefaultMaxRecordBytes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentException.ThrowIfNullOrWhiteSpace(entityColumn);
        CheckLimit(maxRecordBytes);
        string extension = Path.GetExtension(path);
        bool json = extension.Equals(".jsonl", StringComparison.OrdinalIgnoreCase) || extension.Equals(".json", StringComparison.OrdinalIgnoreCase);
        return ReadFileRecords(path, json, entityColumn, maxRecordBytes);
    }

    /// <summary>Reads CSV points from <paramref name="utf8"/>, from its current position; the stream is not disposed.</summary>
    /// <param name="utf8">The CSV, as UTF-8 bytes.</param>
    /// <param name="entityColumn">The column naming the entity, e.g. <c>order_id</c>.</param>
    /// <param name="maxRecordBytes">The longest record read, in bytes; a longer one is rejected unread.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxRecordBytes"/> is not between 1 and <see cref="CsvRecordReader.MaxRecordBytesLimit"/>.</exception>
    public static IEnumerable<PointLine> ReadCsv(Stream utf8, string entityColumn, int maxRecordBytes = DefaultMaxRecordBytes)
    {
        ArgumentNullException.ThrowIfNull(utf8);
        ArgumentException.ThrowIfNullOrWhiteSpace(entityColumn);
        CheckLimit(maxRecordBytes);
        return ReadCsvRecords(utf8, entityColumn, maxRecordBytes);
    }

    /// <summary>Reads JSON Lines points from <paramref name="utf8"/>, from its current position; the stream is not disposed.</summary>
    /// <param name="utf8">The JSON Lines, as UTF-8 bytes.</param>
    /// <param name="entityColumn">The key naming the entity, e.g. <c>order_id</c>.</param>
    /// <param name="maxRecordBytes">The longest line read, in bytes; a longer one is rejected unread.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxRecordBytes"/> is not between 1 and <see cref="CsvRecordReader.MaxRecordBytesLimit"/>.</exception>
    public static IEnumerable<PointLine> ReadJsonLines(Stream utf8, string entityColumn, int maxRecordBytes = DefaultMaxRecordBytes)
    {
        ArgumentNullException.ThrowIfNull(utf8);
        ArgumentException.ThrowIfNullOrWhiteSpace(entityColumn);
        CheckLimit(maxRecordBytes);
        return ReadJsonLinesRecords(utf8, entityColumn, maxRecordBytes);
    }

    /// <summary>
    /// A point given in memory, checked by the rules of a point read from a file: its instant must be plausible and a
    /// whole number of microseconds. Every source of points goes through this.
    /// </summary>
    /// <param name="lineNumber">The point's line, or its position in memory.</param>
    /// <param name="point">The point.</param>
    /// <param name="written">The instant as the file wrote it, quoted; by default its ISO-8601 UTC form.</param>
    internal static PointLine Checked(long lineNumber, PredictionPoint point, string? written = null)
    {
        Instant t = point.PredictionTime;
        written ??= EventLineRules.Quote(RowCodec.FormatInstant(t));
        if (!EventLineRules.TryPlausible(lineNumber, PredictionTimeColumn, t, written, out LineRejection? implausible))
        {
            return new PointLine(lineNumber, null, implausible);
        }

        return IsWholeMicroseconds(t)
            ? new PointLine(lineNumber, point, null)
            : Reject(
                lineNumber,
                PredictionTimeColumn,
                LineRejectionCode.TimestampFinerThanMicrosecond,
                $"{PredictionTimeColumn} {written} is finer than a microsecond; a prediction instant must be a whole number of microseconds (the resolution of a Parquet timestamp), so that an export has the same rows in every output format.");
    }

    /// <summary>Whether <paramref name="t"/> is a whole number of microseconds since the Unix epoch.</summary>
    internal static bool IsWholeMicroseconds(Instant t)
    {
        long ticks = t.ToUnixTimeTicks();
        return ticks % 10 == 0 && Instant.FromUnixTimeTicks(ticks) == t;
    }

    private static void CheckLimit(int maxRecordBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecordBytes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxRecordBytes, CsvRecordReader.MaxRecordBytesLimit);
    }

    private static IEnumerable<PointLine> ReadFileRecords(string path, bool json, string entityColumn, int maxRecordBytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        IEnumerable<PointLine> records = json
            ? ReadJsonLinesRecords(stream, entityColumn, maxRecordBytes)
            : ReadCsvRecords(stream, entityColumn, maxRecordBytes);
        foreach (PointLine record in records)
        {
            yield return record;
        }
    }

    private static IEnumerable<PointLine> ReadCsvRecords(Stream stream, string entityColumn, int maxRecordBytes)
    {
        var csv = new CsvRecordReader(stream, maxRecordBytes);
        var fields = new List<CsvField>();
        if (!csv.TryRead(fields, out long headerLine, out CsvProblem? headerProblem))
        {
            throw new InvalidDataException($"The points file is empty; expected a header '{entityColumn},{PredictionTimeColumn}'.");
        }

        if (headerProblem is not null)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"The points header (line {headerLine}) is not usable CSV: {headerProblem.Reason}"));
        }

        string[] header = [.. fields.ConvertAll(f => f.Text)];
        int entityIndex = Array.IndexOf(header, entityColumn);
        int timeIndex = Array.IndexOf(header, PredictionTimeColumn);
        if (entityIndex < 0 || timeIndex < 0)
        {
            throw new InvalidDataException(
                $"The points header {EventLineRules.Quote(string.Join(',', header))} must name the columns '{entityColumn}' and '{PredictionTimeColumn}'.");
        }

        while (csv.TryRead(fields, out long line, out CsvProblem? problem))
        {
            if (problem is not null)
            {
                string? field = problem.Column is { } column
                    ? column <= header.Length && header[column - 1].Length > 0 ? header[column - 1] : string.Create(CultureInfo.InvariantCulture, $"column {column}")
                    : null;
                LineRejectionCode code = problem.Kind == CsvProblemKind.RecordTooLong ? LineRejectionCode.LineTooLong : LineRejectionCode.MalformedCsv;
                yield return Reject(line, field, code, problem.Reason);
            }
            else if (fields.Count == 1 && fields[0].Value is null)
            {
                yield return Reject(line, null, LineRejectionCode.EmptyLine, "The record is empty; every record must hold a point.");
            }
            else if (fields.Count <= Math.Max(entityIndex, timeIndex))
            {
                string missing = fields.Count <= entityIndex ? entityColumn : PredictionTimeColumn;
                yield return Reject(
                    line,
                    missing,
                    LineRejectionCode.MissingField,
                    string.Create(CultureInfo.InvariantCulture, $"The record has {fields.Count} field(s); '{missing}' (column {Array.IndexOf(header, missing) + 1}) is missing."));
            }
            else
            {
                yield return Parse(line, entityColumn, fields[entityIndex].Text, fields[timeIndex].Text);
            }
        }
    }

    private static IEnumerable<PointLine> ReadJsonLinesRecords(Stream stream, string entityColumn, int maxRecordBytes)
    {
        using var splitter = new BoundedLineSplitter(stream, maxRecordBytes);
        while (splitter.MoveNext())
        {
            yield return splitter.IsTooLong
                ? Reject(
                    splitter.LineNumber,
                    null,
                    LineRejectionCode.LineTooLong,
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"The line is {splitter.TooLongLength} bytes long, over the limit of {maxRecordBytes} bytes; it was skipped unread. It starts: {Excerpt(splitter.TooLongPrefix)}"))
                : ParseJson(splitter.LineNumber, splitter.Current, entityColumn);
        }
    }

    private static PointLine ParseJson(long lineNumber, ReadOnlySpan<byte> line, string entityColumn)
    {
        if (line.Trim(" \t\r"u8).IsEmpty)
        {
            return Reject(lineNumber, null, LineRejectionCode.EmptyLine, "The line is blank; every line must hold one JSON object.");
        }

        int invalid = StrictUtf8.IndexOfInvalid(line);
        if (invalid >= 0)
        {
            return Reject(
                lineNumber,
                null,
                LineRejectionCode.MalformedJson,
                string.Create(CultureInfo.InvariantCulture, $"The line is not valid UTF-8 (invalid byte sequence at byte {invalid}): {Excerpt(line)}"));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line.ToArray(), new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            return Reject(lineNumber, null, LineRejectionCode.MalformedJson, $"The line is not valid JSON: {e.Message} It reads: {Excerpt(line)}");
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Reject(lineNumber, null, LineRejectionCode.NotAnObject, $"The line is JSON but not an object: {Excerpt(line)}");
            }

            string?[] values = new string?[2];
            string[] names = [entityColumn, PredictionTimeColumn];
            for (int i = 0; i < names.Length; i++)
            {
                string name = names[i];
                JsonElement value = default;
                int seen = 0;
                try
                {
                    foreach (JsonProperty property in root.EnumerateObject())
                    {
                        if (property.NameEquals(name))
                        {
                            value = property.Value;
                            seen++;
                        }
                    }
                }
                catch (InvalidOperationException)
                {
                    // Comparing a name unescapes it: an unpaired surrogate escape (\ud800) is not text.
                    return Reject(lineNumber, null, LineRejectionCode.MalformedJson, $"The line has a property name with an invalid \\u escape (an unpaired surrogate): {Excerpt(line)}");
                }

                if (seen > 1)
                {
                    return Reject(lineNumber, name, LineRejectionCode.DuplicateField, $"The field {EventLineRules.Quote(name)} appears more than once in the object, so which value counts would be ambiguous.");
                }

                if (seen == 0 || value.ValueKind == JsonValueKind.Null)
                {
                    return Reject(lineNumber, name, LineRejectionCode.MissingField, $"The required field {EventLineRules.Quote(name)} is absent.");
                }

                if (value.ValueKind != JsonValueKind.String)
                {
                    return Reject(lineNumber, name, LineRejectionCode.InvalidValue, $"{name} must be a string, but is {Excerpt(Encoding.UTF8.GetBytes(value.GetRawText()))}.");
                }

                try
                {
                    values[i] = value.GetString();
                }
                catch (InvalidOperationException)
                {
                    // An unpaired surrogate escape (\ud800) is not text.
                    return Reject(lineNumber, name, LineRejectionCode.InvalidValue, $"{name} {value.GetRawText()} is not valid text: it has an unpaired surrogate \\u escape.");
                }
            }

            return Parse(lineNumber, entityColumn, values[0]!, values[1]!);
        }
    }

    private static PointLine Parse(long lineNumber, string entityColumn, string entityId, string time)
    {
        if (string.IsNullOrWhiteSpace(entityId))
        {
            return Reject(lineNumber, entityColumn, LineRejectionCode.InvalidValue, $"{entityColumn} must be a non-blank text, but is {EventLineRules.Quote(entityId)}.");
        }

        string written = EventLineRules.Quote(time);
        if (!EventLineRules.TryInstant(lineNumber, PredictionTimeColumn, time, written, out Instant instant, out LineRejection? rejection))
        {
            return new PointLine(lineNumber, null, rejection);
        }

        return Checked(lineNumber, new PredictionPoint(entityId, instant), written);
    }

    private static PointLine Reject(long lineNumber, string? field, LineRejectionCode code, string reason)
        => new(lineNumber, null, new LineRejection(lineNumber, field, code, reason));

    /// <summary>UTF-8 text for a reason: in quotes, at most 64 characters, with "..." when cut.</summary>
    private static string Excerpt(ReadOnlySpan<byte> utf8)
    {
        const int Characters = EventLineRules.QuotedCharacters;
        ReadOnlySpan<byte> head = utf8.Length > Characters * 4 ? utf8[..(Characters * 4)] : utf8;
        return "\"" + EventLineRules.Cut(Encoding.UTF8.GetString(head), head.Length < utf8.Length) + "\"";
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using FeatureContracts.Export.Events;
using FeatureContracts.Export.Points;
using FeatureContracts.Export.Tests.Events;
using FeatureContracts.Rows;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using NodaTime.Text;

namespace FeatureContracts.Export.Tests.Fuzzing;

/// <summary>A valid point as a file writes it: the entity, the instant's text, and the instant it names.</summary>
public sealed record PointText(string EntityId, string Time, Instant Instant);

/// <summary>A points file: valid points written as CSV or JSON Lines, then the mutations applied to its bytes.</summary>
public sealed record PointsFile(bool Json, PointText[] Points, byte[] Bytes, string[] Mutations, int MaxRecordBytes, int Chunk)
{
    public override string ToString()
        => $"{(Json ? "jsonl" : "csv")}, limit {MaxRecordBytes}, chunk {Chunk}, mutations [{string.Join("; ", Mutations)}]: "
            + Encoding.UTF8.GetString(Bytes).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}

/// <summary>What reading a points file gave: its results, or the refusal of the whole file.</summary>
public sealed record PointsOutcome(List<PointLine> Lines, InvalidDataException? Refused);

/// <summary>Generators of points files and of their mutations, and an independent account of where their records are.</summary>
public static class PointsFuzz
{
    public const string EntityColumn = "order_id";

    private static readonly string[] Entities =
    [
        "O-1", "O-204", "O,7", "say \"hi\"", "two\nlines", "crlf\r\ninside", "K\u00f6ln \U0001F4E6", " padded ", "\"", ",", "tab\there", "x",
    ];

    private static readonly string[] Offsets = ["Z", "Z", "Z", "+02:00", "-04:30", "+00:00", "+14:00"];

    /// <summary>Values a corrupted field is replaced by: none names an instant the field did not name.</summary>
    private static readonly string[] CorruptTimes =
    [
        "NaN", "Infinity", "1e999", "-1e999", "99999999999999999999", "-9223372036854775808", "99999-01-01T00:00:00Z",
        "0001-01-01T00:00:00Z", "-0001-05-01T09:00:00Z", "9999-12-31T23:59:59.9999999Z", "1899-12-31T23:59:59Z", "2200-01-01T00:00:00Z",
        "2026-05-01T09:00:00.0000001Z", "2026-05-01T09:00:00", "2026-02-30T09:00:00Z", "", " ", "null", "\u0000",
    ];

    /// <summary>Bytes a mutation puts into a file: the ones that break CSV, JSON or UTF-8.</summary>
    private static readonly byte[][] Insertions =
    [
        "\""u8.ToArray(), "\n"u8.ToArray(), "\r\n"u8.ToArray(), "\r"u8.ToArray(), [0], ","u8.ToArray(), "\"\""u8.ToArray(), [0xFF], [0xC3], [0x80],
        [0xEF, 0xBB, 0xBF], "{"u8.ToArray(), "}"u8.ToArray(), "\\"u8.ToArray(), "\\u0000"u8.ToArray(), "\\ud800"u8.ToArray(),
    ];

    private static Gen<Instant> Instants { get; } =
        from seconds in Gen.Choose(0, int.MaxValue)
        from micros in Gen.Frequency((2, Gen.Constant(0)), (1, Gen.Choose(0, 999_999)))
        from far in Gen.Frequency((6, Gen.Constant(false)), (1, Gen.Constant(true)))
        let start = far ? Instant.FromUtc(1900, 1, 1, 0, 0) : Instant.FromUtc(2026, 1, 1, 0, 0)
        let span = far ? 300L * 365 * 86_400 - 86_400 : 365L * 86_400
        select start + Duration.FromSeconds(seconds % span) + Duration.FromTicks(micros * 10L);

    private static Gen<PointText> Point { get; } =
        from entity in Gen.Elements(Entities)
        from instant in Instants
        from offset in Gen.Elements(Offsets)
        select new PointText(entity, Format(instant, offset), instant);

    /// <summary>Valid points files: CSV (with a BOM or not, LF or CRLF, extra columns in any order) or JSON Lines.</summary>
    public static Gen<(bool Json, PointText[] Points, byte[] Bytes)> ValidFiles { get; } =
        from json in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
        from count in Gen.Choose(0, 12)
        from points in Gen.ArrayOf(Point, count)
        from crlf in Gen.Elements(false, true)
        from bom in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
        from layout in Gen.Elements(0, 1, 2)
        from finalBreak in Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false)))
        select (json, points, json ? JsonLines(points, crlf, bom) : Csv(points, crlf, bom, layout, finalBreak));

    private static Gen<(byte[] Bytes, string Description)> Mutation(byte[] bytes) => Gen.Frequency(
        (3, from at in Gen.Choose(0, bytes.Length)
            from insertion in Gen.Elements(Insertions)
            select ((byte[])[.. bytes[..at], .. insertion, .. bytes[at..]], $"insert {Hex(insertion)} at {at}")),
        (2, bytes.Length == 0 ? Gen.Constant((bytes, "none")) :
            from at in Gen.Choose(0, bytes.Length - 1)
            from bit in Gen.Choose(0, 7)
            select (Flip(bytes, at, bit), $"flip bit {bit} of byte {at}")),
        (1, from length in Gen.Choose(0, bytes.Length)
            select (bytes[..length], $"truncate to {length}")),
        (1, from at in Gen.Choose(0, bytes.Length)
            from count in Gen.Choose(0, 8)
            select ((byte[])[.. bytes[..at], .. bytes[Math.Min(bytes.Length, at + count)..]], $"delete {count} at {at}")),
        (1, from at in Gen.Choose(0, bytes.Length)
            from count in Gen.Choose(0, 16)
            let slice = bytes[at..Math.Min(bytes.Length, at + count)]
            select ((byte[])[.. bytes[..at], .. slice, .. bytes[at..]], $"duplicate {slice.Length} at {at}")));

    /// <summary>Valid files with one to three mutations of their bytes, read with a small or the default limit in chunks.</summary>
    public static Gen<PointsFile> MutatedFiles { get; } =
        from valid in ValidFiles
        from count in Gen.Choose(0, 3)
        from mutated in Mutate(valid.Bytes, count)
        from limit in Gen.Frequency((1, Gen.Choose(1, 24)), (2, Gen.Choose(25, 200)), (2, Gen.Constant(PointsReader.DefaultMaxRecordBytes)))
        from chunk in Gen.Frequency((1, Gen.Choose(1, 7)), (1, Gen.Constant(int.MaxValue)))
        select new PointsFile(valid.Json, valid.Points, mutated.Bytes, mutated.Descriptions, limit, chunk);

    /// <summary>Valid files with one point's time or entity corrupted in place: reading never gives a point that was not in the file.</summary>
    public static Gen<PointsFile> CorruptedFiles { get; } =
        from json in Gen.Elements(false, true)
        from count in Gen.Choose(1, 8)
        from points in Gen.ArrayOf(Point, count)
        from index in Gen.Choose(0, count - 1)
        from corruptTime in Gen.Elements(true, false)
        from corruption in corruptTime
            ? Gen.OneOf(
                Gen.Elements(CorruptTimes).Select(t => (Text: t, Description: $"time := {Show(t)}")),
                from cut in Gen.Choose(0, OffsetStart(points[index].Time) - 1) select (Text: points[index].Time[..cut], Description: $"time cut to {cut}"),
                from at in Gen.Elements([.. Enumerable.Range(0, OffsetStart(points[index].Time) + 1), points[index].Time.Length])
                from insert in Gen.Elements("\"", "\n", "\r", "\0", ",", " ", "\uFFFD", "\"\"")
                select (Text: points[index].Time[..at] + insert + points[index].Time[at..], Description: $"time insert {Show(insert)} at {at}"))
            : Gen.Elements("", " ", "\t", "\u00a0").Select(t => (Text: t, Description: $"entity := {Show(t)}"))
        select Corrupt(json, points, index, corruptTime, corruption.Text, corruption.Description);

    public static Arbitrary<PointsFile> MutatedArb() => Arb.From(MutatedFiles);

    public static Arbitrary<PointsFile> CorruptedArb() => Arb.From(CorruptedFiles);

    /// <summary>Reads the file as the exporter does; only a refusal of the whole file (a CSV header) may throw, and only <see cref="InvalidDataException"/>.</summary>
    public static PointsOutcome Read(PointsFile file)
    {
        using var stream = new TrickleStream(file.Bytes, file.Chunk);
        try
        {
            return new PointsOutcome(
                [.. file.Json ? PointsReader.ReadJsonLines(stream, EntityColumn, file.MaxRecordBytes) : PointsReader.ReadCsv(stream, EntityColumn, file.MaxRecordBytes)],
                null);
        }
        catch (InvalidDataException e) when (!file.Json)
        {
            return new PointsOutcome([], e);
        }
    }

    /// <summary>
    /// Where the records of a CSV file are, by RFC 4180 as the format documents it (quotes open only at the start of a
    /// field, a doubled quote inside quotes is one quote, CRLF, LF or a lone CR ends a record outside quotes and counts
    /// as one line anywhere), written independently of the reader: each record's first line and its length in bytes.
    /// </summary>
    public static List<(long Line, long Length)> CsvRecords(byte[] bytes)
    {
        var records = new List<(long, long)>();
        int i = bytes.AsSpan().StartsWith((byte[])[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        long line = 1;
        while (i < bytes.Length)
        {
            long start = line;
            int first = i;
            bool inQuotes = false;
            bool atFieldStart = true;
            while (i < bytes.Length)
            {
                byte b = bytes[i];
                if (b is (byte)'\r' or (byte)'\n')
                {
                    line++;
                    bool crlf = b == (byte)'\r' && i + 1 < bytes.Length && bytes[i + 1] == (byte)'\n';
                    if (!inQuotes)
                    {
                        break;
                    }

                    i += crlf ? 2 : 1;
                    continue;
                }

                if (inQuotes)
                {
                    if (b == (byte)'"')
                    {
                        if (i + 1 < bytes.Length && bytes[i + 1] == (byte)'"')
                        {
                            i++;
                        }
                        else
                        {
                            inQuotes = false;
                        }
                    }
                }
                else if (b == (byte)'"' && atFieldStart)
                {
                    inQuotes = true;
                    atFieldStart = false;
                }
                else
                {
                    atFieldStart = b == (byte)',';
                }

                i++;
            }

            records.Add((start, i - first));
            if (i < bytes.Length)
            {
                // The line end outside quotes: CRLF or one byte.
                i += bytes[i] == (byte)'\r' && i + 1 < bytes.Length && bytes[i + 1] == (byte)'\n' ? 2 : 1;
            }
        }

        return records;
    }

    /// <summary>The lines of a JSON Lines file: split on LF after a BOM, a final LF ends the last line; each line's length without one trailing CR.</summary>
    public static List<long> JsonLineLengths(byte[] bytes)
    {
        var lengths = new List<long>();
        ReadOnlySpan<byte> rest = bytes.AsSpan().StartsWith((byte[])[0xEF, 0xBB, 0xBF]) ? bytes.AsSpan(3) : bytes;
        while (!rest.IsEmpty)
        {
            int newline = rest.IndexOf((byte)'\n');
            ReadOnlySpan<byte> line = newline < 0 ? rest : rest[..newline];
            lengths.Add(line.Length > 0 && line[^1] == (byte)'\r' ? line.Length - 1 : line.Length);
            rest = newline < 0 ? [] : rest[(newline + 1)..];
        }

        return lengths;
    }

    private static Gen<(byte[] Bytes, string[] Descriptions)> Mutate(byte[] bytes, int count)
        => count == 0
            ? Gen.Constant((bytes, Array.Empty<string>()))
            : from first in Mutation(bytes)
              from rest in Mutate(first.Bytes, count - 1)
              select (rest.Bytes, (string[])[first.Description, .. rest.Descriptions]);

    private static PointsFile Corrupt(bool json, PointText[] points, int index, bool time, string text, string description)
    {
        PointText[] written = [.. points];
        written[index] = time ? points[index] with { Time = text } : points[index] with { EntityId = text };
        return new PointsFile(json, points, json ? JsonLines(written, false, false) : Csv(written, false, false, 0, true), [description], PointsReader.DefaultMaxRecordBytes, int.MaxValue);
    }

    /// <summary>
    /// Where the offset of an ISO-8601 instant starts. A cut before it leaves an instant without an offset, which names no
    /// instant; a cut inside it may leave another valid offset (<c>-04:30</c> cut to <c>-04</c>), which names another
    /// instant that no reader can tell from a real one (so does a comma or line break put inside it, splitting the field),
    /// so the corruption property cuts and inserts only before the offset or after the whole instant.
    /// </summary>
    private static int OffsetStart(string time) => time.IndexOfAny(['Z', '+', '-'], time.IndexOf('T', StringComparison.Ordinal));

    private static string Format(Instant instant, string offset)
    {
        Offset value = offset switch
        {
            "+02:00" => Offset.FromHours(2),
            "-04:30" => Offset.FromHoursAndMinutes(-4, -30),
            "+14:00" => Offset.FromHours(14),
            _ => Offset.Zero,
        };
        string text = OffsetDateTimePattern.ExtendedIso.Format(instant.WithOffset(value));
        return offset == "+00:00" ? text[..^1] + "+00:00" : text;
    }

    private static byte[] Csv(PointText[] points, bool crlf, bool bom, int layout, bool finalBreak)
    {
        string end = crlf ? "\r\n" : "\n";
        var text = new StringWriter { NewLine = end };
        text.Write(layout switch
        {
            0 => "order_id,prediction_time",
            1 => "prediction_time,note,order_id",
            _ => "note,order_id,prediction_time,more",
        });
        foreach (PointText point in points)
        {
            text.Write(end);
            string?[] fields = layout switch
            {
                0 => [point.EntityId, point.Time],
                1 => [point.Time, "a \"note\", with, commas", point.EntityId],
                _ => [null, point.EntityId, point.Time, "x"],
            };
            for (int i = 0; i < fields.Length; i++)
            {
                if (i > 0)
                {
                    text.Write(',');
                }

                RowCodec.WriteCsvField(text, fields[i]);
            }
        }

        if (finalBreak && points.Length > 0)
        {
            text.Write(end);
        }

        byte[] bytes = Encoding.UTF8.GetBytes(text.ToString());
        return bom ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes;
    }

    private static byte[] JsonLines(PointText[] points, bool crlf, bool bom)
    {
        var text = new StringBuilder();
        foreach (PointText point in points)
        {
            text.Append("{\"order_id\":").Append(System.Text.Json.JsonSerializer.Serialize(point.EntityId))
                .Append(",\"prediction_time\":").Append(System.Text.Json.JsonSerializer.Serialize(point.Time))
                .Append(crlf ? "}\r\n" : "}\n");
        }

        byte[] bytes = Encoding.UTF8.GetBytes(text.ToString());
        return bom ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes;
    }

    private static byte[] Flip(byte[] bytes, int at, int bit)
    {
        byte[] flipped = [.. bytes];
        flipped[at] ^= (byte)(1 << bit);
        return flipped;
    }

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes);

    private static string Show(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using FeatureContracts.Rows;
using FeatureContracts.Export.Events;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using NodaTime.Text;

namespace FeatureContracts.Export.Tests.Events;

/// <summary>A log as lines of bytes (none holding '\n'), read with a line limit through reads of a given size.</summary>
public sealed record ByteLog(byte[][] Lines, int MaxLineBytes, int Chunk)
{
    public byte[] Joined()
    {
        var joined = new List<byte>();
        for (int i = 0; i < Lines.Length; i++)
        {
            if (i > 0)
            {
                joined.Add((byte)'\n');
            }

            joined.AddRange(Lines[i]);
        }

        return [.. joined];
    }

    public override string ToString()
        => $"limit {MaxLineBytes}, chunk {Chunk}: [{string.Join(", ", Lines.Select(l => "\"" + Encoding.UTF8.GetString(l).Replace("\r", "\\r", StringComparison.Ordinal) + "\""))}]";
}

public static class ByteLogArbitrary
{
    private static readonly string[] Samples =
    [
        .. EventLogSamples.All,
        "", "  ", "{}", "[]", "null", "{\"type\":\"scan\",", "{\"type\":\"scan\"}",
        EventLogSamples.With(EventLogSamples.DeliveredLine, "occurred_at", "\"2026-05-03T14:00:00\""),
        EventLogSamples.With(EventLogSamples.OrderPlacedLine, "distance_km", "1e999"),
        EventLogSamples.With(EventLogSamples.ScanLine, "location", "\"K\\u00f6ln \\ud83d\\udce6\""),
        "{\"type\":\"scan\",\"type\":\"scan\"}",
        "\uFEFF" + EventLogSamples.ScanLine,
    ];

    private static Gen<byte[]> RandomBytes { get; } =
        ArbMap.Default.GeneratorFor<byte[]>().Select(bytes => (bytes ?? []).Where(b => b != (byte)'\n').ToArray());

    private static Gen<byte[]> SampleLines { get; } = Gen.Elements(Samples).Select(Encoding.UTF8.GetBytes);

    private static Gen<byte[]> Line { get; } = Gen.Frequency(
        (3, RandomBytes),
        (3, SampleLines),
        (1, SampleLines.Select(l => l.Append((byte)'\r').ToArray())),
        (1, from l in SampleLines from cut in Gen.Choose(0, l.Length) select l[..cut]),
        (1, from l in SampleLines from at in Gen.Choose(0, l.Length) from b in ArbMap.Default.GeneratorFor<byte>().Where(b => b != (byte)'\n')
            select (byte[])[.. l[..at], b, .. l[at..]]));

    public static Gen<ByteLog> Logs { get; } =
        from count in Gen.Choose(0, 12)
        from lines in Gen.ArrayOf(Line, count)
        from limit in Gen.Frequency((1, Gen.Choose(1, 16)), (2, Gen.Choose(17, 400)), (1, Gen.Constant(65_536)))
        from chunk in Gen.Choose(1, 40)
        select new ByteLog(lines, limit, chunk);

    public static Arbitrary<ByteLog> ByteLogArb() => Arb.From(Logs);
}

/// <summary>Properties of the reader over arbitrary bytes.</summary>
public sealed class EventLogReaderPropertyTests
{
    private const int Runs = 500;

    /// <summary>The log format's definition of its lines: after a leading BOM, split on '\n'; a final '\n' ends the last line.</summary>
    private static List<byte[]> LinesOf(byte[] log)
    {
        ReadOnlySpan<byte> rest = log.AsSpan().StartsWith("\uFEFF"u8) ? log.AsSpan(3) : log;
        var lines = new List<byte[]>();
        while (!rest.IsEmpty)
        {
            int newline = rest.IndexOf((byte)'\n');
            if (newline < 0)
            {
                lines.Add(rest.ToArray());
                break;
            }

            lines.Add(rest[..newline].ToArray());
            rest = rest[(newline + 1)..];
        }

        return lines;
    }

    [Property(Arbitrary = [typeof(ByteLogArbitrary)], MaxTest = Runs)]
    public bool Any_bytes_yield_exactly_one_result_per_line_numbered_from_one_and_never_throw(ByteLog log)
    {
        byte[] bytes = log.Joined();
        var reader = new EventLogReader(EventLogSamples.Schema, new EventLogReaderOptions { MaxLineBytes = log.MaxLineBytes });
        using var stream = new TrickleStream(bytes, log.Chunk);

        List<EventLine> read = reader.Read(stream).ToList();

        List<byte[]> lines = LinesOf(bytes);
        return read.Count == lines.Count
            && read.Select(l => l.LineNumber).SequenceEqual(Enumerable.Range(1, lines.Count).Select(i => (long)i))
            && read.All(l => (l.Event is null) != (l.Rejection is null) && (l.Rejection is null || l.Rejection.LineNumber == l.LineNumber));
    }

    [Property(Arbitrary = [typeof(ByteLogArbitrary)], MaxTest = Runs)]
    public bool Reading_a_log_equals_parsing_each_of_its_lines(ByteLog log)
    {
        byte[] bytes = log.Joined();
        var reader = new EventLogReader(EventLogSamples.Schema, new EventLogReaderOptions { MaxLineBytes = log.MaxLineBytes });
        using var stream = new TrickleStream(bytes, log.Chunk);

        List<EventLine> read = reader.Read(stream).ToList();

        List<EventLine> parsed = LinesOf(bytes).Select((line, i) => reader.ParseLine(line, i + 1)).ToList();
        return read.SequenceEqual(parsed);
    }

    [Property(Arbitrary = [typeof(ByteLogArbitrary)], MaxTest = Runs)]
    public bool The_number_of_a_line_does_not_depend_on_how_long_the_earlier_lines_were(ByteLog log)
    {
        // A line over the limit is skipped, never merged with the next, whatever the limit: every line keeps its number.
        byte[] bytes = log.Joined();
        var strict = new EventLogReader(EventLogSamples.Schema, new EventLogReaderOptions { MaxLineBytes = log.MaxLineBytes });
        var roomy = new EventLogReader(EventLogSamples.Schema);
        using var a = new TrickleStream(bytes, log.Chunk);
        using var b = new TrickleStream(bytes, log.Chunk);
        List<EventLine> limited = strict.Read(a).ToList();
        List<EventLine> unlimited = roomy.Read(b).ToList();

        return limited.Count == unlimited.Count && limited.Zip(unlimited).All(pair =>
            pair.First.LineNumber == pair.Second.LineNumber
            && (pair.First.Rejection?.Code == LineRejectionCode.LineTooLong || pair.First.Equals(pair.Second)));
    }
}

/// <summary>A generated timestamp text, mostly near the canonical shape.</summary>
public sealed record TimestampText(string Text)
{
    public override string ToString() => Text;
}

/// <summary>A generated date text, mostly near the canonical shape.</summary>
public sealed record DateText(string Text)
{
    public override string ToString() => Text;
}

public static class IsoTextArbitrary
{
    public static Gen<string> Timestamps { get; } =
        from year in Gen.Frequency((6, Gen.Choose(1990, 2040)), (1, Gen.Choose(0, 9999)))
        from month in Gen.Choose(0, 13)
        from day in Gen.Choose(0, 32)
        from hour in Gen.Choose(0, 25)
        from minute in Gen.Choose(0, 60)
        from second in Gen.Choose(0, 60)
        from fractionDigits in Gen.Frequency((3, Gen.Constant(0)), (3, Gen.Choose(1, 9)), (1, Gen.Constant(10)))
        from fraction in Gen.Choose(0, int.MaxValue)
        from separator in Gen.Frequency((8, Gen.Constant('.')), (1, Gen.Constant(',')))
        from offset in Gen.Frequency(
            (3, Gen.Constant("Z")),
            (1, Gen.Elements("z", "", "+00:00", "-00:00", "+02", "+0200", "+05:30:15", "+18:00", "-18:00")),
            (4, from sign in Gen.Elements('+', '-') from h in Gen.Choose(0, 19) from m in Gen.Choose(0, 60)
                select string.Create(CultureInfo.InvariantCulture, $"{sign}{h:00}:{m:00}")))
        select string.Create(
            CultureInfo.InvariantCulture,
            $"{year:0000}-{month:00}-{day:00}T{hour:00}:{minute:00}:{second:00}")
            + (fractionDigits == 0 ? "" : separator + fraction.ToString("0000000000", CultureInfo.InvariantCulture)[..fractionDigits])
            + offset;

    public static Gen<string> Dates { get; } =
        from year in Gen.Choose(0, 10000)
        from month in Gen.Choose(0, 13)
        from day in Gen.Choose(0, 32)
        select string.Create(CultureInfo.InvariantCulture, $"{year:0000}-{month:00}-{day:00}");

    public static Arbitrary<TimestampText> TimestampArb() => Arb.From(Timestamps.Select(t => new TimestampText(t)));

    public static Arbitrary<DateText> DateArb() => Arb.From(Dates.Select(d => new DateText(d)));
}

/// <summary>The allocation-free timestamp and date fast paths agree with NodaTime's patterns, which define the format.</summary>
public sealed class IsoTextPropertyTests
{
    private const int Runs = 2000;

    [Property(Arbitrary = [typeof(IsoTextArbitrary)], MaxTest = Runs)]
    public bool Timestamp_fast_path_gives_NodaTimes_instant_whenever_it_accepts(TimestampText timestamp)
    {
        if (!IsoText.TryParseInstantFast(Encoding.UTF8.GetBytes(timestamp.Text), out Instant fast))
        {
            return true;
        }

        ParseResult<OffsetDateTime> noda = OffsetDateTimePattern.ExtendedIso.Parse(timestamp.Text);
        return noda.Success && noda.Value.ToInstant() == fast;
    }

    [Property(Arbitrary = [typeof(IsoTextArbitrary)], MaxTest = Runs)]
    public bool Timestamp_slow_path_agrees_with_NodaTime_on_every_generated_text(TimestampText timestamp)
    {
        InstantTextStatus status = IsoText.ParseInstant(timestamp.Text, out Instant instant);
        ParseResult<OffsetDateTime> noda = OffsetDateTimePattern.ExtendedIso.Parse(timestamp.Text);
        return noda.Success
            ? status is InstantTextStatus.Valid or InstantTextStatus.OutOfRange && (status != InstantTextStatus.Valid || instant == noda.Value.ToInstant())
            : status is InstantTextStatus.WithoutOffset or InstantTextStatus.Invalid;
    }

    [Property(Arbitrary = [typeof(IsoTextArbitrary)], MaxTest = Runs)]
    public bool Date_fast_path_gives_NodaTimes_date_whenever_it_accepts(DateText date)
    {
        if (!IsoText.TryParseDateFast(Encoding.UTF8.GetBytes(date.Text), out LocalDate fast))
        {
            return true;
        }

        ParseResult<LocalDate> noda = LocalDatePattern.Iso.Parse(date.Text);
        return noda.Success && noda.Value == fast;
    }

    [Fact]
    public void Most_generated_canonical_timestamps_take_the_fast_path()
    {
        // Guards the properties above against a fast path that silently declines everything.
        int fast = FsCheck.Fluent.Gen.Sample(IsoTextArbitrary.Timestamps, 500)
            .Count(t => IsoText.TryParseInstantFast(Encoding.UTF8.GetBytes(t), out _));

        fast.Should().BeGreaterThan(25);
    }

    [Theory]
    [InlineData("2026-05-01T09:00:00Z")]
    [InlineData("2026-05-01T11:00:00+02:00")]
    [InlineData("2026-05-01T04:30:00.5-04:30")]
    [InlineData("2026-05-01T09:00:00.123456789Z")]
    [InlineData("2024-02-29T23:59:59+17:59")]
    public void Canonical_timestamps_take_the_fast_path(string text)
    {
        IsoText.TryParseInstantFast(Encoding.UTF8.GetBytes(text), out Instant fast).Should().BeTrue();
        fast.Should().Be(OffsetDateTimePattern.ExtendedIso.Parse(text).Value.ToInstant());
    }

    [Theory]
    [InlineData("2026-05-01T09:00:00")]
    [InlineData("2026-05-01T09:00:00,5Z")]
    [InlineData("2026-05-01T24:00:00Z")]
    [InlineData("2026-05-01T09:00:00-00:00")]
    [InlineData("2026-05-01T09:00:00+18:00")]
    [InlineData("9999-12-31T09:00:00Z")]
    [InlineData("2026-02-29T09:00:00Z")]
    public void Unusual_timestamps_are_left_to_NodaTime(string text)
        => IsoText.TryParseInstantFast(Encoding.UTF8.GetBytes(text), out _).Should().BeFalse();
}

using System;
using System.IO;
using System.Text;
using System.Text.Json;
using FeatureContracts.Contracts;
using FeatureContracts.Rows;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using NodaTime.Text;

namespace FeatureContracts.Tests.Rows;

/// <summary>Every value's text reads back to the same bits, for every value; and every writer writes that text.</summary>
public sealed class RowCodecPropertyTests
{
    private static readonly Gen<long> AnyLong =
        from high in Gen.Choose(int.MinValue, int.MaxValue)
        from low in Gen.Choose(int.MinValue, int.MaxValue)
        select unchecked(((long)high << 32) | (uint)low);

    /// <summary>Any finite double from its 64 bits, with the edges (signed zeros, subnormals, extremes) often.</summary>
    private static readonly Gen<double> AnyFinite = Gen.Frequency(
        (6, AnyLong.Select(BitConverter.Int64BitsToDouble).Where(double.IsFinite)),
        (2, Gen.Choose(0, (1 << 30) - 1).Select(i => BitConverter.Int64BitsToDouble(i) * (i % 2 == 0 ? 1 : -1))),
        (1, Gen.Elements(0.0, -0.0, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue, 2.2250738585072009E-308, 2.2250738585072014E-308, 0.1, 1e20, 1e21, 1e-7)),
        (2, Gen.Choose(-100_000, 100_000).Select(i => i / 16.0)));

    private static readonly long MinTicks = Instant.MinValue.ToUnixTimeTicks();
    private static readonly long MaxTicks = Instant.MaxValue.ToUnixTimeTicks();

    /// <summary>Any instant NodaTime can hold, to the nanosecond; whole seconds and milliseconds often.</summary>
    private static readonly Gen<Instant> AnyInstant =
        from ticks in AnyLong.Select(l => MinTicks + unchecked((long)((ulong)l % (ulong)(MaxTicks - MinTicks))))
        from grainInTicks in Gen.Elements(0L, 1L, 10_000L, 10_000_000L)
        from nanoseconds in Gen.Choose(0, 99)
        select grainInTicks == 0
            ? Instant.FromUnixTimeTicks(ticks) + Duration.FromNanoseconds(nanoseconds)
            : Instant.FromUnixTimeTicks(ticks / grainInTicks * grainInTicks);

    private static readonly long MinDays = Duration.MinValue.Days;
    private static readonly long MaxDays = Duration.MaxValue.Days;

    /// <summary>Any duration NodaTime can hold, to the nanosecond; round numbers of units often.</summary>
    private static readonly Gen<Duration> AnyDuration = Gen.Frequency(
        (4, from days in AnyLong.Select(l => MinDays + unchecked((long)((ulong)l % (ulong)(MaxDays - MinDays + 1))))
            from nanosecondOfDay in AnyLong.Select(l => unchecked((long)((ulong)l % 86_400_000_000_000UL)))
            select Duration.FromDays(days) + Duration.FromNanoseconds(nanosecondOfDay)),
        (3, from amount in Gen.Choose(-100_000, 100_000)
            from unit in Gen.Elements(Duration.FromHours(1), Duration.FromMinutes(1), Duration.FromSeconds(1), Duration.FromMilliseconds(1), Duration.FromNanoseconds(1))
            select unit * amount),
        (1, Gen.Elements(Duration.Zero, Duration.MinValue, Duration.MaxValue, Duration.Epsilon, -Duration.Epsilon)));

    [Property(MaxTest = 2000)]
    public Property Every_finite_number_reads_back_from_its_text_bit_for_bit()
        => Prop.ForAll(Arb.From(AnyFinite), value =>
        {
            string text = RowCodec.FormatNumber(value);
            return BitConverter.DoubleToInt64Bits(RowCodec.ParseNumber(text)) == BitConverter.DoubleToInt64Bits(value)
                && RowCodec.ParseValue(FeatureKind.Numeric, text) == FeatureValue.Numeric(value);
        });

    [Property(MaxTest = 2000)]
    public Property Every_JSON_writer_writes_a_number_in_the_codecs_text()
        => Prop.ForAll(Arb.From(AnyFinite), value =>
        {
            var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer, RowCodec.JsonOptions))
            {
                RowCodec.WriteJsonValue(json, FeatureValue.Numeric(value));
            }

            return Encoding.UTF8.GetString(buffer.ToArray()) == RowCodec.FormatNumber(value);
        });

    [Property(MaxTest = 2000)]
    public Property Every_finite_number_formats_the_same_into_a_span_and_a_string()
        => Prop.ForAll(Arb.From(AnyFinite), value =>
        {
            Span<char> buffer = stackalloc char[32];
            return RowCodec.TryFormatNumber(value, buffer, out int written) && buffer[..written].ToString() == RowCodec.FormatNumber(value);
        });

    [Property(MaxTest = 2000)]
    public Property Every_instant_reads_back_from_its_text_to_the_nanosecond()
        => Prop.ForAll(Arb.From(AnyInstant), instant =>
        {
            string text = RowCodec.FormatInstant(instant);
            return RowCodec.ParseInstant(text) == instant && text.EndsWith('Z');
        });

    [Property(MaxTest = 1000)]
    public Property Every_instant_written_with_an_offset_reads_as_the_same_instant()
        => Prop.ForAll(Arb.From(AnyInstant.Where(i => i > Instant.MinValue + Duration.FromDays(2) && i < Instant.MaxValue - Duration.FromDays(2))), Arb.From(Gen.Choose((-18 * 60) + 1, (18 * 60) - 1)), (instant, minutes) =>
        {
            Offset offset = Offset.FromSeconds(minutes * 60);
            string text = OffsetDateTimePattern.ExtendedIso.Format(instant.WithOffset(offset));
            return RowCodec.ParseInstant(text) == instant;
        });

    [Property(MaxTest = 2000)]
    public Property Every_duration_reads_back_from_its_one_text()
        => Prop.ForAll(Arb.From(AnyDuration), duration =>
        {
            string text = RowCodec.FormatDuration(duration);
            return RowCodec.ParseDuration(text) == duration;
        });

    /// <summary>Texts of the duration grammar with any part values, many of them not in the one form.</summary>
    private static readonly Gen<string> DurationLikeText =
        from negative in Gen.Elements(false, false, true)
        from hours in Gen.Elements(null, "0", "1", "01", "24", "31", "402653183", "402653184")
        from minutes in Gen.Elements(null, "0", "1", "29", "59", "60", "90")
        from seconds in Gen.Elements(null, "0", "1", "59", "60", "3600")
        from fraction in Gen.Elements(null, "5", "50", "000000001", "000000010", "123456789", "0")
        select (negative ? "-" : string.Empty) + "PT"
            + (hours is null ? string.Empty : hours + "H")
            + (minutes is null ? string.Empty : minutes + "M")
            + (seconds is null && fraction is null ? string.Empty : (seconds ?? "0") + (fraction is null ? string.Empty : "." + fraction) + "S");

    [Property(MaxTest = 2000)]
    public Property A_duration_text_is_accepted_exactly_when_it_is_the_one_text_of_what_it_says()
        => Prop.ForAll(Arb.From(DurationLikeText), text =>
        {
            bool accepted = RowCodec.TryParseDuration(text, out Duration duration, out string? error);
            return accepted
                ? RowCodec.FormatDuration(duration) == text && error is null
                : error!.StartsWith($"'{text}' is not", StringComparison.Ordinal);
        });

    [Fact]
    public void Every_combination_of_cell_notes_reads_back_from_its_names()
    {
        for (int bits = 0; bits < 64; bits++)
        {
            var notes = (CellNotes)bits;
            RowCodec.ParseFlags<CellNotes>(RowCodec.FormatFlags(notes)).Should().Be(notes);
        }
    }
}

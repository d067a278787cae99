using System;
using System.IO;
using System.Linq;
using System.Text;
using FeatureContracts.Export.Events;
using FeatureContracts.Export.Points;
using NodaTime;

namespace FeatureContracts.Export.Tests.Points;

/// <summary>
/// The points reader's records: RFC 4180 CSV through the one CSV reader, bounded memory for any line, and the rules of a
/// prediction instant (plausible, whole microseconds) in both formats.
/// </summary>
public sealed class PointsReaderRecordTests : IDisposable
{
    private const string Header = "order_id,prediction_time\n";

    private readonly string _folder = Directory.CreateTempSubdirectory("fc-points-tests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static MemoryStream Utf8(string text) => new(Encoding.UTF8.GetBytes(text));

    private static PointLine[] Csv(string text, int maxRecordBytes = PointsReader.DefaultMaxRecordBytes)
        => [.. PointsReader.ReadCsv(Utf8(text), "order_id", maxRecordBytes)];

    private static PointLine[] Jsonl(string text, int maxRecordBytes = PointsReader.DefaultMaxRecordBytes)
        => [.. PointsReader.ReadJsonLines(Utf8(text), "order_id", maxRecordBytes)];

    private static (long Line, string? Field, LineRejectionCode? Code) Outcome(PointLine line)
        => (line.LineNumber, line.Rejection?.Field, line.Rejection?.Code);

    [Fact]
    public void A_64_MiB_line_is_rejected_without_being_held_and_the_lines_after_it_are_read()
    {
        // Before, a line was read whole into a string (two bytes a character), so this one line allocated over 128 MiB.
        string path = Path.Combine(_folder, "points.csv");
        const int LineBytes = 64 << 20;
        using (var file = new FileStream(path, FileMode.Create, FileAccess.Write))
        {
            file.Write(Encoding.UTF8.GetBytes(Header + "O-1,2026-05-01T09:00:00Z\nO-2,2026-05-01T09:00:00Z,"));
            byte[] chunk = new byte[1 << 20];
            chunk.AsSpan().Fill((byte)'x');
            for (int written = 0; written < LineBytes; written += chunk.Length)
            {
                file.Write(chunk);
            }

            file.Write(Encoding.UTF8.GetBytes("\nO-3,2026-05-01T10:00:00Z\n"));
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        PointLine[] lines = [.. PointsReader.ReadFile(path, "order_id")];
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        lines.Select(Outcome).Should().Equal((2L, null, null), (3L, null, LineRejectionCode.LineTooLong), (4L, null, null));
        lines[1].Rejection!.Reason.Should().StartWith($"The record is {LineBytes + 25} bytes long, over the limit of 65536 bytes; it was skipped unread. It starts: \"O-2,2026-05-01T09:00:00Z,xxx");
        lines[2].Point.Should().Be(new PredictionPoint("O-3", Instant.FromUtc(2026, 5, 1, 10, 0)));
        allocated.Should().BeLessThan(16L * PointsReader.DefaultMaxRecordBytes, "the reader holds at most a bounded part of any line, whatever its length");
    }

    [Fact]
    public void A_too_long_json_line_is_rejected_and_reading_goes_on()
    {
        string longLine = "{\"order_id\":\"O-1\",\"prediction_time\":\"2026-05-01T09:00:00Z\",\"note\":\"" + new string('x', 200) + "\"}";
        PointLine[] lines = Jsonl(longLine + "\n{\"order_id\":\"O-2\",\"prediction_time\":\"2026-05-01T09:00:00Z\"}\n", maxRecordBytes: 100);

        lines.Select(Outcome).Should().Equal((1L, null, LineRejectionCode.LineTooLong), (2L, null, null));
        lines[0].Rejection!.Reason.Should().StartWith($"The line is {longLine.Length} bytes long, over the limit of 100 bytes");
    }

    [Fact]
    public void A_quoted_field_may_hold_commas_doubled_quotes_and_line_breaks_and_lines_are_counted_through_it()
    {
        PointLine[] lines = Csv(
            "\uFEFForder_id,note,prediction_time\r\n"
            + "\"O,1\",\"two\r\nlines\",2026-05-01T09:00:00Z\r\n"
            + "\"O \"\"quoted\"\"\",\"a\nb\nc\",2026-05-01T10:00:00Z\r\n"
            + "O-3,,2026-05-01T11:00:00Z");

        lines.Select(l => (l.LineNumber, l.Point!.EntityId)).Should().Equal((2L, "O,1"), (4L, "O \"quoted\""), (7L, "O-3"));
    }

    [Theory]
    [InlineData("O-1,2026-05-01T09:00:00Z,a\"b\nO-2,2026-05-01T09:00:00Z\n", "note", "A double quote inside an unquoted field (line 2)")]
    [InlineData("O-1,\"2026-05-01T09:00:00Z\"x,a\nO-2,2026-05-01T09:00:00Z\n", "prediction_time", "Text follows the closing quote of a quoted field (line 2)")]
    public void A_record_with_a_stray_quote_is_rejected_naming_its_field_and_the_next_record_is_read(string records, string field, string reason)
    {
        PointLine[] lines = Csv("order_id,prediction_time,note\n" + records);

        lines.Select(Outcome).Should().Equal((2L, field, LineRejectionCode.MalformedCsv), (3L, null, null));
        lines[0].Rejection!.Reason.Should().StartWith(reason);
    }

    [Fact]
    public void A_quoted_field_never_closed_runs_to_the_end_as_one_rejected_record()
    {
        PointLine[] lines = Csv(Header + "O-1,2026-05-01T09:00:00Z\n\"O-2,2026-05-01T09:00:00Z\nO-3,2026-05-01T09:00:00Z\n");

        lines.Select(Outcome).Should().Equal((2L, null, null), (3L, "order_id", LineRejectionCode.MalformedCsv));
        lines[1].Rejection!.Reason.Should().Be("The quoted field opened at line 3 is not closed before the end of the input.");
    }

    [Fact]
    public void A_field_that_is_not_utf8_is_rejected_naming_the_field_not_replaced()
    {
        byte[] text = [.. Encoding.UTF8.GetBytes(Header + "O-"), 0xFF, .. Encoding.UTF8.GetBytes(",2026-05-01T09:00:00Z\nO-2,2026-05-01T09:00:00Z\n")];

        PointLine[] lines = [.. PointsReader.ReadCsv(new MemoryStream(text), "order_id")];

        lines.Select(Outcome).Should().Equal((2L, "order_id", LineRejectionCode.MalformedCsv), (3L, null, null));
        lines[0].Rejection!.Reason.Should().StartWith("The field is not valid UTF-8: the byte 0xFF at byte 3 of the field");
    }

    [Theory]
    [InlineData("2026-05-01T09:00:00.0000001Z")]
    [InlineData("2026-05-01T09:00:00.123456789Z")]
    [InlineData("2026-05-01T11:00:00.0000005+02:00")]
    public void A_prediction_time_finer_than_a_microsecond_is_rejected_naming_line_and_field_in_both_formats(string time)
    {
        PointLine csv = Csv(Header + "O-1," + time + "\n").Single();
        PointLine jsonl = Jsonl("{\"order_id\":\"O-1\",\"prediction_time\":\"" + time + "\"}\n").Single();

        Outcome(csv).Should().Be((2L, "prediction_time", LineRejectionCode.TimestampFinerThanMicrosecond));
        Outcome(jsonl).Should().Be((1L, "prediction_time", LineRejectionCode.TimestampFinerThanMicrosecond));
        csv.Rejection!.Reason.Should().StartWith($"prediction_time \"{time}\" is finer than a microsecond");
    }

    [Fact]
    public void A_prediction_time_of_whole_microseconds_is_read_exactly()
        => Csv(Header + "O-1,2026-05-01T09:00:00.123456Z\n").Single().Point!.PredictionTime
            .Should().Be(Instant.FromUtc(2026, 5, 1, 9, 0) + Duration.FromTicks(1_234_560));

    [Theory]
    [InlineData("-0001-05-01T09:00:00Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("1899-12-31T23:59:59.999999Z")]
    [InlineData("2200-01-01T00:00:00Z")]
    [InlineData("9999-12-31T00:00:00Z")]
    public void A_prediction_time_outside_the_plausible_range_is_rejected_naming_the_field(string time)
    {
        PointLine line = Csv(Header + "O-1," + time + "\n").Single();

        Outcome(line).Should().Be((2L, "prediction_time", LineRejectionCode.TimestampOutOfRange));
        line.Rejection!.Reason.Should().Be(
            $"prediction_time \"{time}\" is outside the plausible range of instants, 1900-01-01T00:00:00Z (included) to 2200-01-01T00:00:00Z (excluded); it is a placeholder or a corrupted value, not a time something happened.");
    }

    [Theory]
    [InlineData("1900-01-01T00:00:00Z")]
    [InlineData("2199-12-31T23:59:59.999999Z")]
    public void The_ends_of_the_plausible_range_are_usable(string time)
        => Csv(Header + "O-1," + time + "\n").Single().Point.Should().NotBeNull();

    [Theory]
    [InlineData("{\"order_id\":\"O-1\",\"order_id\":\"O-2\",\"prediction_time\":\"2026-05-01T09:00:00Z\"}", "order_id", LineRejectionCode.DuplicateField)]
    [InlineData("{\"order_id\":\"\\ud800\",\"prediction_time\":\"2026-05-01T09:00:00Z\"}", "order_id", LineRejectionCode.InvalidValue)]
    [InlineData("{\"order_\\ud800id\":\"O-1\",\"prediction_time\":\"2026-05-01T09:00:00Z\"}", null, LineRejectionCode.MalformedJson)]
    [InlineData("  ", null, LineRejectionCode.EmptyLine)]
    public void Json_lines_points_that_are_ambiguous_or_not_text_are_rejected_not_thrown(string line, string? field, LineRejectionCode code)
        => Outcome(Jsonl(line + "\n").Single()).Should().Be((1L, field, code));

    [Fact]
    public void A_json_line_that_is_not_utf8_is_rejected()
    {
        byte[] text = [.. "{\"order_id\":\"O-"u8, 0xC3, .. "\",\"prediction_time\":\"2026-05-01T09:00:00Z\"}\n"u8];

        Outcome(PointsReader.ReadJsonLines(new MemoryStream(text), "order_id").Single()).Should().Be((1L, null, LineRejectionCode.MalformedJson));
    }

    [Fact]
    public void Points_in_memory_follow_the_same_rules_as_points_in_a_file()
    {
        PointLine fine = PointsReader.Checked(1, new PredictionPoint("O-1", Instant.FromUtc(2026, 5, 1, 9, 0) + Duration.FromNanoseconds(1)));
        PointLine early = PointsReader.Checked(2, new PredictionPoint("O-1", Instant.FromUtc(1, 1, 1, 0, 0)));

        Outcome(fine).Should().Be((1L, "prediction_time", LineRejectionCode.TimestampFinerThanMicrosecond));
        Outcome(early).Should().Be((2L, "prediction_time", LineRejectionCode.TimestampOutOfRange));
    }

    [Fact]
    public void A_header_that_is_not_csv_refuses_the_file()
        => FluentActions.Invoking(() => Csv("order_id,\"prediction_time\n"))
            .Should().Throw<InvalidDataException>().WithMessage("The points header (line 1) is not usable CSV: The quoted field opened at line 1*");
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using FeatureContracts.Export.Events;
using FeatureContracts.Shipments.Events;
using NodaTime;
using static FeatureContracts.Export.Tests.Events.EventLogSamples;

namespace FeatureContracts.Export.Tests.Events;

/// <summary>The rules of a whole log: line splitting, numbering, limits, laziness, files.</summary>
public sealed class EventLogReaderStreamTests
{
    private static readonly string MixedLog = string.Join('\n',
        OrderPlacedLine,                                               // 1 accepted
        "",                                                        // 2 EmptyLine
        ScanLine,                                                      // 3 accepted
        "{\"type\":\"scan\",",                                     // 4 MalformedJson
        "[1,2,3]",                                                 // 5 NotAnObject
        With(ScanLine, "type", "\"parcel_lost\""),                     // 6 UnknownType
        BacklogLine,                                                   // 7 accepted
        With(DeliveredLine, "occurred_at", "\"2026-05-03T14:00:00\""), // 8 TimestampWithoutOffset
        DeliveredLine,                                                 // 9 accepted
        "   ",                                                     // 10 EmptyLine
        ComplaintLine) + "\n";                                         // 11 accepted

    [Fact]
    public void Every_line_of_a_log_yields_one_result_numbered_in_order()
    {
        List<EventLine> lines = ReadAll(string.Join('\n', All));

        lines.Select(l => l.LineNumber).Should().Equal(1, 2, 3, 4, 5);
        lines.Select(l => l.Event!.EventType).Should().Equal("order_placed", "scan", "backlog_measured", "delivered", "complaint");
    }

    [Fact]
    public void Accepted_and_rejected_lines_reconcile_with_the_line_count_of_a_mixed_log()
    {
        List<EventLine> lines = ReadAll(MixedLog);

        int lineCount = MixedLog.Count(c => c == '\n');
        lines.Should().HaveCount(lineCount);
        (lines.Count(l => l.Event is not null) + lines.Count(l => l.Rejection is not null)).Should().Be(lineCount);
        lines.Should().OnlyContain(l => (l.Event == null) != (l.Rejection == null));
        lines.Select(l => l.LineNumber).Should().Equal(Enumerable.Range(1, lineCount).Select(i => (long)i));
        lines.Where(l => l.Event is not null).Select(l => l.LineNumber).Should().Equal(1, 3, 7, 9, 11);
        lines.Where(l => l.Rejection is not null).Select(l => (l.LineNumber, l.Rejection!.Code)).Should().Equal(
            (2, LineRejectionCode.EmptyLine),
            (4, LineRejectionCode.MalformedJson),
            (5, LineRejectionCode.NotAnObject),
            (6, LineRejectionCode.UnknownType),
            (8, LineRejectionCode.TimestampWithoutOffset),
            (10, LineRejectionCode.EmptyLine));
    }

    [Fact]
    public void Crlf_line_endings_are_stripped()
    {
        List<EventLine> lines = ReadAll(ScanLine + "\r\n" + DeliveredLine + "\r\n");

        lines.Should().HaveCount(2);
        lines[0].ShouldBeAccepted(1);
        lines[1].ShouldBeAccepted(2);
        lines[1].Event.Should().Be(new Delivered("O-204", Instant.FromUtc(2026, 5, 3, 14, 0), Instant.FromUtc(2026, 5, 3, 14, 20), "e-4"));
    }

    [Fact]
    public void A_line_of_only_a_carriage_return_is_blank_and_extra_carriage_returns_are_json_whitespace()
    {
        List<EventLine> lines = ReadAll("\r\n" + ScanLine + "\r\r\n");

        lines.Should().HaveCount(2);
        lines[0].ShouldBeRejected(1, null, LineRejectionCode.EmptyLine);
        lines[1].ShouldBeAccepted(2);
    }

    [Fact]
    public void A_byte_order_mark_at_the_start_is_skipped()
    {
        List<EventLine> lines = ReadAll([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(ScanLine + "\n" + DeliveredLine)]);

        lines.Should().HaveCount(2);
        lines[0].ShouldBeAccepted(1);
        lines[1].ShouldBeAccepted(2);
    }

    [Fact]
    public void A_byte_order_mark_alone_is_an_empty_log()
        => ReadAll([0xEF, 0xBB, 0xBF]).Should().BeEmpty();

    [Fact]
    public void A_byte_order_mark_after_the_start_is_not_skipped()
        => ReadAll([.. Encoding.UTF8.GetBytes(ScanLine + "\n"), 0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(DeliveredLine)])[1]
            .ShouldBeRejected(2, null, LineRejectionCode.MalformedJson);

    [Fact]
    public void A_final_line_without_a_line_break_is_still_a_line()
    {
        List<EventLine> lines = ReadAll(ScanLine + "\n" + ComplaintLine);

        lines.Should().HaveCount(2);
        lines[1].ShouldBeAccepted(2);
        lines[1].Event.Should().BeOfType<Complaint>();
    }

    [Fact]
    public void A_trailing_line_break_does_not_add_a_line()
        => ReadAll(ScanLine + "\n").Should().ContainSingle().Which.ShouldBeAccepted(1);

    [Fact]
    public void Two_trailing_line_breaks_make_one_empty_line()
    {
        List<EventLine> lines = ReadAll(ScanLine + "\n\n");

        lines.Should().HaveCount(2);
        lines[1].ShouldBeRejected(2, null, LineRejectionCode.EmptyLine);
    }

    [Fact]
    public void An_empty_log_has_no_lines()
        => ReadAll("").Should().BeEmpty();

    [Fact]
    public void A_lone_line_break_is_one_empty_line()
        => ReadAll("\n").Should().ContainSingle().Which.ShouldBeRejected(1, null, LineRejectionCode.EmptyLine);

    [Fact]
    public void A_one_megabyte_line_under_a_64_kb_limit_is_rejected_and_the_next_line_still_parses()
    {
        string huge = "{\"type\":\"scan\",\"pad\":\"" + new string('x', 1 << 20) + "\"}";
        string log = ScanLine + "\n" + huge + "\n" + DeliveredLine + "\n";

        List<EventLine> lines = ReadAll(log, new EventLogReaderOptions { MaxLineBytes = 64 * 1024 });

        lines.Should().HaveCount(3);
        lines[0].ShouldBeAccepted(1);
        lines[1].ShouldBeRejected(2, null, LineRejectionCode.LineTooLong, "{\"type\":\"scan\",\"pad\":\"xxx");
        lines[1].Rejection!.Reason.Should().Contain(huge.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)).And.Contain("65536");
        lines[2].ShouldBeAccepted(3);
        lines[2].Event.Should().BeOfType<Delivered>();
    }

    [Fact]
    public void A_too_long_final_line_without_a_line_break_is_rejected()
    {
        List<EventLine> lines = ReadAll(ScanLine + "\n" + new string('y', 5000), new EventLogReaderOptions { MaxLineBytes = 1000 });

        lines.Should().HaveCount(2);
        lines[1].ShouldBeRejected(2, null, LineRejectionCode.LineTooLong, "5000 bytes");
    }

    [Fact]
    public void A_line_exactly_at_the_limit_with_crlf_is_parsed()
    {
        int limit = Encoding.UTF8.GetByteCount(ScanLine);

        List<EventLine> lines = ReadAll(ScanLine + "\r\n" + ScanLine + "x\r\n" + ScanLine, new EventLogReaderOptions { MaxLineBytes = limit });

        lines.Should().HaveCount(3);
        lines[0].ShouldBeAccepted(1);
        lines[1].ShouldBeRejected(2, null, LineRejectionCode.LineTooLong, $"{limit + 1} bytes");
        lines[2].ShouldBeAccepted(3);
    }

    [Fact]
    public void Lines_cut_across_every_read_boundary_give_the_same_results()
    {
        byte[] log = Encoding.UTF8.GetBytes(MixedLog);
        List<EventLine> whole = ReadAll(log);
        var reader = new EventLogReader(EventLogSamples.Schema);

        foreach (int chunk in new[] { 1, 2, 3, 7, 64, 4096 })
        {
            using var stream = new TrickleStream(log, chunk);
            reader.Read(stream).Should().Equal(whole, $"reads of {chunk} bytes must not change anything");
        }
    }

    [Fact]
    public void Reading_is_lazy_and_pulls_only_what_the_consumer_takes()
    {
        byte[] head = Encoding.UTF8.GetBytes(ScanLine + "\n" + DeliveredLine + "\n");
        using var stream = new EndlessStream(head);

        List<EventLine> firstTwo = new EventLogReader(EventLogSamples.Schema).Read(stream).Take(2).ToList();

        firstTwo.Should().HaveCount(2);
        firstTwo.Should().OnlyContain(l => l.Event != null);
        stream.BytesServed.Should().BeLessThan(1 << 20);
    }

    [Fact]
    public void An_endless_line_is_skipped_in_bounded_memory_until_its_line_break()
    {
        // 64 MiB of 'z' without a line break, then a valid line; the reader never holds more than its limit.
        using var stream = new GeneratedStream(64L << 20, Encoding.UTF8.GetBytes("\n" + DeliveredLine + "\n"));

        List<EventLine> lines = new EventLogReader(EventLogSamples.Schema, new EventLogReaderOptions { MaxLineBytes = 4096 }).Read(stream).ToList();

        lines.Should().HaveCount(2);
        lines[0].ShouldBeRejected(1, null, LineRejectionCode.LineTooLong, (64L << 20).ToString(System.Globalization.CultureInfo.InvariantCulture));
        lines[1].ShouldBeAccepted(2);
        stream.LargestRead.Should().BeLessThanOrEqualTo(2 * 4096 + 2 + 4096);
    }

    [Fact]
    public void Read_refuses_a_null_stream_at_once()
    {
        Action read = () => new EventLogReader(EventLogSamples.Schema).Read(null!);

        read.Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void Read_does_not_dispose_the_stream()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(ScanLine));

        _ = new EventLogReader(EventLogSamples.Schema).Read(stream).ToList();

        stream.CanRead.Should().BeTrue();
    }

    [Fact]
    public void An_io_error_surfaces_as_an_exception()
    {
        using var stream = new FailingStream();

        Action read = () => _ = new EventLogReader(EventLogSamples.Schema).Read(stream).ToList();

        read.Should().Throw<IOException>();
    }

    [Fact]
    public void ReadFile_reads_the_file_and_reads_it_again_on_each_enumeration()
    {
        string path = Path.Combine(Path.GetTempPath(), $"fc-events-{Guid.NewGuid():N}.jsonl");
        try
        {
            File.WriteAllText(path, MixedLog, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
            IEnumerable<EventLine> lines = new EventLogReader(EventLogSamples.Schema).ReadFile(path);

            lines.Should().Equal(ReadAll(MixedLog));
            lines.Count().Should().Be(11);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ReadFile_refuses_a_null_path_at_once_and_reports_a_missing_file_when_enumerated()
    {
        var reader = new EventLogReader(EventLogSamples.Schema);
        Action nullPath = () => reader.ReadFile(null!);
        string missing = Path.Combine(Path.GetTempPath(), $"fc-missing-{Guid.NewGuid():N}.jsonl");

        nullPath.Should().Throw<ArgumentNullException>();
        IEnumerable<EventLine> lazy = reader.ReadFile(missing);
        Action enumerate = () => _ = lazy.ToList();
        enumerate.Should().Throw<FileNotFoundException>();
    }

    [Fact]
    public void One_reader_serves_many_threads_at_once()
    {
        var reader = new EventLogReader(EventLogSamples.Schema);
        byte[] log = Encoding.UTF8.GetBytes(MixedLog);
        List<EventLine> expected = ReadAll(log);

        Parallel.For(0, 32, _ =>
        {
            using var stream = new MemoryStream(log);
            reader.Read(stream).Should().Equal(expected);
        });
    }

    [Fact]
    public void Repeated_low_cardinality_values_share_one_string_within_a_read()
    {
        List<EventLine> lines = ReadAll(OrderPlacedLine + "\n" + With(OrderPlacedLine, "order_id", "\"O-205\""));

        var a = (OrderPlaced)lines[0].Event!;
        var b = (OrderPlaced)lines[1].Event!;
        b.OrderId.Should().Be("O-205");
        ReferenceEquals(a.Carrier, b.Carrier).Should().BeTrue();
        ReferenceEquals(a.Origin, b.Origin).Should().BeTrue();
    }

    /// <summary>Serves its head, then spaces forever (a log far larger than memory).</summary>
    private sealed class EndlessStream(byte[] head) : Stream
    {
        public long BytesServed { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => BytesServed; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            for (int i = 0; i < count; i++)
            {
                buffer[offset + i] = BytesServed < head.Length ? head[BytesServed] : (byte)' ';
                BytesServed++;
            }

            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Serves <c>length</c> bytes of 'z', then a tail; records the largest read asked for.</summary>
    private sealed class GeneratedStream(long length, byte[] tail) : Stream
    {
        private long _position;

        public int LargestRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length + tail.Length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            LargestRead = Math.Max(LargestRead, count);
            int served = 0;
            while (served < count && _position < Length)
            {
                buffer[offset + served++] = _position < length ? (byte)'z' : tail[_position - length];
                _position++;
            }

            return served;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private sealed class FailingStream : MemoryStream
    {
        public FailingStream()
            : base(Encoding.UTF8.GetBytes(ScanLine + "\n"))
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new IOException("disk gone");

        public override int Read(Span<byte> buffer) => throw new IOException("disk gone");
    }
}

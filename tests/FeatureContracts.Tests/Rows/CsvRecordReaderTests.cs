using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using FeatureContracts.Rows;

namespace FeatureContracts.Tests.Rows;

/// <summary>The one CSV reader: RFC 4180 records from UTF-8 bytes, one result per record, memory bounded by the record limit.</summary>
public sealed class CsvRecordReaderTests
{
    /// <summary>Each record: its start line, and its fields' text or its problem.</summary>
    private static List<(long Line, string Result)> ReadAll(byte[] bytes, int maxRecordBytes = CsvRecordReader.DefaultMaxRecordBytes, int chunk = int.MaxValue)
    {
        var reader = new CsvRecordReader(new TrickleStream(bytes, chunk), maxRecordBytes);
        var fields = new List<CsvField>();
        var results = new List<(long, string)>();
        while (reader.TryRead(fields, out long line, out CsvProblem? problem))
        {
            results.Add((line, problem is null ? string.Join("|", fields.Select(f => f.Quoted ? $"<{f.Text}>" : f.Text)) : $"{problem.Kind}@{problem.Column}"));
        }

        return results;
    }

    private static List<(long Line, string Result)> ReadAll(string text, int maxRecordBytes = CsvRecordReader.DefaultMaxRecordBytes, int chunk = int.MaxValue)
        => ReadAll(Encoding.UTF8.GetBytes(text), maxRecordBytes, chunk);

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Quoted_fields_hold_commas_doubled_quotes_and_line_breaks_and_lines_are_counted_through_them(int chunk)
        => ReadAll("\uFEFFa,\"b\r\nc\",d\r\ne,\"f \"\"g\"\"\"\ng\rh,\"\"\r\n\r\n", chunk: chunk).Should().Equal(
            (1L, "a|<b\r\nc>|d"),
            (3L, "e|<f \"g\">"),
            (4L, "g"),
            (5L, "h|<>"),
            (6L, ""));

    [Fact]
    public void A_final_record_needs_no_line_end_and_a_final_line_end_starts_no_record()
    {
        ReadAll("a,b").Should().Equal((1L, "a|b"));
        ReadAll("a,b\r\n").Should().Equal((1L, "a|b"));
        ReadAll(string.Empty).Should().BeEmpty();
        ReadAll("\uFEFF").Should().BeEmpty();
    }

    [Theory]
    [InlineData("a,\"b\r\nx,y\r\n", "UnterminatedQuote@2")]
    [InlineData("a,\"b\"c\r\nx,y\r\n", "TextAfterClosingQuote@2")]
    [InlineData("a,b\"c\r\nx,y\r\n", "QuoteInUnquotedField@2")]
    public void A_malformed_record_is_one_problem_naming_its_field_and_reading_goes_on(string text, string problem)
    {
        List<(long Line, string Result)> results = ReadAll("ok\r\n" + text);

        results[0].Should().Be((1L, "ok"));
        results[1].Should().Be((2L, problem));
        if (!problem.StartsWith("Unterminated", StringComparison.Ordinal))
        {
            // The stray quote is read as text: the record ends at its line end, and the next record is read.
            results.Skip(2).Should().Equal((3L, "x|y"));
        }
    }

    [Fact]
    public void A_record_over_the_limit_is_skipped_to_its_end_even_across_quoted_line_breaks()
    {
        List<(long Line, string Result)> results = ReadAll("a,b\n\"0123456789\n0123456789\",c\nd,e\n", maxRecordBytes: 8, chunk: 3);

        results.Should().Equal((1L, "a|b"), (2L, "RecordTooLong@"), (4L, "d|e"));
    }

    [Fact]
    public void The_limit_counts_the_record_as_written_without_its_line_end()
    {
        ReadAll("abcd\r\nabcde\r\n\"ab\"\r\n", maxRecordBytes: 4).Select(r => r.Result).Should().Equal("abcd", "RecordTooLong@", "<ab>");
    }

    [Fact]
    public void A_too_long_record_says_how_long_and_how_it_starts()
    {
        var reader = new CsvRecordReader(new MemoryStream(Encoding.UTF8.GetBytes(new string('x', 300) + "\n")), maxRecordBytes: 10);
        reader.TryRead([], out long line, out CsvProblem? problem).Should().BeTrue();

        line.Should().Be(1);
        problem!.Reason.Should().Be($"The record is 300 bytes long, over the limit of 10 bytes; it was skipped unread. It starts: \"{new string('x', 64)}...\"");
    }

    [Fact]
    public void A_field_that_is_not_utf8_is_a_problem_not_a_replacement_character()
    {
        byte[] bytes = [.. "a,b"u8, 0xE2, 0x82, .. ",c\nd\n"u8];

        ReadAll(bytes).Should().Equal((1L, "InvalidUtf8@2"), (2L, "d"));
    }

    [Fact]
    public void A_64_MiB_record_is_read_past_with_allocations_bounded_by_the_limit()
    {
        const long RecordBytes = 64L << 20;
        const int Limit = 64 << 10;
        var reader = new CsvRecordReader(new GeneratedRecordStream(RecordBytes), Limit);
        var fields = new List<CsvField>();

        long before = GC.GetAllocatedBytesForCurrentThread();
        reader.TryRead(fields, out _, out CsvProblem? first).Should().BeTrue();
        reader.TryRead(fields, out long line, out CsvProblem? second).Should().BeTrue();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        first!.Kind.Should().Be(CsvProblemKind.RecordTooLong);
        first.Reason.Should().StartWith($"The record is {RecordBytes} bytes long");
        (line, second, fields.Single().Text).Should().Be((2L, (CsvProblem?)null, "after"));
        allocated.Should().BeLessThan(8L * Limit);
    }

    [Fact]
    public void The_limit_must_be_positive_and_at_most_1_GiB()
    {
        FluentActions.Invoking(() => new CsvRecordReader(new MemoryStream(), 0)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => new CsvRecordReader(new MemoryStream(), CsvRecordReader.MaxRecordBytesLimit + 1)).Should().Throw<ArgumentOutOfRangeException>();
    }

    /// <summary>Returns at most <c>chunk</c> bytes per read, as a network stream may.</summary>
    private sealed class TrickleStream(byte[] bytes, int chunk) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, chunk)]);
    }

    /// <summary>One record of <c>length</c> bytes of <c>x</c>, then <c>\nafter\n</c>, generated as it is read: the test holds none of it.</summary>
    private sealed class GeneratedRecordStream(long length) : Stream
    {
        private static readonly byte[] Tail = "\nafter\n"u8.ToArray();
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length + Tail.Length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = 0;
            while (n < count && _position < Length)
            {
                buffer[offset + n++] = _position < length ? (byte)'x' : Tail[_position - length];
                _position++;
            }

            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

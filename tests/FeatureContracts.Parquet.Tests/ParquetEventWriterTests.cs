using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using FeatureContracts.Export.Events;
using FeatureContracts.Shipments.Events;
using NodaTime;
using static FeatureContracts.Parquet.Tests.EventLogFiles;

namespace FeatureContracts.Parquet.Tests;

/// <summary>The Parquet event writer: what it writes (seen by DuckDB) and that the source reads it back.</summary>
public sealed class ParquetEventWriterTests : TempFolderTests
{
    [Fact]
    public async Task A_written_log_reads_back_to_equal_events_of_every_type_with_every_field()
    {
        string path = PathOf("events.parquet");
        WriteParquet(path, EveryKind());

        var lines = await ReadAllAsync(new ParquetEventSource(path));

        lines.Select(l => l.LineNumber).Should().Equal(1, 2, 3, 4, 5, 6, 7, 8, 9);
        lines.Should().OnlyContain(l => l.Rejection == null);
        lines.Select(l => l.Event).Should().Equal(EveryKind());

        var placed = (OrderPlaced)lines[0].Event!;
        placed.OrderId.Should().Be("O-204");
        placed.OccurredAt.Should().Be(Instant.FromUtc(2026, 4, 30, 16, 0));
        placed.RecordedAt.Should().Be(Instant.FromUtc(2026, 4, 30, 16, 0, 30));
        placed.EventId.Should().Be("e-1");
        placed.Carrier.Should().Be("northline");
        placed.DistanceKm.Should().Be(620);
        placed.Expedited.Should().BeFalse();
        placed.Origin.Should().Be("WH-HAM");
        placed.PromisedDate.Should().Be(new LocalDate(2026, 5, 3));
        placed.DestinationZone.Id.Should().Be("Europe/Berlin");

        var bare = (OrderPlaced)lines[1].Event!;
        bare.Carrier.Should().BeNull();
        bare.DistanceKm.Should().BeNull();
        bare.Expedited.Should().BeNull();
        bare.EventId.Should().BeNull();
        bare.OccurredAt.Should().Be(Instant.FromUtc(2026, 5, 2, 8, 0).PlusNanoseconds(123_456_000));
        bare.RecordedAt.Should().Be(bare.OccurredAt);
        bare.DestinationZone.Id.Should().Be("America/New_York");

        ((Scan)lines[3].Event!).Location.Should().Be("K\u00f6ln \ud83d\udce6");
        ((Scan)lines[4].Event!).Location.Should().BeNull();
        ((BacklogMeasured)lines[6].Event!).QueueLength.Should().Be(42.5);
        lines[7].Event.Should().Be(new Delivered("O-204", At("2026-05-03T14:00:00Z"), At("2026-05-03T14:10:00Z"), "e-8"));
        lines[8].Event.Should().Be(new Complaint("O-204", At("2026-05-04T10:00:00Z"), null, "e-9"));
    }

    [Fact]
    public void DuckDB_reads_the_columns_with_their_types_and_every_value()
    {
        string path = PathOf("events.parquet");
        WriteParquet(path, EveryKind());

        var described = Query($"DESCRIBE SELECT * FROM read_parquet('{path}')").Select(r => ((string)r[0]!, (string)r[1]!)).ToList();
        described.Should().Equal(
            ("type", "VARCHAR"),
            ("event_id", "VARCHAR"),
            ("order_id", "VARCHAR"),
            ("occurred_at", "TIMESTAMP WITH TIME ZONE"),
            ("recorded_at", "TIMESTAMP WITH TIME ZONE"),
            ("carrier", "VARCHAR"),
            ("distance_km", "DOUBLE"),
            ("expedited", "BOOLEAN"),
            ("origin", "VARCHAR"),
            ("promised_date", "DATE"),
            ("destination_zone", "VARCHAR"),
            ("location", "VARCHAR"),
            ("warehouse", "VARCHAR"),
            ("queue_length", "DOUBLE"));

        Query($"SELECT DISTINCT repetition_type FROM parquet_schema('{path}') WHERE coalesce(num_children, 0) = 0").Select(r => r[0])
            .Should().Equal("OPTIONAL");

        var rows = Query(
            $"SELECT type, event_id, order_id, epoch_us(occurred_at), epoch_us(recorded_at), carrier, distance_km, expedited, origin, CAST(promised_date AS VARCHAR), destination_zone, location, warehouse, queue_length FROM read_parquet('{path}')");
        rows.Should().HaveCount(9);
        rows[0].Should().Equal(new object?[] { "order_placed", "e-1", "O-204", 1777564800000000L, 1777564830000000L, "northline", 620.0, false, "WH-HAM", "2026-05-03", "Europe/Berlin", null, null, null });
        rows[1].Should().Equal(new object?[] { "order_placed", null, "O-300", 1777708800123456L, 1777708800123456L, null, null, null, "WH-MUC", "2026-05-05", "America/New_York", null, null, null });
        rows[3].Should().Equal(new object?[] { "scan", "e-4", "O-204", 1777597200000000L, 1777597500500000L, null, null, null, null, null, null, "K\u00f6ln \ud83d\udce6", null, null });
        rows[6].Should().Equal(new object?[] { "backlog_measured", null, null, 1777784400000000L, 1777784400000000L, null, null, null, null, null, null, null, "WH-LYS", 42.5 });
        rows[8].Should().Equal(new object?[] { "complaint", "e-9", "O-204", 1777888800000000L, 1777888800000000L, null, null, null, null, null, null, null, null, null });
    }

    [Fact]
    public async Task Row_groups_are_bounded_and_rows_are_numbered_across_them()
    {
        string path = PathOf("events.parquet");
        WriteParquet(path, EveryKind(), rowGroupSize: 2);

        Query($"SELECT row_group_id, row_group_num_rows FROM parquet_metadata('{path}') WHERE column_id = 0 ORDER BY row_group_id")
            .Select(r => Convert.ToInt64(r[1], System.Globalization.CultureInfo.InvariantCulture))
            .Should().Equal(2L, 2L, 2L, 2L, 1L);
        var lines = await ReadAllAsync(new ParquetEventSource(path));
        lines.Select(l => l.LineNumber).Should().Equal(1, 2, 3, 4, 5, 6, 7, 8, 9);
        lines.Select(l => l.Event).Should().Equal(EveryKind());
    }

    [Fact]
    public void The_same_events_give_byte_identical_files()
    {
        WriteParquet(PathOf("a.parquet"), EveryKind(), rowGroupSize: 4);
        WriteParquet(PathOf("b.parquet"), EveryKind(), rowGroupSize: 4);

        File.ReadAllBytes(PathOf("a.parquet")).Should().Equal(File.ReadAllBytes(PathOf("b.parquet")));
    }

    [Fact]
    public async Task An_empty_log_is_a_readable_file_without_rows()
    {
        string path = PathOf("empty.parquet");
        ParquetEventWriter.WriteFile(path, Schema, []).Should().Be(0);

        (await ReadAllAsync(new ParquetEventSource(path))).Should().BeEmpty();
    }

    [Fact]
    public void Events_the_reader_would_not_give_back_are_refused_before_anything_is_buffered()
    {
        Instant t = Instant.FromUtc(2026, 5, 1, 9, 0);
        using var writer = new ParquetEventWriter(Schema, new MemoryStream());

        writer.Invoking(w => w.Write(new Scan("O-1", t.PlusNanoseconds(100)))).Should().Throw<ArgumentException>().WithMessage("*occurred_at*finer than a microsecond*");
        writer.Invoking(w => w.Write(new Scan("O-1", t, recordedAt: t.PlusNanoseconds(1)))).Should().Throw<ArgumentException>().WithMessage("*recorded_at*");
        writer.Invoking(w => w.Write(new Scan("O-1", t, "  "))).Should().Throw<ArgumentException>().WithMessage("*location is blank*");
        writer.Invoking(w => w.Write(new Delivered("O-1", t, eventId: ""))).Should().Throw<ArgumentException>().WithMessage("*event_id is blank*");
        writer.Invoking(w => w.Write(new OrderPlaced("O-1", t, "x", double.NaN, null, "WH", new LocalDate(2026, 5, 3), Berlin)))
            .Should().Throw<ArgumentException>().WithMessage("*distance_km is not a value the log can hold*NaN*");
        writer.Invoking(w => w.Write(new BacklogMeasured("WH", double.PositiveInfinity, t))).Should().Throw<ArgumentException>().WithMessage("*queue_length*");
        writer.Invoking(w => w.Write(new OrderPlaced("O-1", t, " ", 1, null, "WH", new LocalDate(2026, 5, 3), Berlin))).Should().Throw<ArgumentException>().WithMessage("*carrier is blank*");
        writer.Invoking(w => w.Write(new Complaint("O-1", Instant.FromUtc(-5, 1, 1, 0, 0)))).Should().Throw<ArgumentException>().WithMessage("*years 1 to 9999*");

        writer.Count.Should().Be(0);
    }

    [Fact]
    public async Task A_refused_event_leaves_the_rows_before_it_intact()
    {
        string path = PathOf("partial.parquet");
        using (FileStream file = File.Create(path))
        using (var writer = new ParquetEventWriter(Schema, file))
        {
            writer.Write(EveryKind()[0]);
            writer.Invoking(w => w.Write(new Scan("O-1", Instant.FromUtc(2026, 5, 1, 9, 0).PlusNanoseconds(1)))).Should().Throw<ArgumentException>();
            writer.Write(EveryKind()[7]);
            writer.Complete();
            writer.Count.Should().Be(2);
        }

        (await ReadAllAsync(new ParquetEventSource(path))).Select(l => l.Event).Should().Equal(EveryKind()[0], EveryKind()[7]);
    }

    [Fact]
    public void Without_Complete_no_readable_file_is_written_and_after_it_nothing_more()
    {
        var output = new MemoryStream();
        var writer = new ParquetEventWriter(Schema, output);
        writer.Write(EveryKind()[0]);
        writer.Dispose();
        output.Length.Should().Be(0);

        using var complete = new ParquetEventWriter(Schema, new MemoryStream());
        complete.Complete();
        complete.Invoking(w => w.Write(EveryKind()[0])).Should().Throw<InvalidOperationException>();
        complete.Invoking(w => w.Complete()).Should().Throw<InvalidOperationException>();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(ParquetEventWriter.MaxRowGroupSize + 1)]
    public void Row_group_size_must_be_positive_and_bounded(int size)
        => FluentActions.Invoking(() => new ParquetEventWriter(Schema, new MemoryStream(), rowGroupSize: size)).Should().Throw<ArgumentOutOfRangeException>();

    [Fact]
    public async Task A_JSON_Lines_log_converts_to_a_Parquet_log_with_the_same_events()
    {
        string jsonl = PathOf("events.jsonl");
        string parquet = PathOf("events.parquet");
        WriteJsonLines(jsonl, EveryKind());

        ParquetEventWriter.WriteFile(parquet, Schema, new EventLogReader(Schema).ReadFile(jsonl).Select(l => l.Event!)).Should().Be(9);

        (await ReadAllAsync(new ParquetEventSource(parquet))).Select(l => l.Event).Should().Equal(EveryKind());
    }
}

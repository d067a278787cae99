using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FeatureContracts.Export.Sinks;
using FeatureContracts.Rows;
using FeatureContracts.Shipments;
using FeatureContracts.Shipments.Contract;
using FeatureContracts.Shipments.Events;

namespace FeatureContracts.Parquet.Tests;

/// <summary>The Parquet sink, read back by an independent reader: DuckDB.</summary>
public sealed class ParquetRowSinkTests : IDisposable
{
    private static readonly string[] Columns =
        ["order_id", "prediction_time", "distance_km", "hours_since_last_scan", "origin_backlog", "carrier", "expedited", "origin_backlog_missing", "label"];

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "fc-parquet-tests-" + Guid.NewGuid().ToString("N"));

    public ParquetRowSinkTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void DuckDB_reads_the_columns_in_contract_order_with_their_types()
    {
        string path = Save(ParquetFixtures.Write(ParquetFixtures.Rows()));

        var described = Query($"DESCRIBE SELECT * FROM read_parquet('{path}')").Select(r => ((string)r[0]!, (string)r[1]!)).ToList();

        described.Should().Equal(
            ("order_id", "VARCHAR"),
            ("prediction_time", "TIMESTAMP WITH TIME ZONE"),
            ("distance_km", "DOUBLE"),
            ("hours_since_last_scan", "DOUBLE"),
            ("origin_backlog", "DOUBLE"),
            ("carrier", "VARCHAR"),
            ("expedited", "BOOLEAN"),
            ("origin_backlog_missing", "INTEGER"),
            ("label", "INTEGER"));
    }

    [Fact]
    public void Identity_indicator_and_label_columns_are_required_features_optional()
    {
        string path = Save(ParquetFixtures.Write(ParquetFixtures.Rows()));

        var repetition = Query($"SELECT name, repetition_type FROM parquet_schema('{path}') WHERE coalesce(num_children, 0) = 0")
            .ToDictionary(r => (string)r[0]!, r => (string)r[1]!);

        repetition.Keys.Should().Equal(Columns);
        Columns.Where(c => repetition[c] == "REQUIRED").Should().Equal("order_id", "prediction_time", "origin_backlog_missing", "label");
        Columns.Where(c => repetition[c] == "OPTIONAL").Should().Equal("distance_km", "hours_since_last_scan", "origin_backlog", "carrier", "expedited");
    }

    [Fact]
    public void DuckDB_reads_back_every_value()
    {
        var rows = ParquetFixtures.Rows();
        string path = Save(ParquetFixtures.Write(rows));

        var read = Query($"SELECT order_id, epoch_us(prediction_time), distance_km, hours_since_last_scan, origin_backlog, carrier, expedited, origin_backlog_missing, label FROM read_parquet('{path}')");

        read.Should().HaveCount(4);
        read.Select(r => r[0]).Should().Equal("O-204", "O-300", "O-301", "O-302");
        read.Select(r => r[1]).Should().Equal(rows.Select(r => (object)(r.Row.PredictionInstant.ToUnixTimeTicks() / 10)));
        read[0].Should().Equal("O-204", 1777626000000000L, 620.0, 8.0, 18.0, "northline", false, 0, 1);
        read[1].Should().Equal("O-300", 1777723200000000L, 1234.5, 168.0, null, "other", true, 1, 0);
        read[2].Should().Equal("O-301", 1777798800500000L, 12.25, 2.0 + (1.0 / 3), 42.5, "swiftpost", false, 0, 1);
        read[3].Should().Equal("O-302", 1777838400000000L, 80.0, 1.0, null, "bluefreight", false, 1, 0);
    }

    [Fact]
    public void The_prediction_time_is_an_instant_in_UTC()
    {
        string path = Save(ParquetFixtures.Write(ParquetFixtures.Rows()));

        var read = Query($"SELECT CAST(prediction_time AS VARCHAR) FROM read_parquet('{path}')").Select(r => r[0]).ToList();

        read.Should().Equal("2026-05-01 09:00:00+00", "2026-05-02 12:00:00+00", "2026-05-03 09:00:00.5+00", "2026-05-03 20:00:00+00");
    }

    [Fact]
    public void A_missing_origin_backlog_is_SQL_NULL_never_0_or_NaN()
    {
        string path = Save(ParquetFixtures.Write(ParquetFixtures.Rows()));

        var read = Query(
            $"SELECT origin_backlog IS NULL, origin_backlog_missing FROM read_parquet('{path}') WHERE order_id IN ('O-300', 'O-302') ORDER BY order_id");
        object?[] counts = Query(
            $"SELECT count(*) FILTER (WHERE origin_backlog IS NULL), count(*) FILTER (WHERE origin_backlog = 0), count(*) FILTER (WHERE isnan(origin_backlog)), count(origin_backlog) FROM read_parquet('{path}')").Single();

        read.Should().AllSatisfy(r => r.Should().Equal(true, 1));
        counts.Should().Equal(2L, 0L, 0L, 2L);
    }

    [Fact]
    public void Same_rows_give_byte_identical_files()
        => ParquetFixtures.Write(ParquetFixtures.Rows()).Should().Equal(ParquetFixtures.Write(ParquetFixtures.Rows()));

    [Fact]
    public void Rows_are_written_in_row_groups_of_the_configured_size_and_read_back_in_order()
    {
        var rows = Enumerable.Range(0, 10).Select(i => (ParquetFixtures.Build(
            $"O-{i:D3}", "2026-05-01T09:00:00Z", new OrderPlaced($"O-{i:D3}", ParquetFixtures.At("2026-05-01T08:00:00Z"), "northline", 100 + i, i % 2 == 0, "WH-HAM", new NodaTime.LocalDate(2026, 5, 5), ParquetFixtures.Berlin)), i % 3 == 0)).ToList();
        string path = Save(ParquetFixtures.Write(rows, rowGroupSize: 4));

        var groups = Query($"SELECT row_group_id, row_group_num_rows FROM parquet_metadata('{path}') GROUP BY ALL ORDER BY row_group_id");
        var read = Query($"SELECT order_id, distance_km, label FROM read_parquet('{path}')");

        groups.Select(g => g[1]).Should().Equal(4L, 4L, 2L);
        read.Select(r => r[0]).Should().Equal(rows.Select(r => (object)r.Item1.EntityId));
        read.Select(r => r[1]).Should().Equal(Enumerable.Range(0, 10).Select(i => (object)(100.0 + i)));
        read.Select(r => r[2]).Should().Equal(Enumerable.Range(0, 10).Select(i => (object)(i % 3 == 0 ? 1 : 0)));
    }

    [Fact]
    public void The_file_names_its_contract_in_its_metadata()
    {
        string path = Save(ParquetFixtures.Write(ParquetFixtures.Rows()));

        var metadata = Query($"SELECT decode(key), decode(value) FROM parquet_kv_metadata('{path}')").ToDictionary(r => (string)r[0]!, r => (string)r[1]!);

        metadata.Should().Contain("featurecontracts.contract", "late_delivery")
            .And.Contain("featurecontracts.contract_version", "1")
            .And.Contain("featurecontracts.fingerprint", LateDeliveryContract.V1.Fingerprint);
    }

    [Fact]
    public void An_export_without_rows_is_a_readable_empty_file()
    {
        string path = Save(ParquetFixtures.Write([]));

        Query($"SELECT count(*) FROM read_parquet('{path}')").Single()[0].Should().Be(0L);
        Query($"DESCRIBE SELECT * FROM read_parquet('{path}')").Select(r => r[0]).Should().Equal(Columns);
    }

    [Fact]
    public void A_forward_only_stream_is_enough_and_gives_the_same_bytes()
    {
        var inner = new MemoryStream();
        using (var sink = new ParquetRowSink(new ForwardOnlyStream(inner)))
        {
            sink.Begin(RowLayout.For(ShipmentTransform.LateDeliveryV1));
            foreach (var (row, label) in ParquetFixtures.Rows())
            {
                sink.Write(row, label);
            }

            sink.Complete();
        }

        inner.ToArray().Should().Equal(ParquetFixtures.Write(ParquetFixtures.Rows()));
    }

    [Fact]
    public void Without_Complete_there_is_no_footer_so_no_reader_takes_it_for_a_file()
    {
        var output = new MemoryStream();
        using (var sink = new ParquetRowSink(output))
        {
            sink.Begin(RowLayout.For(ShipmentTransform.LateDeliveryV1));
            sink.Write(ParquetFixtures.Rows()[0].Row, true);
        }

        string path = Save(output.ToArray());
        FluentActions.Invoking(() => Query($"SELECT * FROM read_parquet('{path}')")).Should().Throw<Exception>();
    }

    [Fact]
    public void The_stream_stays_open_by_default_and_is_closed_with_leaveOpen_false()
    {
        var kept = new MemoryStream();
        using (var sink = new ParquetRowSink(kept))
        {
            sink.Begin(RowLayout.For(ShipmentTransform.LateDeliveryV1));
            sink.Complete();
        }

        kept.CanWrite.Should().BeTrue();

        var handed = new MemoryStream();
        using (var sink = new ParquetRowSink(handed, leaveOpen: false))
        {
            sink.Begin(RowLayout.For(ShipmentTransform.LateDeliveryV1));
            sink.Complete();
        }

        handed.CanWrite.Should().BeFalse();
    }

    [Fact]
    public void A_prediction_instant_finer_than_a_microsecond_is_refused_not_truncated()
    {
        FeatureRow row = ParquetFixtures.Build(
            "O-900", "2026-05-01T09:00:00.0000001Z", new OrderPlaced("O-900", ParquetFixtures.At("2026-05-01T08:00:00Z"), "northline", 100, false, "WH-HAM", new NodaTime.LocalDate(2026, 5, 5), ParquetFixtures.Berlin));
        using var sink = new ParquetRowSink(new MemoryStream());
        sink.Begin(RowLayout.For(ShipmentTransform.LateDeliveryV1));

        sink.Invoking(s => s.Write(row, true)).Should().Throw<ArgumentException>().WithMessage("*microsecond*");
    }

    [Fact]
    public void Writing_before_Begin_or_after_Complete_throws()
    {
        var (row, label) = ParquetFixtures.Rows()[0];
        using var sink = new ParquetRowSink(new MemoryStream());

        sink.Invoking(s => s.Write(row, label)).Should().Throw<InvalidOperationException>();
        sink.Begin(RowLayout.For(ShipmentTransform.LateDeliveryV1));
        sink.Complete();
        sink.Invoking(s => s.Write(row, label)).Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void The_registry_knows_parquet_once_registered()
    {
        RowSinkRegistry registry = ParquetRowSink.Register(RowSinkRegistry.Default, rowGroupSize: 1000);

        registry.Formats.Should().Equal("csv", "jsonl", "parquet");
        using IRowSink sink = registry.Create("parquet", new MemoryStream());
        sink.Should().BeOfType<ParquetRowSink>().Which.RowGroupSize.Should().Be(1000);
        sink.Format.Should().Be("parquet");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(ParquetRowSink.MaxRowGroupSize + 1)]
    public void Row_group_size_must_be_positive_and_bounded(int size)
        => FluentActions.Invoking(() => new ParquetRowSink(new MemoryStream(), rowGroupSize: size)).Should().Throw<ArgumentOutOfRangeException>();

    private static List<object?[]> Query(string sql) => EventLogFiles.Query(sql);

    private string Save(byte[] bytes)
    {
        string path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".parquet");
        File.WriteAllBytes(path, bytes);
        return path;
    }
}

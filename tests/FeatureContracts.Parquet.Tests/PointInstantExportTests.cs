using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using FeatureContracts.Export;
using FeatureContracts.Export.Events;
using FeatureContracts.Export.Points;
using FeatureContracts.Export.Sinks;
using FeatureContracts.Rows;
using FeatureContracts.Shipments;
using FeatureContracts.Shipments.Events;
using NodaTime;
using static FeatureContracts.Parquet.Tests.EventLogFiles;

namespace FeatureContracts.Parquet.Tests;

/// <summary>
/// Prediction instants finer than a microsecond (the resolution of a Parquet timestamp) and event instants outside the
/// plausible range: rejected, never crashing an export, the same in every output format.
/// </summary>
public sealed class PointInstantExportTests : TempFolderTests
{
    private static readonly Instant Snapshot = Instant.FromUtc(2026, 5, 6, 12, 0);
    private static readonly string[] Formats = ["csv", "jsonl", "parquet"];

    private static readonly RowSinkRegistry Sinks = ParquetRowSink.Register(RowSinkRegistry.Default);

    private async Task<Dictionary<string, ExportManifest>> ExportInEveryFormat(string events, PointSource points)
    {
        var exporter = new TrainingExporter(ShipmentTransform.LateDeliveryV1);
        var manifests = new Dictionary<string, ExportManifest>();
        foreach (string format in Formats)
        {
            manifests[format] = await exporter.ExportToFileAsync(
                EventSource.FromJsonLinesFile(events), points, PathOf("rows." + format), s => Sinks.Create(format, s), new ExportOptions { Snapshot = Snapshot });
        }

        return manifests;
    }

    /// <summary>The (entity, instant) of every row of the CSV and of the Parquet output.</summary>
    private (List<(string, Instant)> Csv, List<(string, Instant)> Parquet) RowKeys()
    {
        RowLayout layout = RowLayout.For(ShipmentTransform.LateDeliveryV1);
        var csv = new List<(string, Instant)>();
        using (FileStream file = File.OpenRead(PathOf("rows.csv")))
        {
            var reader = new CsvRecordReader(file);
            var fields = new List<CsvField>();
            reader.TryRead(fields, out _, out _).Should().BeTrue();
            while (reader.TryRead(fields, out _, out CsvProblem? problem))
            {
                problem.Should().BeNull();
                TrainingRecord record = RowCodec.ReadCsvRecord(layout, fields);
                csv.Add((record.EntityId, record.PredictionTime));
            }
        }

        List<(string, Instant)> parquet = [.. ParquetTrainingReader.Read(PathOf("rows.parquet"), layout).Select(r => (r.EntityId, r.PredictionTime))];
        return (csv, parquet);
    }

    private void ShouldBeTheSameExportInEveryFormat(Dictionary<string, ExportManifest> manifests)
    {
        string expected = (manifests["csv"] with { Outputs = [] }).ToJson();
        foreach ((string format, ExportManifest manifest) in manifests)
        {
            PointCounts points = manifest.Points;
            points.Read.Should().Be(points.Exported + points.Immature + points.Rejected.Values.Sum(), "the totals reconcile");
            (manifest with { Outputs = [] }).ToJson().Should().Be(expected, "the {0} export has the rows of the CSV export", format);
            File.ReadAllText(PathOf($"rows.{format}.rejects.jsonl")).Should().Be(File.ReadAllText(PathOf("rows.csv.rejects.jsonl")));
        }

        (List<(string, Instant)> csvRows, List<(string, Instant)> parquetRows) = RowKeys();
        parquetRows.Should().Equal(csvRows).And.HaveCount((int)manifests["parquet"].Points.Exported).And.HaveCountGreaterThan(100);
    }

    [Fact]
    public async Task A_point_finer_than_a_microsecond_is_rejected_naming_its_line_and_a_Parquet_export_completes()
    {
        var (events, points) = ParquetEventExportTests.Scenario(orders: 200, seed: 11);
        WriteJsonLines(PathOf("events.jsonl"), events);
        var text = new StringBuilder("order_id,prediction_time\n");
        foreach (PredictionPoint point in points.Take(40))
        {
            text.Append(point.EntityId).Append(',').Append(RowCodec.FormatInstant(point.PredictionTime)).Append('\n');
        }

        // Line 42: the same instant as a usable point, 100 ns later.
        PredictionPoint fine = points[0];
        text.Append(fine.EntityId).Append(',').Append(RowCodec.FormatInstant(fine.PredictionTime + Duration.FromTicks(1))).Append('\n');
        foreach (PredictionPoint point in points.Skip(40))
        {
            text.Append(point.EntityId).Append(',').Append(RowCodec.FormatInstant(point.PredictionTime)).Append('\n');
        }

        File.WriteAllText(PathOf("points.csv"), text.ToString());

        Dictionary<string, ExportManifest> manifests = await ExportInEveryFormat(PathOf("events.jsonl"), PointSource.FromFile(PathOf("points.csv")));

        ExportManifest parquet = manifests["parquet"];
        parquet.Points.Read.Should().Be(points.Count + 1);
        parquet.Points.Rejected["invalid_point:timestamp_finer_than_microsecond"].Should().Be(1);
        string reject = File.ReadLines(PathOf("rows.parquet.rejects.jsonl")).Single(l => l.Contains("timestamp_finer_than_microsecond", StringComparison.Ordinal));
        using (JsonDocument json = JsonDocument.Parse(reject))
        {
            JsonElement r = json.RootElement;
            (r.GetProperty("source").GetString(), r.GetProperty("line").GetInt64(), r.GetProperty("field").GetString())
                .Should().Be(("points", 42L, "prediction_time"));
            r.GetProperty("reason").GetString().Should().Be(
                $"prediction_time \"{RowCodec.FormatInstant(fine.PredictionTime + Duration.FromTicks(1))}\" is finer than a microsecond; a prediction instant must be a whole number of microseconds (the resolution of a Parquet timestamp), so that an export has the same rows in every output format.");
        }

        ShouldBeTheSameExportInEveryFormat(manifests);
    }

    [Fact]
    public async Task A_scheduled_point_after_an_event_recorded_at_a_finer_instant_is_rejected_in_every_format()
    {
        var (events, _) = ParquetEventExportTests.Scenario(orders: 200, seed: 11);

        // Order placements recorded 100 ns past the microsecond: the points scheduled after them are that fine too.
        List<ShipmentEvent> fine = [.. events.Select(e => e is OrderPlaced p && p.OrderId.EndsWith('7')
            ? new OrderPlaced(p.OrderId, p.OccurredAt, p.Carrier, p.DistanceKm, p.Expedited, p.Origin, p.PromisedDate, p.DestinationZone, p.RecordedAt + Duration.FromTicks(1), p.EventId)
            : e)];
        WriteJsonLines(PathOf("events.jsonl"), fine);

        Dictionary<string, ExportManifest> manifests = await ExportInEveryFormat(
            PathOf("events.jsonl"), PointSource.FromSchedule(SchedulePolicy.AfterEntityKnown(Duration.FromHours(2), Duration.FromHours(12))));

        int fineOrders = fine.OfType<OrderPlaced>().Count(p => p.OrderId.EndsWith('7'));
        manifests["parquet"].Points.Rejected["timestamp_finer_than_microsecond"].Should().Be(fineOrders * 2);
        ShouldBeTheSameExportInEveryFormat(manifests);
    }

    [Fact]
    public async Task Instants_outside_the_plausible_range_in_a_Parquet_log_are_rejected_as_in_a_JSON_Lines_log()
    {
        const string T = "TIMESTAMPTZ '2026-05-01 09:00:00+00'";
        string path = PathOf("range.parquet");
        DuckDbCopy(
            path,
            "SELECT * FROM (VALUES "
            + $"('delivered', 'O-1', TIMESTAMPTZ '1899-12-31 23:59:59.999999+00', NULL, NULL), "
            + $"('delivered', 'O-1', TIMESTAMPTZ '0001-01-01 00:00:00+00', NULL, NULL), "
            + $"('delivered', 'O-1', {T}, TIMESTAMPTZ '2200-01-01 00:00:00+00', NULL), "
            + $"('delivered', 'O-1', TIMESTAMPTZ '1900-01-01 00:00:00+00', TIMESTAMPTZ '2199-12-31 23:59:59.999999+00', NULL), "
            + $"('delivered', 'O-1', NULL, NULL, '-0001-05-01T09:00:00Z'), "
            + $"('delivered', 'O-1', NULL, NULL, '2026-05-01T09:00:00Z')"
            + ") t(type, order_id, occurred_at, recorded_at, occurred_text)");
        DuckDbCopy(PathOf("text.parquet"), $"SELECT type, order_id, occurred_text AS occurred_at FROM read_parquet('{path}') WHERE occurred_text IS NOT NULL");
        DuckDbCopy(PathOf("typed.parquet"), $"SELECT type, order_id, occurred_at, recorded_at FROM read_parquet('{path}') WHERE occurred_text IS NULL");

        List<EventLine> typed = await ReadAllAsync(new ParquetEventSource(PathOf("typed.parquet")));
        List<EventLine> text = await ReadAllAsync(new ParquetEventSource(PathOf("text.parquet")));

        typed.Select(l => (l.Rejection?.Field, l.Rejection?.Code)).Should().Equal(
            ("occurred_at", LineRejectionCode.TimestampOutOfRange),
            ("occurred_at", LineRejectionCode.TimestampOutOfRange),
            ("recorded_at", LineRejectionCode.TimestampOutOfRange),
            (null, null));
        typed[1].Rejection!.Reason.Should().Be(
            "occurred_at 0001-01-01T00:00:00Z is outside the plausible range of instants, 1900-01-01T00:00:00Z (included) to 2200-01-01T00:00:00Z (excluded); it is a placeholder or a corrupted value, not a time something happened.");
        text.Select(l => (l.Rejection?.Field, l.Rejection?.Code)).Should().Equal(("occurred_at", LineRejectionCode.TimestampOutOfRange), (null, null));
        text[0].Rejection!.Reason.Should().StartWith("occurred_at \"-0001-05-01T09:00:00Z\" is outside the plausible range");
    }
}

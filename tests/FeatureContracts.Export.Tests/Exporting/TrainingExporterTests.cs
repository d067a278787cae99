using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FeatureContracts.Export.Points;
using FeatureContracts.Export.Sharding;
using FeatureContracts.Export.Sinks;
using FeatureContracts.Rows;
using FeatureContracts.Shipments;
using FeatureContracts.Shipments.Events;
using FeatureContracts.Shipments.Histories;
using FeatureContracts.Shipments.Labels;
using NodaTime;

namespace FeatureContracts.Export.Tests;

public sealed class TrainingExporterTests : IDisposable
{
    private static readonly Instant Snapshot = Instant.FromUtc(2026, 5, 6, 12, 0);

    /// <summary>The smallest step of a prediction instant: a point is a whole number of microseconds.</summary>
    private static readonly Duration OneMicrosecond = Duration.FromTicks(10);

    private readonly string _folder = Directory.CreateTempSubdirectory("fc-export-tests-").FullName;
    private readonly ExportScenario _scenario = new(orders: 150, seed: 7);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static TrainingExporter Exporter() => new(ShipmentTransform.LateDeliveryV1);

    private static ExportOptions Options(Instant? snapshot = null, ShardSpec? shard = null, int partitions = 0)
        => new() { Snapshot = snapshot ?? Snapshot, Shard = shard ?? ShardSpec.Single, Partitions = partitions };

    private string PathOf(string name) => Path.Combine(_folder, name);

    private async Task<(List<(FeatureRow Row, bool Label)> Rows, ExportManifest Manifest)> Capture(
        EventSource events, PointSource points, ExportOptions options, TextWriter? rejects = null)
    {
        var sink = new CapturingSink();
        ExportManifest manifest = await Exporter().ExportAsync(events, points, sink, options, rejects);
        return (sink.Rows, manifest);
    }

    [Fact]
    public async Task Exporter_rows_equal_the_core_transform_rows_for_the_same_points()
    {
        var (rows, _) = await Capture(EventSource.FromEvents(_scenario.Events), PointSource.FromPoints(_scenario.Points), Options());

        // The reference: the one transform called directly, on each order's events as known at the snapshot.
        var known = _scenario.Events.Where(e => e.RecordedAt <= Snapshot).ToList();
        BacklogTimeline backlog = BacklogTimeline.Of(known.OfType<BacklogMeasured>());
        var expected = new List<(FeatureRow Row, bool Label)>();
        foreach (PredictionPoint point in _scenario.Points)
        {
            ShipmentHistory history = ShipmentHistory.Of(point.EntityId, known.OfType<OrderEvent>().Where(e => e.OrderId == point.EntityId));
            RowResult result = ShipmentTransform.LateDeliveryV1.BuildRow(history, backlog, point.PredictionTime);
            if (result.IsAccepted && LateDeliveryLabel.At(history, Snapshot) is { IsKnown: true, IsLate: { } late })
            {
                expected.Add((result.Row, late));
            }
        }

        expected.Should().NotBeEmpty();
        rows.Should().HaveCount(expected.Count);
        static string Key((FeatureRow Row, bool Label) x) => x.Row.EntityId + "|" + x.Row.PredictionInstant.ToUnixTimeTicks();
        var byKey = rows.GroupBy(Key).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var e in expected)
        {
            byKey.Should().ContainKey(Key(e));
            byKey[Key(e)].Should().Contain(x => x.Row.Equals(e.Row) && x.Label == e.Label);
        }
    }

    [Fact]
    public async Task Points_reconcile_exported_plus_immature_plus_rejected_equals_read()
    {
        string points = PathOf("points.csv");
        _scenario.WritePoints(points);

        var (rows, manifest) = await Capture(EventSource.FromEvents(_scenario.Events), PointSource.FromFile(points), Options());

        manifest.Points.Read.Should().Be(_scenario.Points.Count + 1);
        (manifest.Points.Exported + manifest.Points.Immature + manifest.Points.Rejected.Values.Sum()).Should().Be(manifest.Points.Read);
        manifest.Points.Exported.Should().Be(rows.Count);
        manifest.Points.Immature.Should().BeGreaterThan(0);
        manifest.Points.Rejected.Should().ContainKey("invalid_point:timestamp_without_offset").WhoseValue.Should().Be(1);
        manifest.Points.Rejected.Should().ContainKey("outcome_already_known:delivered_after_promise");
        manifest.Points.Rejected.Should().ContainKey("missing_value:distance_km");
    }

    [Fact]
    public async Task Event_counts_reconcile_and_name_every_rejected_line()
    {
        string log = PathOf("events.jsonl");
        int malformed = _scenario.WriteLog(log);
        using var rejects = new StringWriter();

        var (_, manifest) = await Capture(EventSource.FromJsonLinesFile(log), PointSource.FromPoints(_scenario.Points), Options(), rejects);

        manifest.Events.LinesRead.Should().Be(_scenario.Events.Count + malformed);
        manifest.Events.Rejected.Should().Equal(new Dictionary<string, long> { ["timestamp_without_offset"] = malformed });
        (manifest.Events.Accepted + malformed).Should().Be(manifest.Events.LinesRead);
        (manifest.Events.Used + manifest.Events.RecordedAfterSnapshot).Should().Be(manifest.Events.Accepted);
        manifest.Events.RecordedAfterSnapshot.Should().Be(_scenario.Events.Count(e => e.RecordedAt > Snapshot));
        string[] lines = rejects.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Where(l => l.Contains("\"source\":\"events\"", StringComparison.Ordinal)).Should().HaveCount(malformed)
            .And.AllSatisfy(l => l.Should().Contain("\"field\":\"occurred_at\"").And.Contain("\"code\":\"timestamp_without_offset\""));
        lines.Should().Contain(l => l.Contains("\"line\":98,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_label_not_known_at_the_snapshot_is_immature_and_never_exported_as_zero()
    {
        var berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
        Instant placed = Instant.FromUtc(2026, 5, 5, 8, 0);
        ShipmentEvent[] events =
        [
            new OrderPlaced("O-1", placed, "northline", 300, false, "WH-1", new LocalDate(2026, 5, 9), berlin),
            new OrderPlaced("O-2", placed, "northline", 300, false, "WH-1", new LocalDate(2026, 5, 5), berlin),
            new Delivered("O-2", placed + Duration.FromHours(5)),
        ];
        PredictionPoint[] points = [new("O-1", placed + Duration.FromHours(1)), new("O-2", placed + Duration.FromHours(1))];

        var (rows, manifest) = await Capture(EventSource.FromEvents(events), PointSource.FromPoints(points), Options());

        rows.Select(r => (r.Row.EntityId, r.Label)).Should().Equal(("O-2", false));
        manifest.Points.Immature.Should().Be(1);
    }

    [Fact]
    public async Task A_point_after_the_snapshot_is_rejected_as_such()
    {
        var (rows, manifest) = await Capture(
            EventSource.FromEvents(_scenario.Events), PointSource.FromPoints([new PredictionPoint("O-0001", Snapshot + OneMicrosecond)]), Options());

        rows.Should().BeEmpty();
        manifest.Points.Rejected.Should().Equal(new Dictionary<string, long> { ["prediction_after_snapshot"] = 1 });
    }

    [Fact]
    public async Task Rerunning_with_the_same_snapshot_on_a_grown_log_gives_byte_identical_rows()
    {
        string log = PathOf("events.jsonl");
        _scenario.WriteLog(log);
        ExportManifest first = await Exporter().ExportToFileAsync(
            EventSource.FromJsonLinesFile(log), PointSource.FromPoints(_scenario.Points), PathOf("first.csv"), s => new CsvRowSink(s), Options());

        // The log grows: events recorded after S, and duplicates of events already there.
        var later = new List<ShipmentEvent>
        {
            new Scan("O-0003", Snapshot - Duration.FromHours(1), recordedAt: Snapshot + Duration.FromMinutes(1), eventId: "late-scan"),
            new Delivered("O-0004", Snapshot - Duration.FromHours(3), recordedAt: Snapshot + Duration.FromHours(2), eventId: "late-delivery"),
            new BacklogMeasured("WH-1", 999, Snapshot - Duration.FromHours(1), Snapshot + Duration.FromSeconds(1), "late-backlog"),
        };
        later.AddRange(_scenario.Events.Take(40));
        _scenario.WriteLog(log, later);
        ExportManifest second = await Exporter().ExportToFileAsync(
            EventSource.FromJsonLinesFile(log), PointSource.FromPoints(_scenario.Points), PathOf("second.csv"), s => new CsvRowSink(s), Options());

        File.ReadAllBytes(PathOf("second.csv")).Should().Equal(File.ReadAllBytes(PathOf("first.csv")));
        second.Outputs[0].Sha256.Should().Be(first.Outputs[0].Sha256);
        second.Inputs[0].Sha256.Should().NotBe(first.Inputs[0].Sha256);
        second.Statistics.Should().Be(first.Statistics);
    }

    [Fact]
    public async Task The_same_inputs_give_byte_identical_rows_and_manifest()
    {
        string log = PathOf("events.jsonl");
        _scenario.WriteLog(log);
        foreach (string name in (string[])["a.jsonl", "b.jsonl"])
        {
            await Exporter().ExportToFileAsync(
                EventSource.FromJsonLinesFile(log), PointSource.FromPoints(_scenario.Points), PathOf(name), s => new JsonLinesRowSink(s), Options());
        }

        File.ReadAllBytes(PathOf("b.jsonl")).Should().Equal(File.ReadAllBytes(PathOf("a.jsonl")));
        File.ReadAllText(PathOf("b.jsonl.manifest.json")).Should().Be(File.ReadAllText(PathOf("a.jsonl.manifest.json")).Replace("a.jsonl", "b.jsonl", StringComparison.Ordinal));
        File.ReadAllBytes(PathOf("b.jsonl.rejects.jsonl")).Should().Equal(File.ReadAllBytes(PathOf("a.jsonl.rejects.jsonl")));
    }

    [Fact]
    public async Task The_number_of_spill_partitions_does_not_change_the_output()
    {
        string one = PathOf("one.jsonl");
        string seven = PathOf("seven.jsonl");
        await Exporter().ExportToFileAsync(EventSource.FromEvents(_scenario.Events), PointSource.FromPoints(_scenario.Points), one, s => new JsonLinesRowSink(s), Options(partitions: 1));
        await Exporter().ExportToFileAsync(EventSource.FromEvents(_scenario.Events), PointSource.FromPoints(_scenario.Points), seven, s => new JsonLinesRowSink(s), Options(partitions: 7));

        File.ReadAllBytes(seven).Should().Equal(File.ReadAllBytes(one));
    }

    [Fact]
    public async Task Shards_write_disjoint_parts_whose_concatenation_is_the_single_process_export_and_whose_manifests_merge()
    {
        string points = PathOf("points.csv");
        _scenario.WritePoints(points);
        ExportManifest whole = await Exporter().ExportToFileAsync(
            EventSource.FromEvents(_scenario.Events), PointSource.FromFile(points), PathOf("whole.jsonl"), s => new JsonLinesRowSink(s), Options());

        var parts = new List<ExportManifest>();
        var bytes = new List<byte>();
        for (int k = 0; k < 3; k++)
        {
            string part = PathOf($"part-{k}.jsonl");
            parts.Add(await Exporter().ExportToFileAsync(
                EventSource.FromEvents(_scenario.Events), PointSource.FromFile(points), part, s => new JsonLinesRowSink(s), Options(shard: new ShardSpec(k, 3))));
            bytes.AddRange(File.ReadAllBytes(part));
        }

        parts.Should().AllSatisfy(p => p.Points.Exported.Should().BeGreaterThan(0));
        bytes.Should().Equal(File.ReadAllBytes(PathOf("whole.jsonl")));
        ExportManifest merged = ExportManifest.Merge(parts.AsEnumerable().Reverse());
        merged.Points.Should().BeEquivalentTo(whole.Points);
        merged.Events.Should().BeEquivalentTo(whole.Events);
        merged.Statistics.Should().Be(whole.Statistics);
        merged.Outputs.Select(o => o.File).Should().Equal("part-0.jsonl", "part-1.jsonl", "part-2.jsonl");
    }

    [Fact]
    public async Task Merging_manifests_that_are_not_all_shards_of_one_export_is_refused()
    {
        ExportManifest manifest = await Exporter().ExportAsync(
            EventSource.FromEvents(_scenario.Events), PointSource.FromPoints(_scenario.Points), new CapturingSink(), Options(shard: new ShardSpec(0, 2)));

        FluentActions.Invoking(() => ExportManifest.Merge([manifest])).Should().Throw<ArgumentException>().WithMessage("*shards 0..1*");
        FluentActions.Invoking(() => ExportManifest.Merge([manifest, manifest with { Shard = new ShardIdentity(1, 2), Snapshot = "2030-01-01T00:00:00Z" }]))
            .Should().Throw<ArgumentException>().WithMessage("*snapshot*");
    }

    [Fact]
    public async Task A_cancelled_export_leaves_no_file_that_looks_complete()
    {
        using var cancel = new CancellationTokenSource();
        string output = PathOf("rows.csv");
        var options = Options(partitions: 4) with { Progress = new CancelOnFirstReport(cancel) };

        Func<Task> export = () => Exporter().ExportToFileAsync(
            EventSource.FromEvents(_scenario.Events), PointSource.FromPoints(_scenario.Points), output, s => new CsvRowSink(s), options, cancel.Token);

        await export.Should().ThrowAsync<OperationCanceledException>();
        Directory.GetFiles(_folder).Should().BeEmpty();
    }

    [Fact]
    public async Task Duplicated_event_ids_count_once()
    {
        var (once, _) = await Capture(EventSource.FromEvents(_scenario.Events), PointSource.FromPoints(_scenario.Points), Options());
        var (twice, _) = await Capture(EventSource.FromEvents(_scenario.Events.Concat(_scenario.Events.AsEnumerable().Reverse())), PointSource.FromPoints(_scenario.Points), Options());

        twice.Select(r => r.Row).Should().Equal(once.Select(r => r.Row));
    }

    [Fact]
    public async Task A_schedule_generates_points_from_each_orders_own_history()
    {
        SchedulePolicy schedule = SchedulePolicy.AfterEntityKnown(Duration.FromHours(1), Duration.FromHours(12));

        var (rows, manifest) = await Capture(EventSource.FromEvents(_scenario.Events), PointSource.FromSchedule(schedule), Options());

        int orders = _scenario.Events.OfType<OrderPlaced>().Count(o => o.RecordedAt <= Snapshot);
        int expected = _scenario.Events.OfType<OrderPlaced>().Where(o => o.RecordedAt <= Snapshot)
            .Sum(o => new[] { 1, 12 }.Count(h => o.RecordedAt + Duration.FromHours(h) <= Snapshot));
        manifest.Points.Read.Should().Be(expected);
        expected.Should().BeGreaterThan(orders);
        rows.Should().OnlyContain(r => r.Row.PredictionInstant <= Snapshot);
        manifest.Inputs[1].DigestOf.Should().Be("none");
    }

    [Fact]
    public async Task Manifest_round_trips_through_its_json()
    {
        var (_, manifest) = await Capture(EventSource.FromEvents(_scenario.Events), PointSource.FromPoints(_scenario.Points), Options());

        string json = manifest.ToJson();
        ExportManifest read = ExportManifest.FromJson(json);

        read.ToJson().Should().Be(json);
        json.Should().Contain("\"fingerprint\": \"" + ShipmentTransform.LateDeliveryV1.Contract.Fingerprint + "\"");
        json.Should().Contain("\"snapshot\": \"2026-05-06T12:00:00Z\"");
    }

    [Fact]
    public void Options_as_known_now_take_the_snapshot_from_the_callers_clock()
    {
        var clock = new NodaTime.Testing.FakeClock(Instant.FromUtc(2026, 7, 1, 8, 30));

        ExportOptions.AsKnownNow(clock).Snapshot.Should().Be(Instant.FromUtc(2026, 7, 1, 8, 30));
    }

    private sealed class CapturingSink : IRowSink
    {
        public List<(FeatureRow Row, bool Label)> Rows { get; } = [];

        public string Format => "capture";

        public void Begin(RowLayout layout)
        {
        }

        public void Write(FeatureRow row, bool label) => Rows.Add((row, label));

        public void Complete()
        {
        }

        public void Dispose()
        {
        }
    }

    private sealed class CancelOnFirstReport(CancellationTokenSource cancel) : IProgress<ExportProgress>
    {
        public void Report(ExportProgress value) => cancel.Cancel();
    }
}

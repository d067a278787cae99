using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using FeatureContracts.Domains;
using FeatureContracts.Export.Events;
using FeatureContracts.Export.Points;
using FeatureContracts.Export.Sharding;
using FeatureContracts.Export.Sinks;
using FeatureContracts.Rows;
using FeatureContracts.Shipments.Events;
using FeatureContracts.TestDomains.Toy;
using FsCheck.Xunit;
using NodaTime;

namespace FeatureContracts.Export.Tests.Toy;

/// <summary>
/// A second domain through the very same exporter: rows are authorizations laid out by card (a linked key), merchants'
/// risk is reference data. The rows equal those the one transform builds over a single store of every event.
/// </summary>
public sealed class CardExportTests : IDisposable
{
    private static readonly EventSchema Schema = CardDomain.Instance.Schema;
    private readonly string _folder = Directory.CreateTempSubdirectory("fc-card-export-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static TrainingExporter Exporter() => new(CardDomain.Transform);

    private static ExportOptions Options(int partitions, ShardSpec? shard = null)
        => new() { Snapshot = CardScenario.Snapshot, Partitions = partitions, Shard = shard ?? ShardSpec.Single };

    private static async Task<(List<(FeatureRow Row, bool Label)> Rows, ExportManifest Manifest)> Capture(
        IEnumerable<DomainEvent> events, PointSource points, ExportOptions options, TextWriter? rejects = null)
    {
        var sink = new CapturingSink();
        ExportManifest manifest = await Exporter().ExportAsync(EventSource.FromEvents(events), points, sink, options, rejects);
        return (sink.Rows, manifest);
    }

    /// <summary>The reference: the one transform over a single store of every event known at the snapshot.</summary>
    private static (List<(FeatureRow Row, bool Label)> Rows, long Immature, long Rejected) Reference(CardScenario scenario, IEnumerable<(string Id, Instant T)> points)
    {
        var store = new HistoryStore(Schema);
        store.AppendRange(scenario.Events.Where(e => e.RecordedAt <= CardScenario.Snapshot));
        var rows = new List<(FeatureRow, bool)>();
        long immature = 0;
        long rejected = 0;
        foreach ((string id, Instant t) in points)
        {
            RowResult result = CardDomain.Transform.BuildRow(store, id, t);
            if (t > CardScenario.Snapshot || !result.IsAccepted)
            {
                rejected++;
            }
            else if (CardDomain.Transform.LabelAt(store, id, CardScenario.Snapshot) is { IsKnown: true, Value: { } label })
            {
                rows.Add((result.Row, label));
            }
            else
            {
                immature++;
            }
        }

        return (rows, immature, rejected);
    }

    private static string Key((FeatureRow Row, bool Label) x) => $"{x.Row.EntityId}|{x.Row.PredictionInstant.ToUnixTimeTicks()}|{x.Label}|{string.Join(",", x.Row.Cells.Select(c => c.Value.ToString()))}";

    private static void ShouldEqualAsMultisets(List<(FeatureRow Row, bool Label)> actual, List<(FeatureRow Row, bool Label)> expected)
    {
        actual.Select(Key).Order(StringComparer.Ordinal).Should().Equal(expected.Select(Key).Order(StringComparer.Ordinal));
        var byKey = expected.ToLookup(Key);
        foreach (var row in actual)
        {
            byKey[Key(row)].Should().Contain(e => e.Row.Equals(row.Row));
        }
    }

    [Property(Arbitrary = [typeof(CardScenarioArbitrary)], MaxTest = 60)]
    public void Exported_rows_equal_the_transforms_rows_over_one_store_whatever_the_partitions_and_shards(CardScenario scenario)
    {
        var (rows, manifest) = Capture(scenario.Events, PointSource.FromPoints(scenario.Points), Options(scenario.Partitions)).GetAwaiter().GetResult();
        var expected = Reference(scenario, scenario.Points.Select(p => (p.EntityId, p.PredictionTime)));

        ShouldEqualAsMultisets(rows, expected.Rows);
        (manifest.Points.Exported, manifest.Points.Immature, manifest.Points.Rejected.Values.Sum(), manifest.Points.Read)
            .Should().Be((expected.Rows.Count, expected.Immature, expected.Rejected, scenario.Points.Count));
        manifest.Statistics.Labels.Should().Be(new FeatureContracts.Export.Statistics.LabelCounts("fraud", rows.Count(r => r.Label), "genuine", rows.Count(r => !r.Label)));

        // Ordered by (hash of the card, card, authorization, instant), whatever the partition count.
        IReadOnlyDictionary<string, string> cardOf = scenario.CardOf();
        var order = rows.Select(r => (Hash: StableHash.Of(cardOf[r.Row.EntityId]), Card: cardOf[r.Row.EntityId], r.Row.EntityId, r.Row.PredictionInstant)).ToList();
        order.Should().BeInAscendingOrder(Comparer<(ulong Hash, string Card, string EntityId, Instant PredictionInstant)>.Create((a, b) =>
            a.Hash != b.Hash ? a.Hash.CompareTo(b.Hash)
            : string.CompareOrdinal(a.Card, b.Card) is var c and not 0 ? c
            : string.CompareOrdinal(a.EntityId, b.EntityId) is var d and not 0 ? d
            : a.PredictionInstant.CompareTo(b.PredictionInstant)));
        var (one, _) = Capture(scenario.Events, PointSource.FromPoints(scenario.Points), Options(1)).GetAwaiter().GetResult();
        rows.Select(Key).Should().Equal(one.Select(Key));

        // Shards are disjoint parts whose concatenation is the whole, and whose manifests merge into the whole's.
        var parts = new List<ExportManifest>();
        var concatenated = new List<(FeatureRow Row, bool Label)>();
        for (int k = 0; k < scenario.Shards; k++)
        {
            var (part, partManifest) = Capture(scenario.Events, PointSource.FromPoints(scenario.Points), Options(scenario.Partitions, new ShardSpec(k, scenario.Shards)))
                .GetAwaiter().GetResult();
            concatenated.AddRange(part);
            parts.Add(partManifest);
        }

        concatenated.Select(Key).Should().Equal(rows.Select(Key));
        ExportManifest merged = ExportManifest.Merge(parts);
        merged.Points.Should().BeEquivalentTo(manifest.Points);
        merged.Statistics.Should().Be(manifest.Statistics);
    }

    [Property(Arbitrary = [typeof(CardScenarioArbitrary)], MaxTest = 25)]
    public void A_schedule_gives_each_known_authorization_its_points_as_the_transform_over_one_store_does(CardScenario scenario)
    {
        SchedulePolicy schedule = SchedulePolicy.AfterEntityKnown(Duration.FromHours(1), Duration.FromDays(3));
        var (rows, manifest) = Capture(scenario.Events, PointSource.FromSchedule(schedule), Options(scenario.Partitions)).GetAwaiter().GetResult();

        var store = new HistoryStore(Schema);
        store.AppendRange(scenario.Events.Where(e => e.RecordedAt <= CardScenario.Snapshot));
        var points = store.Ids(CardDomain.AuthorizationKey)
            .SelectMany(id => schedule.PointsFor(CardDomain.Instance, store.History(CardDomain.AuthorizationKey, id), CardScenario.Snapshot).Select(t => (id, t)))
            .ToList();
        var expected = Reference(scenario, points);

        ShouldEqualAsMultisets(rows, expected.Rows);
        manifest.Points.Read.Should().Be(points.Count);
        (manifest.Points.Immature, manifest.Points.Rejected.Values.Sum()).Should().Be((expected.Immature, expected.Rejected));

        var parts = Enumerable.Range(0, scenario.Shards)
            .Select(k => Capture(scenario.Events, PointSource.FromSchedule(schedule), Options(scenario.Partitions, new ShardSpec(k, scenario.Shards))).GetAwaiter().GetResult().Rows)
            .SelectMany(r => r);
        parts.Select(Key).Should().Equal(rows.Select(Key));
    }

    [Fact]
    public async Task A_larger_scenario_exports_rows_of_both_classes_through_the_join_in_three_shards()
    {
        CardScenario scenario = CardScenario.Create(cards: 6, authorizations: 300, seed: 42, partitions: 3, shards: 3);
        var expected = Reference(scenario, scenario.Points.Select(p => (p.EntityId, p.PredictionTime)));

        var rows = new List<(FeatureRow Row, bool Label)>();
        for (int k = 0; k < 3; k++)
        {
            rows.AddRange((await Capture(scenario.Events, PointSource.FromPoints(scenario.Points), Options(3, new ShardSpec(k, 3)))).Rows);
        }

        ShouldEqualAsMultisets(rows, expected.Rows);
        rows.Count.Should().BeGreaterThan(100);
        rows.Should().Contain(r => r.Label, "a chargeback, placed by the join, makes an authorization fraud").And.Contain(r => !r.Label);
        rows.Should().Contain(r => r.Row.Cells[4].Value.Boolean == true, "a lost card's report reaches its authorizations");
    }

    [Fact]
    public async Task Files_name_the_domains_entity_its_label_classes_and_its_schedule()
    {
        CardScenario scenario = CardScenario.Create(cards: 4, authorizations: 60, seed: 3, partitions: 2, shards: 1);
        string log = Path.Combine(_folder, "cards.jsonl");
        using (FileStream file = File.Create(log))
        using (var writer = new EventLogWriter(Schema, file))
        {
            foreach (DomainEvent e in scenario.Events)
            {
                writer.Write(e);
            }
        }

        string points = Path.Combine(_folder, "points.csv");
        File.WriteAllText(points, "authorization_id,prediction_time\n" + string.Concat(scenario.Points.Select(p => $"{p.EntityId},{Text.IsoInstant.Format(p.PredictionTime)}\n")));
        string output = Path.Combine(_folder, "rows.csv");

        ExportManifest manifest = await Exporter().ExportToFileAsync(
            EventSource.FromJsonLinesFile(log), PointSource.FromFile(points), output, s => new CsvRowSink(s), Options(2));
        ExportManifest scheduled = await Exporter().ExportAsync(
            EventSource.FromJsonLinesFile(log), PointSource.FromSchedule(SchedulePolicy.AfterEntityKnown(Duration.FromHours(2))), new CapturingSink(), Options(2));

        File.ReadLines(output).First().Should().Be(
            "authorization_id,prediction_time,amount,card_authorizations,merchant_risk,merchant,card_reported,merchant_risk_missing,label");
        manifest.Points.Exported.Should().BeGreaterThan(0, string.Join(", ", manifest.Points.Rejected.Select(r => $"{r.Key}={r.Value}")) + " immature " + manifest.Points.Immature);
        string json = File.ReadAllText(output + ".manifest.json");
        json.Should().Contain("\"transform_version\": \"cards-test-1\"").And.MatchRegex("\"labels\": \\{\\s*\"fraud\": \\d+,\\s*\"genuine\": \\d+\\s*\\}");
        scheduled.Inputs[1].Name.Should().Be("schedule:after_authorization_known(0:02:00:00)");
        File.ReadAllLines(output + ".rejects.jsonl").Where(l => l.Contains("\"source\":\"row\"", StringComparison.Ordinal))
            .Should().NotBeEmpty().And.OnlyContain(l => l.StartsWith("{\"source\":\"row\",\"authorization_id\":", StringComparison.Ordinal));
        ExportManifest.FromJson(json).ToJson().Should().Be(json);
    }

    [Fact]
    public async Task A_points_file_must_name_the_domains_entity_column()
    {
        string points = Path.Combine(_folder, "points.csv");
        File.WriteAllText(points, "order_id,prediction_time\nA-001,2026-03-02T00:00:00Z\n");

        Func<Task> export = () => Capture([], PointSource.FromFile(points), Options(1));

        await export.Should().ThrowAsync<InvalidDataException>().WithMessage("*'authorization_id' and 'prediction_time'*");
    }

    [Fact]
    public async Task An_event_of_another_domain_is_a_rejected_line_naming_this_domains_types()
    {
        var rejects = new StringWriter();
        DomainEvent[] events = [new Scan("O-1", CardScenario.Start), new CardReported("C-1", CardScenario.Start)];

        var (_, manifest) = await Capture(events, PointSource.FromPoints([]), Options(1), rejects);

        manifest.Events.Rejected.Should().Equal(new Dictionary<string, long> { ["unknown_type"] = 1 });
        (manifest.Events.Accepted, manifest.Events.LinesRead).Should().Be((1, 2));
        rejects.ToString().Should().Contain("\"line\":1,\"field\":\"type\",\"code\":\"unknown_type\"")
            .And.Contain("expected authorization_requested, card_reported, merchant_risk_measured or chargeback_filed.");
    }

    [Fact]
    public async Task An_event_given_in_memory_that_the_log_cannot_hold_is_a_rejected_line_and_the_export_goes_on()
    {
        var rejects = new StringWriter();
        DomainEvent[] events =
        [
            new AuthorizationRequested("A-1", "C-1", 10, " ", CardScenario.Start),
            new AuthorizationRequested("A-2", "C-1", 10, "M-0", CardScenario.Start),
        ];

        var (rows, manifest) = await Capture(events, PointSource.FromPoints([new PredictionPoint("A-2", CardScenario.Start + Duration.FromHours(1))]), Options(2), rejects);

        manifest.Events.Rejected.Should().Equal(new Dictionary<string, long> { ["invalid_value"] = 1 });
        (manifest.Events.Accepted, manifest.Events.Used).Should().Be((1, 1));
        rejects.ToString().Should().Contain("\"line\":1,\"code\":\"invalid_value\"").And.Contain("authorization_requested event of authorization_id A-1: merchant is blank");
        rows.Should().ContainSingle().Which.Row.EntityId.Should().Be("A-2");
    }

    [Fact]
    public void An_unknown_type_is_rejected_with_the_domains_type_list()
    {
        EventLine line = new EventLogReader(Schema).ParseLine("""{"type":"teleported","occurred_at":"2026-03-01T00:00:00Z"}"""u8, 4);

        line.Rejection.Should().Be(new LineRejection(
            4, "type", LineRejectionCode.UnknownType, "type \"teleported\" is not an event type; expected authorization_requested, card_reported, merchant_risk_measured or chargeback_filed."));
    }

    [Fact]
    public void Values_the_domains_record_refuses_are_a_rejected_line_naming_the_field()
    {
        EventLine line = new EventLogReader(Schema).ParseLine(
            """{"type":"authorization_requested","occurred_at":"2026-03-01T00:00:00Z","authorization_id":"A-1","card_id":"C-1","amount":-5,"merchant":"M-0"}"""u8, 9);

        line.Event.Should().BeNull();
        line.Rejection!.Should().BeEquivalentTo(new { LineNumber = 9L, Field = "amount", Code = LineRejectionCode.InvalidValue });
        line.Rejection.Reason.Should().StartWith("The authorization_requested event refuses the line's values: ").And.Contain("-5");
    }

    [Fact]
    public void Every_event_type_reads_back_equal_from_the_log_the_writer_writes_keys_first()
    {
        Instant t = CardScenario.Start;
        DomainEvent[] events =
        [
            new AuthorizationRequested("A-1", "C-1", 12.5, "M-0", t, t + Duration.FromMinutes(1), "e-1"),
            new CardReported("C-1", t),
            new MerchantRiskMeasured("M-0", 42, t, null, "e-3"),
            new ChargebackFiled("A-1", t + Duration.FromDays(2)),
        ];
        using var log = new MemoryStream();
        using (var writer = new EventLogWriter(Schema, log, leaveOpen: true))
        {
            foreach (DomainEvent e in events)
            {
                writer.Write(e);
            }
        }

        Encoding.UTF8.GetString(log.ToArray()).Split('\n')[0].Should().Be(
            """{"type":"authorization_requested","event_id":"e-1","authorization_id":"A-1","card_id":"C-1","occurred_at":"2026-03-01T00:00:00Z","recorded_at":"2026-03-01T00:01:00Z","amount":12.5,"merchant":"M-0"}""");
        log.Position = 0;
        new EventLogReader(Schema, new EventLogReaderOptions { RejectUnknownFields = true }).Read(log).Select(l => l.Event).Should().Equal(events);
    }

    private sealed class CapturingSink : IRowSink
    {
        public List<(FeatureRow Row, bool Label)> Rows { get; } = [];

        public string Format => "capture";

        public void Begin(RowLayout layout) => layout.EntityIdColumn.Should().Be(CardDomain.AuthorizationKey);

        public void Write(FeatureRow row, bool label) => Rows.Add((row, label));

        public void Complete()
        {
        }

        public void Dispose()
        {
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using FeatureContracts.Contracts;
using FeatureContracts.Export;
using FeatureContracts.Export.Points;
using FeatureContracts.Export.Sinks;
using FeatureContracts.Rows;
using FeatureContracts.Shipments;
using FeatureContracts.Shipments.Events;
using FeatureContracts.Shipments.Histories;
using NodaTime;
using NodaTime.Testing;

namespace FeatureContracts.Serving.Tests;

/// <summary>
/// Training–serving parity, proven by replay: the rows the training export wrote and the rows the online scorer builds
/// from the same events, replayed into the store in another arrival order with duplicates, at the same instants,
/// are identical value by value and bit by bit, and so are the vectors the model sees.
/// </summary>
public sealed class ParityTests
{
    private static readonly Instant Snapshot = ServingScenario.Start + Duration.FromDays(9);

    [Fact]
    public async Task Every_exported_row_is_rebuilt_bit_for_bit_by_the_online_scorer_from_the_replayed_events()
    {
        var scenario = new ServingScenario(orders: 3000, seed: 20260501);
        var sink = new CapturingSink();
        var exporter = new TrainingExporter(ShipmentTransform.LateDeliveryV1);
        await exporter.ExportAsync(
            Export.EventSource.FromEvents(scenario.Events), Export.PointSource.FromPoints(scenario.Points), sink, new ExportOptions { Snapshot = Snapshot, Partitions = 3 });

        var store = new InMemoryShipmentHistoryStore();
        List<ShipmentEvent> arrivals = scenario.Arrivals(Snapshot, seed: 11);
        int added = store.AppendRange(arrivals);
        added.Should().BeLessThan(arrivals.Count, "the replay carries duplicates, which count once");

        var model = new RecordingModel();
        var scorer = new OnlineScorer(store, ShipmentTransform.LateDeliveryV1, RecordingModel.Vectorizer, model, new FakeClock(Snapshot));

        sink.Rows.Should().HaveCountGreaterThan(2000, "a few thousand exported points are replayed");
        sink.Rows.Select(r => r.Cells.Any(c => (c.Notes & CellNotes.BeyondMaxAge) != 0)).Should().Contain(true, "stale backlogs are covered");
        sink.Rows.Select(r => r.Cells.Any(c => (c.Notes & CellNotes.UnseenMapped) != 0)).Should().Contain(true, "unseen carriers are covered");
        foreach (FeatureRow exported in sink.Rows)
        {
            ScoreResult result = scorer.ScoreAt(exported.EntityId, exported.PredictionInstant);

            result.IsScored.Should().BeTrue(result.ToString());
            result.Row!.Equals(exported).Should().BeTrue($"the served row must equal the exported row:\n served   {result.Row}\n exported {exported}");
            Bits(model.LastVector!).Should().Equal(Bits(RecordingModel.Vectorizer.Vectorize(exported)));
            result.ContractFingerprint.Should().Be(exported.Fingerprint);
        }
    }

    [Fact]
    public void For_every_point_the_scorer_builds_what_the_transform_builds_from_the_log_in_file_order_rejections_included()
    {
        var scenario = new ServingScenario(orders: 1500, seed: 7);
        var known = scenario.Events.Where(e => e.RecordedAt <= Snapshot).ToList();
        BacklogTimeline backlog = BacklogTimeline.Of(known.OfType<BacklogMeasured>());
        var byOrder = known.OfType<OrderEvent>().GroupBy(e => e.OrderId).ToDictionary(g => g.Key, g => ShipmentHistory.Of(g.Key, g));

        var store = new InMemoryShipmentHistoryStore();
        store.AppendRange(scenario.Arrivals(Snapshot, seed: 3));
        var scorer = new OnlineScorer(store, ShipmentTransform.LateDeliveryV1, RecordingModel.Vectorizer, new RecordingModel(), new FakeClock(Snapshot));

        var codes = new HashSet<NotScoredCode>();
        foreach (PredictionPoint point in scenario.Points.Where(p => p.PredictionTime <= Snapshot))
        {
            RowResult expected = ShipmentTransform.LateDeliveryV1.BuildRow(byOrder[point.OrderId], backlog, point.PredictionTime);
            ScoreResult served = scorer.ScoreAt(point.OrderId, point.PredictionTime);

            served.RowResult.IsAccepted.Should().Be(expected.IsAccepted);
            if (expected.IsAccepted)
            {
                served.Row!.Equals(expected.Row).Should().BeTrue();
                served.IsScored.Should().BeTrue();
            }
            else
            {
                served.Rejections.Should().Equal(expected.Rejections);
                served.Score.Should().BeNull();
                codes.UnionWith(served.Reasons.Select(r => r.Code));
            }
        }

        codes.Should().Contain([NotScoredCode.OutcomeAlreadyKnown, NotScoredCode.OrderNotKnown, NotScoredCode.RowRejected]);
    }

    private static long[] Bits(double[] vector) => [.. vector.Select(BitConverter.DoubleToInt64Bits)];

    private sealed class CapturingSink : IRowSink
    {
        public List<FeatureRow> Rows { get; } = [];

        public string Format => "capture";

        public void Begin(FeatureContract contract)
        {
        }

        public void Write(FeatureRow row, bool label) => Rows.Add(row);

        public void Complete()
        {
        }

        public void Dispose()
        {
        }
    }
}

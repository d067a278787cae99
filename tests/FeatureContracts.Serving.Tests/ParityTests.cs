using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using FeatureContracts.Contracts;
using FeatureContracts.Domains;
using FeatureContracts.Export;
using FeatureContracts.Export.Points;
using FeatureContracts.Export.Sinks;
using FeatureContracts.Rows;
using FeatureContracts.Shipments;
using FeatureContracts.Shipments.Events;
using NodaTime;
using NodaTime.Testing;

namespace FeatureContracts.Serving.Tests;

/// <summary>
/// Training–serving parity, proven by replay: the rows the training export wrote and the rows the online scorer builds
/// from the same events, replayed into the store in another arrival order with duplicates, at the same instants,
/// are identical value by value and bit by bit, and so are the vectors the model sees. The only test of this project
/// that runs the exporter; <see cref="ReplayParityTests"/> proves the same without it.
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
            Export.EventSource.FromEvents(scenario.Events),
            Export.PointSource.FromPoints(scenario.Points.Select(p => new PredictionPoint(p.OrderId, p.PredictionTime))),
            sink, new ExportOptions { Snapshot = Snapshot, Partitions = 3 });

        var store = new HistoryStore(ShipmentDomain.Instance.Schema);
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

    private static long[] Bits(double[] vector) => [.. vector.Select(BitConverter.DoubleToInt64Bits)];

    private sealed class CapturingSink : IRowSink
    {
        public List<FeatureRow> Rows { get; } = [];

        public string Format => "capture";

        public void Begin(RowLayout layout)
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

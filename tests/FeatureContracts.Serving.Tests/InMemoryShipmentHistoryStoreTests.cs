using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FeatureContracts.Export.Points;
using FeatureContracts.Rows;
using FeatureContracts.Shipments;
using FeatureContracts.Shipments.Events;
using FeatureContracts.Shipments.Histories;
using FeatureContracts.Shipments.Labels;
using FeatureContracts.Time;
using FsCheck.Xunit;
using NodaTime;

namespace FeatureContracts.Serving.Tests;

public sealed class InMemoryShipmentHistoryStoreTests
{
    private static readonly Instant Origin = Instant.FromUtc(2026, 5, 1, 0, 0);
    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];

    // Small minute offsets: ties on occurred_at, on recorded_at and on both are frequent. Ids repeat on purpose
    // (id = spec.Id % 40), so some events are duplicates of earlier ones by event_id.
    private static List<ShipmentEvent> Arrivals(IEnumerable<(byte Kind, byte Occurred, byte Lag, byte Id)> spec)
        => [.. spec.Select((s, i) =>
        {
            Instant occurred = Origin + Duration.FromMinutes(s.Occurred % 20);
            Instant recorded = occurred + Duration.FromMinutes(s.Lag % 6);
            string? id = s.Id % 5 == 0 ? null : "e" + (s.Id % 40);
            string order = "O-" + (s.Kind % 2);
            return (s.Kind % 6) switch
            {
                0 or 1 => (ShipmentEvent)new BacklogMeasured("WH-" + (s.Kind % 2), i, occurred, recorded, id),
                2 => new OrderPlaced(order, occurred, "northline", 100 + i, null, "WH-" + (i % 2), new LocalDate(2026, 5, 1), Berlin, recorded, id),
                3 or 4 => new Scan(order, occurred, "hub", recorded, id),
                _ => new Delivered(order, occurred, recorded, id),
            };
        })];

    [Property(MaxTest = 300)]
    public bool Any_arrival_order_with_duplicates_gives_the_answers_of_the_histories_and_timeline_built_from_it(List<(byte Kind, byte Occurred, byte Lag, byte Id)> spec)
    {
        List<ShipmentEvent> arrivals = Arrivals(spec);
        var store = new InMemoryShipmentHistoryStore();
        var backlogs = new List<BacklogTimeline>();
        foreach (ShipmentEvent e in arrivals)
        {
            store.Append(e);
            backlogs.Add(store.Backlog);
        }

        BacklogTimeline reference = BacklogTimeline.Of(arrivals.OfType<BacklogMeasured>());
        for (int minute = -1; minute < 28; minute++)
        {
            Instant t = Origin + Duration.FromMinutes(minute);
            foreach (string warehouse in new[] { "WH-0", "WH-1" })
            {
                ImmutableArrayCheck(store.Backlog.Of(warehouse), reference.Of(warehouse));
                if (!ReferenceEquals(store.Backlog.AsOf(warehouse, t), reference.AsOf(warehouse, t))
                    || !ReferenceEquals(store.Backlog.AsOf(warehouse, t), TimeRules.AsOf(reference.Of(warehouse), t)))
                {
                    return false;
                }
            }

            foreach (string order in new[] { "O-0", "O-1" })
            {
                ShipmentHistory stored = store.GetHistory(order);
                ShipmentHistory expected = ShipmentHistory.Of(order, arrivals.OfType<OrderEvent>().Where(e => e.OrderId == order));
                ShipmentView a = stored.ViewAt(t, store.Backlog);
                ShipmentView b = expected.ViewAt(t, reference);
                if (!stored.Events.SequenceEqual(expected.Events)
                    || !ReferenceEquals(a.Order, b.Order)
                    || !ReferenceEquals(a.LastScan, b.LastScan)
                    || !ReferenceEquals(a.OriginBacklog, b.OriginBacklog)
                    || !a.Scans.SequenceEqual(b.Scans)
                    || LateDeliveryLabel.At(stored, t) != LateDeliveryLabel.At(expected, t))
                {
                    return false;
                }
            }
        }

        // Every snapshot taken along the way still answers for the measurements that had arrived by then.
        for (int n = 0; n < arrivals.Count; n++)
        {
            BacklogTimeline then = BacklogTimeline.Of(arrivals.Take(n + 1).OfType<BacklogMeasured>());
            for (int minute = 0; minute < 28; minute += 3)
            {
                Instant t = Origin + Duration.FromMinutes(minute);
                if (!ReferenceEquals(backlogs[n].AsOf("WH-0", t), then.AsOf("WH-0", t)) || !ReferenceEquals(backlogs[n].AsOf("WH-1", t), then.AsOf("WH-1", t)))
                {
                    return false;
                }
            }
        }

        return true;
    }

    [Fact]
    public void A_duplicated_event_id_counts_once_and_the_first_arrival_is_kept()
    {
        var store = new InMemoryShipmentHistoryStore();
        var first = new Scan("O-1", Origin, "hub", eventId: "s-1");
        var again = new Scan("O-1", Origin + Duration.FromMinutes(5), "depot", eventId: "s-1");
        var measured = new BacklogMeasured("WH-1", 4, Origin, eventId: "b-1");

        store.Append(first).Should().BeTrue();
        store.Append(again).Should().BeFalse();
        store.Append(measured).Should().BeTrue();
        store.Append(measured).Should().BeFalse();

        store.GetHistory("O-1").Events.Should().Equal(first);
        store.Backlog.Of("WH-1").Should().Equal(measured);
        store.EventCount.Should().Be(2);
        store.OrderCount.Should().Be(1);
    }

    [Fact]
    public void An_unknown_order_has_an_empty_history_whose_row_is_rejected_as_not_known()
    {
        var store = new InMemoryShipmentHistoryStore();

        ShipmentHistory history = store.GetHistory("O-404");

        history.OrderId.Should().Be("O-404");
        history.Events.Should().BeEmpty();
        ShipmentTransform.LateDeliveryV1.BuildRow(history, store.Backlog, Origin).Rejections.Single().Code.Should().Be(RejectionCode.EntityNotKnown);
    }

    [Fact]
    public void A_snapshot_taken_before_later_arrivals_keeps_its_answers()
    {
        var store = new InMemoryShipmentHistoryStore();
        store.Append(new BacklogMeasured("WH-1", 10, Origin + Duration.FromMinutes(10)));
        BacklogTimeline before = store.Backlog;
        ShipmentHistory historyBefore = store.GetHistory("O-1");

        store.Append(new BacklogMeasured("WH-1", 20, Origin + Duration.FromMinutes(5), Origin + Duration.FromMinutes(6))); // late arrival, inserted
        store.Append(new BacklogMeasured("WH-1", 30, Origin + Duration.FromMinutes(20)));
        store.Append(new Scan("O-1", Origin));

        before.AsOf("WH-1", Origin + Duration.FromMinutes(30))!.QueueLength.Should().Be(10);
        before.AsOf("WH-1", Origin + Duration.FromMinutes(7)).Should().BeNull();
        store.Backlog.AsOf("WH-1", Origin + Duration.FromMinutes(7))!.QueueLength.Should().Be(20);
        store.Backlog.AsOf("WH-1", Origin + Duration.FromMinutes(30))!.QueueLength.Should().Be(30);
        historyBefore.Events.Should().BeEmpty();
    }

    [Fact]
    public async Task Parallel_appends_and_reads_end_in_the_state_a_sequential_replay_gives()
    {
        // Without full ties, arrival order changes no answer, so the concurrent store must equal the sequential one.
        var scenario = new ServingScenario(orders: 400, seed: 5, fullTies: false);
        Instant snapshot = ServingScenario.Start + Duration.FromDays(9);
        List<ShipmentEvent> arrivals = scenario.Arrivals(snapshot, seed: 1);
        var sequential = new InMemoryShipmentHistoryStore();
        sequential.AppendRange(arrivals);

        var concurrent = new InMemoryShipmentHistoryStore();
        var model = new RecordingModel();
        var scorer = new OnlineScorer(concurrent, ShipmentTransform.LateDeliveryV1, RecordingModel.Vectorizer, model, new NodaTime.Testing.FakeClock(snapshot));
        using var stop = new CancellationTokenSource();
        int reads = 0;
        Task[] readers = [.. Enumerable.Range(0, 2).Select(r => Task.Run(() =>
        {
            for (int local = 0; local < 500 || !stop.IsCancellationRequested; local++)
            {
                PredictionPoint point = scenario.Points[(reads + r) % scenario.Points.Count];
                ScoreResult result = scorer.ScoreAt(point.OrderId, point.PredictionTime);
                (result.IsScored || !result.Reasons.IsEmpty).Should().BeTrue();
                Interlocked.Increment(ref reads);
            }
        }))];
        int writers = 4;
        Task[] writing = [.. Enumerable.Range(0, writers).Select(w => Task.Run(() =>
        {
            // Every writer appends its share, and then everything again: all but the first copy are duplicates.
            foreach (ShipmentEvent e in arrivals.Where((_, i) => i % writers == w).Concat(arrivals))
            {
                concurrent.Append(e);
            }
        }))];
        await Task.WhenAll(writing);
        await stop.CancelAsync();
        await Task.WhenAll(readers);

        reads.Should().BeGreaterThan(0);
        concurrent.EventCount.Should().Be(sequential.EventCount);
        concurrent.OrderCount.Should().Be(sequential.OrderCount);
        foreach (PredictionPoint point in scenario.Points.Where(p => p.PredictionTime <= snapshot))
        {
            RowResult a = ShipmentTransform.LateDeliveryV1.BuildRow(concurrent.GetHistory(point.OrderId), concurrent.Backlog, point.PredictionTime);
            RowResult b = ShipmentTransform.LateDeliveryV1.BuildRow(sequential.GetHistory(point.OrderId), sequential.Backlog, point.PredictionTime);
            a.IsAccepted.Should().Be(b.IsAccepted);
            if (a.IsAccepted)
            {
                a.Row!.Equals(b.Row).Should().BeTrue();
            }
            else
            {
                a.Rejections.Should().Equal(b.Rejections);
            }
        }
    }

    private static void ImmutableArrayCheck(System.Collections.Immutable.ImmutableArray<BacklogMeasured> actual, System.Collections.Immutable.ImmutableArray<BacklogMeasured> expected)
    {
        if (!actual.SequenceEqual(expected))
        {
            throw new InvalidOperationException("The store's measurements in arrival order differ from the timeline's input order.");
        }
    }
}

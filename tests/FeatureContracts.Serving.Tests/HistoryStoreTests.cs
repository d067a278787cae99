using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FeatureContracts.Domains;
using FeatureContracts.Rows;
using FeatureContracts.Shipments;
using FeatureContracts.Shipments.Events;
using FeatureContracts.TestDomains.Cards;
using FeatureContracts.Time;
using FsCheck.Xunit;
using NodaTime;
using NodaTime.Testing;

namespace FeatureContracts.Serving.Tests;

/// <summary>
/// The core <see cref="HistoryStore"/> as the online scorer uses it, with the shipment domain: events arrive out of
/// order, duplicated and recorded late, from several threads, while readers take snapshots.
/// </summary>
public sealed class HistoryStoreTests
{
    private static readonly Instant Origin = Instant.FromUtc(2026, 5, 1, 0, 0);
    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
    private static readonly (string Key, string Id)[] Entities =
        [(ShipmentDomain.OrderKey, "O-0"), (ShipmentDomain.OrderKey, "O-1"), (ShipmentDomain.WarehouseKey, "WH-0"), (ShipmentDomain.WarehouseKey, "WH-1")];

    private static HistoryStore NewStore() => new(ShipmentDomain.Instance.Schema);

    // Small minute offsets: ties on occurred_at, on recorded_at and on both are frequent. Ids repeat on purpose
    // (id = spec.Id % 40), so some events share an event_id with an earlier one; some events arrive twice.
    private static List<ShipmentEvent> Arrivals(IEnumerable<(byte Kind, byte Occurred, byte Lag, byte Id)> spec)
    {
        var arrivals = new List<ShipmentEvent>();
        int i = 0;
        foreach ((byte kind, byte occurredMinute, byte lag, byte idSeed) in spec)
        {
            Instant occurred = Origin + Duration.FromMinutes(occurredMinute % 20);
            Instant recorded = occurred + Duration.FromMinutes(lag % 6);
            string? id = idSeed % 5 == 0 ? null : "e" + (idSeed % 40);
            string order = "O-" + (kind % 2);
            arrivals.Add((kind % 6) switch
            {
                0 or 1 => new BacklogMeasured("WH-" + (kind % 2), i, occurred, recorded, id),
                2 => new OrderPlaced(order, occurred, "northline", 100 + i, null, "WH-" + (i % 2), new LocalDate(2026, 5, 1), Berlin, recorded, id),
                3 or 4 => new Scan(order, occurred, "hub", recorded, id),
                _ => new Delivered(order, occurred, recorded, id),
            });
            if (lag >= 200 && arrivals.Count > 1)
            {
                arrivals.Add(arrivals[lag % (arrivals.Count - 1)]); // an earlier event arrives again
            }

            i++;
        }

        return arrivals;
    }

    private static (string Key, string Id) EntityOf(ShipmentEvent e)
        => e is OrderEvent o ? (ShipmentDomain.OrderKey, o.OrderId) : (ShipmentDomain.WarehouseKey, ((BacklogMeasured)e).Warehouse);

    /// <summary>The reference, by hand: an entity's events in arrival order, an event_id counted once (first arrival kept).</summary>
    private static List<ShipmentEvent> Replay(IEnumerable<ShipmentEvent> arrivals, (string Key, string Id) entity)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return [.. arrivals.Where(e => EntityOf(e) == entity && (e.EventId is null || seen.Add(e.EventId)))];
    }

    private static bool SameEvents(EntityHistory history, IReadOnlyList<ShipmentEvent> expected)
        => history.Count == expected.Count && history.Events.Zip(expected).All(p => ReferenceEquals(p.First, p.Second));

    private static bool SameAsOfAnswers(EntityHistory history, List<ShipmentEvent> expected, Instant t)
        => ReferenceEquals(history.AsOf<OrderPlaced>(t), TimeRules.AsOf([.. expected.OfType<OrderPlaced>()], t))
            && ReferenceEquals(history.AsOf<Scan>(t), TimeRules.AsOf([.. expected.OfType<Scan>()], t))
            && ReferenceEquals(history.AsOf<Delivered>(t), TimeRules.AsOf([.. expected.OfType<Delivered>()], t))
            && ReferenceEquals(history.AsOf<BacklogMeasured>(t), TimeRules.AsOf([.. expected.OfType<BacklogMeasured>()], t));

    [Property(MaxTest = 300)]
    public bool Any_arrival_order_with_duplicates_gives_the_histories_and_as_of_answers_of_a_sequential_replay(List<(byte Kind, byte Occurred, byte Lag, byte Id)> spec)
    {
        List<ShipmentEvent> arrivals = Arrivals(spec);
        HistoryStore store = NewStore();
        var snapshots = new List<EntityHistory[]>();
        foreach (ShipmentEvent e in arrivals)
        {
            store.Append(e);
            snapshots.Add([.. Entities.Select(k => store.History(k.Key, k.Id))]);
        }

        if (store.EventCount != Entities.Sum(k => Replay(arrivals, k).Count))
        {
            return false;
        }

        foreach ((string Key, string Id) entity in Entities)
        {
            List<ShipmentEvent> expected = Replay(arrivals, entity);
            EntityHistory history = store.History(entity.Key, entity.Id);
            if (!SameEvents(history, expected))
            {
                return false;
            }

            for (int minute = -1; minute < 28; minute++)
            {
                if (!SameAsOfAnswers(history, expected, Origin + Duration.FromMinutes(minute)))
                {
                    return false;
                }
            }
        }

        // Every snapshot taken along the way still holds, and answers for, exactly what had arrived by then.
        for (int n = 0; n < arrivals.Count; n++)
        {
            for (int k = 0; k < Entities.Length; k++)
            {
                List<ShipmentEvent> then = Replay(arrivals.Take(n + 1), Entities[k]);
                if (!SameEvents(snapshots[n][k], then))
                {
                    return false;
                }

                for (int minute = 0; minute < 28; minute += 3)
                {
                    if (!SameAsOfAnswers(snapshots[n][k], then, Origin + Duration.FromMinutes(minute)))
                    {
                        return false;
                    }
                }
            }
        }

        return true;
    }

    [Fact]
    public void A_duplicated_event_id_counts_once_per_entity_and_the_first_arrival_is_kept()
    {
        HistoryStore store = NewStore();
        var first = new Scan("O-1", Origin, "hub", eventId: "s-1");
        var again = new Scan("O-1", Origin + Duration.FromMinutes(5), "depot", eventId: "s-1");
        var otherOrder = new Scan("O-2", Origin, "hub", eventId: "s-1");
        var measured = new BacklogMeasured("WH-1", 4, Origin, eventId: "b-1");

        store.Append(first).Should().BeTrue();
        store.Append(again).Should().BeFalse();
        store.Append(otherOrder).Should().BeTrue("an event_id counts once per entity's history");
        store.Append(measured).Should().BeTrue();
        store.Append(measured).Should().BeFalse();

        store.History(ShipmentDomain.OrderKey, "O-1").Events.Should().Equal(first);
        store.History(ShipmentDomain.WarehouseKey, "WH-1").Events.Should().Equal(measured);
        store.EventCount.Should().Be(3);
        store.EntityCount(ShipmentDomain.OrderKey).Should().Be(2);
        store.Ids(ShipmentDomain.WarehouseKey).Should().Equal("WH-1");
    }

    [Fact]
    public void An_unknown_order_has_an_empty_history_whose_row_is_rejected_as_not_known()
    {
        HistoryStore store = NewStore();
        store.Append(new BacklogMeasured("WH-1", 4, Origin));

        EntityHistory history = store.History(ShipmentDomain.OrderKey, "O-404");

        history.Id.Should().Be("O-404");
        history.Events.Should().BeEmpty();
        ShipmentTransform.LateDeliveryV1.BuildRow(store, "O-404", Origin).Rejections.Single().Code.Should().Be(RejectionCode.EntityNotKnown);
    }

    [Fact]
    public void A_key_the_schema_does_not_declare_is_refused_naming_its_keys()
    {
        Action read = () => NewStore().History("card_id", "C-1");

        read.Should().Throw<ArgumentException>().WithMessage("*'card_id'*order_id*warehouse*");
    }

    [Fact]
    public void An_event_of_another_domain_is_refused()
    {
        Action append = () => NewStore().Append(new CardOpened("C-1", Origin));

        append.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void A_scan_recorded_late_is_invisible_until_its_record_and_then_wins_as_of()
    {
        HistoryStore store = NewStore();
        var early = new Scan("O-1", Origin + Duration.FromMinutes(10));
        var late = new Scan("O-1", Origin + Duration.FromMinutes(20), recordedAt: Origin + Duration.FromMinutes(50));
        var later = new Scan("O-1", Origin + Duration.FromMinutes(15), recordedAt: Origin + Duration.FromMinutes(30));
        store.Append(late);
        store.Append(early);
        store.Append(later);

        EntityHistory history = store.History(ShipmentDomain.OrderKey, "O-1");

        history.AsOf<Scan>(Origin + Duration.FromMinutes(29)).Should().BeSameAs(early);
        history.AsOf<Scan>(Origin + Duration.FromMinutes(49)).Should().BeSameAs(later);
        history.AsOf<Scan>(Origin + Duration.FromMinutes(50)).Should().BeSameAs(late);
    }

    [Fact]
    public void A_snapshot_taken_before_later_arrivals_keeps_its_answers()
    {
        HistoryStore store = NewStore();
        store.Append(new BacklogMeasured("WH-1", 10, Origin + Duration.FromMinutes(10)));
        EntityHistory before = store.History(ShipmentDomain.WarehouseKey, "WH-1");
        EntityHistory orderBefore = store.History(ShipmentDomain.OrderKey, "O-1");

        store.Append(new BacklogMeasured("WH-1", 20, Origin + Duration.FromMinutes(5), Origin + Duration.FromMinutes(6))); // recorded late, inserted
        store.Append(new BacklogMeasured("WH-1", 30, Origin + Duration.FromMinutes(20)));
        store.Append(new Scan("O-1", Origin));
        EntityHistory after = store.History(ShipmentDomain.WarehouseKey, "WH-1");

        before.Count.Should().Be(1);
        before.AsOf<BacklogMeasured>(Origin + Duration.FromMinutes(30))!.QueueLength.Should().Be(10);
        before.AsOf<BacklogMeasured>(Origin + Duration.FromMinutes(7)).Should().BeNull();
        after.AsOf<BacklogMeasured>(Origin + Duration.FromMinutes(7))!.QueueLength.Should().Be(20);
        after.AsOf<BacklogMeasured>(Origin + Duration.FromMinutes(30))!.QueueLength.Should().Be(30);
        orderBefore.Events.Should().BeEmpty();
    }

    [Fact]
    public async Task Concurrent_appends_and_scoring_end_in_the_state_a_sequential_replay_gives()
    {
        // Without full ties, arrival order changes no answer, so the concurrent store must answer as the sequential one.
        var scenario = new ServingScenario(orders: 400, seed: 5, fullTies: false);
        Instant snapshot = ServingScenario.Start + Duration.FromDays(9);
        List<ShipmentEvent> arrivals = scenario.Arrivals(snapshot, seed: 1);
        HistoryStore sequential = NewStore();
        sequential.AppendRange(arrivals);

        HistoryStore concurrent = NewStore();
        var scorer = new OnlineScorer(concurrent, ShipmentTransform.LateDeliveryV1, RecordingModel.Vectorizer, new RecordingModel(), new FakeClock(snapshot));
        using var stop = new CancellationTokenSource();
        int reads = 0;
        Task[] readers = [.. Enumerable.Range(0, 2).Select(r => Task.Run(() =>
        {
            for (int local = 0; local < 500 || !stop.IsCancellationRequested; local++)
            {
                ScenarioPoint point = scenario.Points[(local + (r * 7)) % scenario.Points.Count];
                ScoreResult result = scorer.ScoreAt(point.OrderId, point.PredictionTime);
                (result.IsScored || !result.Reasons.IsEmpty).Should().BeTrue();
                Interlocked.Increment(ref reads);
            }
        }))];
        const int Writers = 4;
        Task[] writing = [.. Enumerable.Range(0, Writers).Select(w => Task.Run(() =>
        {
            // Every writer appends its share, and then everything again: all but the first copy are duplicates.
            foreach (ShipmentEvent e in arrivals.Where((_, i) => i % Writers == w).Concat(arrivals))
            {
                concurrent.Append(e);
            }
        }))];
        await Task.WhenAll(writing);
        await stop.CancelAsync();
        await Task.WhenAll(readers);

        reads.Should().BeGreaterThan(0);
        concurrent.EventCount.Should().Be(sequential.EventCount);
        foreach (string key in ShipmentDomain.Instance.Schema.KeyFields)
        {
            concurrent.Ids(key).Should().Equal(sequential.Ids(key));
            foreach (string id in sequential.Ids(key))
            {
                new HashSet<DomainEvent>(concurrent.History(key, id).Events, ReferenceEqualityComparer.Instance)
                    .SetEquals(sequential.History(key, id).Events).Should().BeTrue($"{key} {id} holds the same events");
            }
        }

        foreach (ScenarioPoint point in scenario.Points.Where(p => p.PredictionTime <= snapshot))
        {
            RowResult a = ShipmentTransform.LateDeliveryV1.BuildRow(concurrent, point.OrderId, point.PredictionTime);
            RowResult b = ShipmentTransform.LateDeliveryV1.BuildRow(sequential, point.OrderId, point.PredictionTime);
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

    [Fact]
    public async Task Snapshots_read_while_appends_go_on_never_change_and_only_grow_from_one_read_to_the_next()
    {
        var scenario = new ServingScenario(orders: 200, seed: 9);
        Instant snapshot = ServingScenario.Start + Duration.FromDays(9);
        List<ShipmentEvent> arrivals = scenario.Arrivals(snapshot, seed: 2);
        (string Key, string Id)[] watched =
            [.. arrivals.Select(EntityOf).Distinct().Where((_, i) => i % 25 == 0), (ShipmentDomain.WarehouseKey, "WH-0"), (ShipmentDomain.WarehouseKey, "WH-2")];
        HistoryStore store = NewStore();
        var seen = new ConcurrentBag<(EntityHistory Snapshot, ShipmentEvent[] Events, BacklogMeasured? Backlog, Scan? Scan, int Reader, int Sequence)>();
        using var stop = new CancellationTokenSource();
        Task[] readers = [.. Enumerable.Range(0, 2).Select(r => Task.Run(() =>
        {
            Instant t = snapshot - Duration.FromDays(4);
            for (int sequence = 0; sequence < 300 || (sequence < 10_000 && !stop.IsCancellationRequested); sequence++)
            {
                (string key, string id) = watched[sequence % watched.Length];
                EntityHistory history = store.History(key, id);
                seen.Add((history, [.. history.Events.Cast<ShipmentEvent>()], history.AsOf<BacklogMeasured>(t), history.AsOf<Scan>(t), r, sequence));
            }
        }))];
        Task[] writers = [.. Enumerable.Range(0, 3).Select(w => Task.Run(() =>
        {
            foreach (ShipmentEvent e in arrivals.Where((_, i) => i % 3 == w))
            {
                store.Append(e);
            }
        }))];
        await Task.WhenAll(writers);
        await stop.CancelAsync();
        await Task.WhenAll(readers);

        Instant at = snapshot - Duration.FromDays(4);
        seen.Should().NotBeEmpty();
        foreach (var read in seen)
        {
            read.Snapshot.Events.Should().Equal(read.Events, (a, b) => ReferenceEquals(a, b), "a snapshot never changes after it was read");
            read.Snapshot.AsOf<BacklogMeasured>(at).Should().BeSameAs(read.Backlog);
            read.Snapshot.AsOf<Scan>(at).Should().BeSameAs(read.Scan);
        }

        foreach (var entity in seen.GroupBy(s => (s.Reader, s.Snapshot.Key, s.Snapshot.Id)))
        {
            ShipmentEvent[]? previous = null;
            foreach (var read in entity.OrderBy(s => s.Sequence))
            {
                if (previous is not null)
                {
                    read.Events.Take(previous.Length).Should().Equal(previous, (a, b) => ReferenceEquals(a, b), "a later read holds every event of an earlier one, in the same order");
                }

                previous = read.Events;
            }
        }
    }
}

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using FeatureContracts.Domains;
using FeatureContracts.Monitoring;
using FeatureContracts.Rows;
using FeatureContracts.Shipments;
using FeatureContracts.Shipments.Contract;
using FeatureContracts.Shipments.Events;
using FeatureContracts.TestDomains.Cards;
using FeatureContracts.Time;
using FeatureContracts.Vectors;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using NodaTime;
using NodaTime.Testing;
using Xunit.Abstractions;

namespace FeatureContracts.Serving.Tests;

/// <summary>
/// The online scorer under concurrency: 16 threads score entities over one in-memory <see cref="HistoryStore"/> while
/// 4 threads append events to it out of order, duplicated (the same event_id again, as the same object or as a
/// corrected copy) and recorded after the instants being scored. Every concurrent result (each feature value, note,
/// lineage entry and freshness lag, the rejections, the not-scored reasons and the score's bits) must equal a serial
/// recomputation at the same instant from a fresh store holding exactly the events visible then.
/// </summary>
/// <remarks>
/// <para>"Visible at T" means recorded at or before T. An append racing a score may or may not be read, so the tests only
/// score instants whose visible events were all appended before the call began. The log's recorded_at range is cut into
/// steps by bounds B0 &lt; B1 &lt; ...; in step j the appenders append, from every thread and in any order, the events
/// recorded in (Bj-1, Bj], some events of later steps early, resends of events appended in earlier steps, and some events
/// from two threads at once. When all four have finished step j (a barrier) the watermark becomes j: every event recorded
/// at or before Bj is in the store. A scorer reads the watermark w and scores at some T &lt;= Bw, so everything racing
/// its call is recorded after T (invisible) or a duplicate of an event already kept (ignored: the first arrival counts).
/// Which entities and instants get scored depends on the interleaving; the answer to each does not.</para>
/// <para>Arrival order breaks full as-of ties (same entity, occurred_at and recorded_at), so each group of fully tied
/// events is appended by one thread in file order, and the serial store gets them in file order too; no other arrival
/// order changes an answer.</para>
/// <para>The scorer threads also read raw histories and check that none is half-applied (its event list, per-class spans,
/// counts, as-of and window indexes and earliest record agree), that none has lost an event recorded at or before the
/// watermark or kept a duplicate, and that a snapshot, once read, never changes.</para>
/// </remarks>
public sealed class ConcurrencyTests(ITestOutputHelper output)
{
    private const int ScoringThreads = 16;
    private const int AppendingThreads = 4;
    private const int Steps = 24;

    // An appender waits before its n-th append until the scorers have made n × this many scores, so that appends are
    // spread over the whole run instead of finishing before the scorers start (it paces by progress, not by time).
    private const int ScoresPerAppend = 3;

    [Fact]
    public void Shipments_scored_while_events_arrive_equal_a_serial_recomputation_and_monitors_and_metrics_count_every_score()
    {
        Subject shipments = Shipments(orders: 300, seed: 20260501);
        var figures = new List<Figures>();
        for (int iteration = 0; iteration < 3; iteration++)
        {
            using var metrics = new ScorerMetrics();
            using var scored = new MetricCollector<long>(metrics.Meter, "featurecontracts.scorer.scored");
            using var notScored = new MetricCollector<long>(metrics.Meter, "featurecontracts.scorer.not_scored");
            using var durations = new MetricCollector<double>(metrics.Meter, "featurecontracts.scorer.duration");
            var wholeRun = new LiveMonitorOptions { WindowSize = 1 << 20 };
            var whole = new LiveMonitor(LateDeliveryContract.V1, wholeRun);
            var sliding = new LiveMonitor(LateDeliveryContract.V1, new LiveMonitorOptions { WindowSize = 500 });

            // Half the scoring threads use a scorer fed to a monitor that keeps every row, half one with a sliding window;
            // both record into the same metrics.
            Outcome outcome = Run(shipments, seed: 100 + iteration, [new ScorerOptions { Monitor = whole, Metrics = metrics }, new ScorerOptions { Monitor = sliding, Metrics = metrics }]);
            figures.Add(outcome.Figures);

            // The monitor that keeps every row measures what a monitor fed the serial recomputations measures.
            Observed[] first = [.. outcome.Observed.Where(o => o.Scorer == 0)];
            var reference = new LiveMonitor(LateDeliveryContract.V1, wholeRun);
            foreach (Observed o in first)
            {
                reference.Observe(o.Expected!.RowResult);
            }

            MonitorMeasures measured = whole.Measures();
            MonitorMeasures expected = reference.Measures();
            measured.Requests.Should().Be(first.Length, "every score of the first scorer is observed once");
            measured.Accepted.Should().Be(first.Count(o => o.Result.Row is not null));
            (measured.Requests, measured.Reached, measured.Accepted).Should().Be((expected.Requests, expected.Reached, expected.Accepted));
            measured.RejectionsByCode.Should().Equal(expected.RejectionsByCode);
            measured.Features.Should().Equal(expected.Features);

            int secondCount = outcome.Observed.Count - first.Length;
            sliding.Measures().Requests.Should().Be(Math.Min(secondCount, sliding.Options.WindowSize), "the sliding window holds its last rows after {0} scores", secondCount);

            // The metrics count every call of both scorers.
            scored.GetMeasurementSnapshot().Sum(m => m.Value).Should().Be(outcome.Observed.Count(o => o.Result.IsScored));
            durations.GetMeasurementSnapshot().Count.Should().Be(outcome.Observed.Count);
            var reasons = notScored.GetMeasurementSnapshot()
                .GroupBy(m => (string)m.Tags["featurecontracts.reason"]!)
                .ToDictionary(g => g.Key, g => g.Sum(m => m.Value), StringComparer.Ordinal);
            var expectedReasons = outcome.Observed
                .SelectMany(o => o.Result.Reasons.Select(r => r.Code).Distinct())
                .GroupBy(code => RowCodec.FormatCode(code))
                .ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
            reasons.Should().Equal(expectedReasons);
        }

        Report("shipments, monitor and metrics", figures);
    }

    [Fact]
    public void Shipments_failing_closed_on_stale_features_scored_while_events_arrive_equal_a_serial_recomputation()
    {
        Subject shipments = Shipments(orders: 300, seed: 7);
        var figures = new List<Figures>();
        for (int iteration = 0; iteration < 2; iteration++)
        {
            Outcome outcome = Run(shipments, seed: 200 + iteration, [new ScorerOptions { FailClosedOnStaleFeatures = true }]);
            figures.Add(outcome.Figures);
            outcome.Observed.Should().Contain(o => o.Result.Reasons.Any(r => r.Code == NotScoredCode.FeatureBeyondMaxAge), "stale backlogs are scored");
        }

        Report("shipments, failing closed on stale features", figures);
    }

    [Fact]
    public void Card_payments_scored_while_events_arrive_equal_a_serial_recomputation()
    {
        Subject cards = CardPayments(cards: 250, seed: 31);
        var figures = new List<Figures>();
        for (int iteration = 0; iteration < 3; iteration++)
        {
            Outcome outcome = Run(cards, seed: 300 + iteration, [ScorerOptions.Default]);
            figures.Add(outcome.Figures);
            outcome.Observed.Should().Contain(o => o.Result.Rejections.Any(r => r.Code == RejectionCode.OutOfRange), "payments outside the range are scored");
        }

        Report("card payments", figures);
    }

    /// <summary>
    /// An event filed under two entities (a transfer under its source and its target account) sent twice under one
    /// event_id, with different contents, from two threads at once. Whichever arrives first, the store must end as some
    /// serial order of the appends leaves it: the same version in both histories. Threads take tickets in turn, tickets
    /// 3i and 3i + 1 being the two versions of transfer i, so they are appended at about the same time by different
    /// threads; every transfer goes to one busy target account, as a merchant or a warehouse gets events from everywhere
    /// in a live feed. Ticket 3i + 2 reverses transfer i: its type declares the same two keys in the other order, so
    /// appends that locked each type's keys in its own declared order would wait on each other in a cycle.
    /// </summary>
    [Fact]
    public void Two_versions_of_an_event_filed_under_two_entities_and_appended_at_once_leave_one_version_in_both_histories()
    {
        const int Transfers = 20_000;
        const int Threads = 8;
        var store = new HistoryStore(TransferLog);
        Instant at = Instant.FromUtc(2026, 5, 1, 0, 0);
        DomainEvent[][] tickets = [.. Enumerable.Range(0, Transfers).Select(i => (DomainEvent[])
            [
                new Transfer($"A-{i}", "HOT", 1, at + Duration.FromSeconds(i), $"t-{i}"),
                new Transfer($"A-{i}", "HOT", 2, at + Duration.FromSeconds(i), $"t-{i}"),
                new Reversal($"A-{i}", "HOT", at + Duration.FromSeconds(i + 1), $"r-{i}"),
            ])];
        int next = -1;
        using var start = new Barrier(Threads);
        Thread[] senders = [.. Enumerable.Range(0, Threads).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            for (int ticket = Interlocked.Increment(ref next); ticket < 3 * Transfers; ticket = Interlocked.Increment(ref next))
            {
                store.Append(tickets[ticket / 3][ticket % 3]);
            }
        }) { IsBackground = true })];
        foreach (Thread thread in senders)
        {
            thread.Start();
        }

        foreach (Thread thread in senders)
        {
            thread.Join();
        }

        var target = store.History("to_account", "HOT").Events.OfType<Transfer>().ToDictionary(e => e.EventId!, StringComparer.Ordinal);
        target.Should().HaveCount(Transfers, "each transfer's event_id is filed once under the target");
        store.History("to_account", "HOT").CountOf<Reversal>().Should().Be(Transfers);
        store.EventCount.Should().Be(2 * Transfers);
        int split = Enumerable.Range(0, Transfers).Count(i => !ReferenceEquals(store.History("from_account", $"A-{i}").All<Transfer>().ToArray().Single(), target[$"t-{i}"]));
        split.Should().Be(0, "no serial order of the appends files one version under the source and the other under the target ({0} of {1} transfers were split)", split, Transfers);
    }

    /// <summary>One concurrent run: appends and scores as the class describes, then every check.</summary>
    private static Outcome Run(Subject subject, int seed, IReadOnlyList<ScorerOptions> options)
    {
        var plan = new Plan(subject, seed);
        var store = new HistoryStore(subject.Transform.Domain.Schema);
        OnlineScorer[] scorers = [.. options.Select(o => new OnlineScorer(store, subject.Transform, subject.Vectorizer, subject.NewModel(), new FakeClock(plan.BeforeAll), o))];
        var run = new ConcurrentRun(subject, plan, store, scorers, seed);
        var clock = Stopwatch.StartNew();
        run.Go();
        TimeSpan concurrent = clock.Elapsed;
        List<Observed> observed = run.Observed;

        run.Failures.Should().BeEmpty("no thread may see a half-applied, lost or changed history, and a resend must not be kept");

        // The store ends holding each event once, the first arrival of its id, whatever the interleaving was.
        run.Kept.Should().Be(subject.FileOrder.Count, "each event is kept once: racing copies count once, resends not at all");
        store.EventCount.Should().Be(subject.FileOrder.Count);
        foreach (((string Key, string Id) entity, List<DomainEvent> events) in subject.Originals)
        {
            EntityHistory history = store.History(entity.Key, entity.Id);
            new HashSet<DomainEvent>(history.Events, ReferenceEqualityComparer.Instance).SetEquals(events)
                .Should().BeTrue("{0} {1} holds exactly its events", entity.Key, entity.Id);
            history.Count.Should().Be(events.Count);
        }

        // Every concurrent result equals the serial recomputation at its instant over exactly the events visible then:
        // one store, used by this thread alone, grown in recorded order instant by instant, so that when it answers at T
        // it holds the events recorded at or before T and nothing else.
        var mismatches = new List<string>();
        var visible = new HistoryStore(subject.Transform.Domain.Schema);
        var serial = new OnlineScorer(
            visible, subject.Transform, subject.Vectorizer, subject.NewModel(), new FakeClock(plan.BeforeAll), new ScorerOptions { FailClosedOnStaleFeatures = options[0].FailClosedOnStaleFeatures });
        int known = 0;
        int distinct = 0;
        int mismatched = 0;
        foreach (IGrouping<Instant, Observed> at in observed.GroupBy(o => o.At).OrderBy(g => g.Key))
        {
            for (; known < subject.ByRecord.Length && subject.ByRecord[known].RecordedAt <= at.Key; known++)
            {
                visible.Append(subject.ByRecord[known]);
            }

            var answers = new Dictionary<string, ScoreResult>(StringComparer.Ordinal);
            foreach (Observed o in at)
            {
                if (!answers.TryGetValue(o.EntityId, out ScoreResult? expected))
                {
                    expected = serial.ScoreAt(o.EntityId, at.Key);
                    answers.Add(o.EntityId, expected);
                }

                o.Expected = expected;
                if (Difference(o.Result, expected) is { } difference && ++mismatched <= 10)
                {
                    mismatches.Add($"{o.EntityId} at {at.Key} (watermark {o.Watermark}, bound {(o.Watermark < 0 ? plan.BeforeAll : plan.Bounds[o.Watermark])}): {difference}");
                }
            }

            distinct += answers.Count;
        }

        mismatched.Should().Be(0, "every concurrent result must equal the serial one; the first differences:\n{0}", string.Join("\n", mismatches));
        observed.Select(o => o.Result.IsScored).Distinct().Should().HaveCount(2, "both scored and not-scored results are compared");
        return new Outcome(observed, new Figures(run.Appends, subject.FileOrder.Count, plan.Racing, plan.Resent, plan.Corrected, observed.Count, distinct, run.SnapshotsChecked, plan.Bounds.Length, concurrent, clock.Elapsed));
    }

    /// <summary>Where a concurrent result differs from the serial one, or <see langword="null"/>.</summary>
    private static string? Difference(ScoreResult actual, ScoreResult expected)
    {
        if (actual.EntityKey != expected.EntityKey || actual.EntityId != expected.EntityId || actual.PredictionInstant != expected.PredictionInstant)
        {
            return $"another request: {actual} vs {expected}";
        }

        if (actual.Score.HasValue != expected.Score.HasValue
            || (actual.Score is { } score && BitConverter.DoubleToInt64Bits(score) != BitConverter.DoubleToInt64Bits(expected.Score!.Value)))
        {
            return $"score {actual} vs {expected}";
        }

        if (!actual.Reasons.SequenceEqual(expected.Reasons))
        {
            return $"reasons [{string.Join("; ", actual.Reasons)}] vs [{string.Join("; ", expected.Reasons)}]";
        }

        if (!actual.Rejections.SequenceEqual(expected.Rejections))
        {
            return $"rejections [{string.Join("; ", actual.Rejections)}] vs [{string.Join("; ", expected.Rejections)}]";
        }

        if ((actual.Row is null) != (expected.Row is null) || (actual.Row is not null && !actual.Row.Equals(expected.Row)))
        {
            return $"row {actual.Row} vs {expected.Row}";
        }

        return actual.ContractFingerprint != expected.ContractFingerprint || actual.ModelId != expected.ModelId
            ? $"contract or model {actual.ContractFingerprint} {actual.ModelId} vs {expected.ContractFingerprint} {expected.ModelId}"
            : null;
    }

    private void Report(string name, List<Figures> runs)
    {
        output.WriteLine(
            $"{name}: {runs.Count} iterations, {ScoringThreads} scoring and {AppendingThreads} appending threads; "
            + $"{runs.Sum(f => f.Appends)} appends ({runs.Sum(f => f.Originals)} events, {runs.Sum(f => f.Racing)} appended by two threads at once, "
            + $"{runs.Sum(f => f.Resent)} resent, {runs.Sum(f => f.Corrected)} corrected resends), {runs.Sum(f => f.Scores)} concurrent scores compared "
            + $"({runs.Sum(f => f.Distinct)} distinct entity-instant pairs), {runs.Sum(f => f.Snapshots)} raw snapshots checked; "
            + $"concurrent {runs.Sum(f => f.Concurrent.TotalSeconds):F2} s, with checks {runs.Sum(f => f.Total.TotalSeconds):F2} s");
        foreach (Figures f in runs)
        {
            output.WriteLine($"  steps {f.Steps}, appends {f.Appends}, scores {f.Scores}, distinct {f.Distinct}, snapshots {f.Snapshots}, {f.Concurrent.TotalMilliseconds:F0} ms / {f.Total.TotalMilliseconds:F0} ms");
        }
    }

    /// <summary>A schema whose event types are filed under two keys, declared in opposite orders.</summary>
    private static readonly EventSchema TransferLog = EventSchema.Define()
        .Event<Transfer>("transfer", t => t
            .Key("from_account", e => e.From)
            .Key("to_account", e => e.To, shared: true)
            .Number("amount", e => e.Amount)
            .CreatedBy(f => new Transfer(f.Text("from_account")!, f.Text("to_account")!, f.Number("amount")!.Value, f.OccurredAt, f.EventId)))
        .Event<Reversal>("reversal", t => t
            .Key("to_account", e => e.To, shared: true)
            .Key("from_account", e => e.From)
            .CreatedBy(f => new Reversal(f.Text("from_account")!, f.Text("to_account")!, f.OccurredAt, f.EventId)))
        .Build();

    private static Subject Shipments(int orders, int seed)
    {
        var scenario = new ServingScenario(orders, seed);
        return new Subject(
            ShipmentTransform.LateDeliveryV1,
            RecordingModel.Vectorizer,
            () => new RecordingModel(),
            scenario.Events,
            e => e switch
            {
                // Corrected copies under the same event_id: each would change the row if it were kept.
                OrderPlaced o => new OrderPlaced(o.OrderId, o.OccurredAt, "zipzap", (o.DistanceKm ?? 100) + 500, !(o.Expedited ?? false), o.Origin == "WH-0" ? "WH-1" : "WH-0", o.PromisedDate.PlusDays(1), o.DestinationZone, o.RecordedAt, o.EventId),
                Scan s => new Scan(s.OrderId, s.OccurredAt - Duration.FromHours(1), "resent", s.RecordedAt, s.EventId),
                Delivered d => new Delivered(d.OrderId, d.OccurredAt, d.OccurredAt, d.EventId),
                BacklogMeasured b => new BacklogMeasured(b.Warehouse, b.QueueLength + 100, b.OccurredAt, b.RecordedAt, b.EventId),
                _ => null,
            },
            [new EventClass<OrderPlaced>(), new EventClass<Scan>(), new EventClass<Delivered>(), new EventClass<Complaint>(), new EventClass<BacklogMeasured>()]);
    }

    /// <summary>
    /// A seeded card log in file order: openings sometimes recorded hours late, payments before the opening is known and
    /// recorded up to two days late, out-of-range amounts, full ties, payments without an id, chargebacks, and a few busy
    /// cards with a hundred and fifty payments each.
    /// </summary>
    private static Subject CardPayments(int cards, int seed)
    {
#pragma warning disable CA5394 // Seeded test data.
        var random = new Random(seed);
        Instant start = Instant.FromUtc(2026, 3, 1, 0, 0);
        var events = new List<DomainEvent>();
        for (int c = 0; c < cards; c++)
        {
            string card = $"C-{c:D4}";
            Instant opened = start + Duration.FromMinutes(random.Next(0, 60 * 24 * 6));
            Instant openedRecorded = opened + (random.Next(5) == 0 ? Duration.FromMinutes(random.Next(60, 60 * 12)) : Duration.FromSeconds(random.Next(0, 60)));
            events.Add(new CardOpened(card, opened, openedRecorded, $"{card}-o"));
            int payments = c % 50 == 0 ? 150 : random.Next(0, 16); // a few busy cards take appends from every thread
            for (int p = 0; p < payments; p++)
            {
                Instant at = opened + Duration.FromMinutes(random.Next(-30, 60 * 24 * 5));
                Instant recorded = at + (random.Next(7) == 0 ? Duration.FromHours(random.Next(1, 48)) : Duration.FromSeconds(random.Next(0, 300)));
                double amount = random.Next(25) switch
                {
                    0 => 2_500_000,
                    1 => -40,
                    _ => Math.Round(random.NextDouble() * 3000, 2),
                };
                string? id = random.Next(20) == 0 ? null : $"{card}-p{p}";
                events.Add(new Payment(card, amount, at, recorded, id));
                if (random.Next(10) == 0)
                {
                    // A full tie: only arrival order tells which payment is the card's last.
                    events.Add(new Payment(card, Math.Round(random.NextDouble() * 3000, 2), at, recorded, id is null ? null : id + "-twin"));
                }
            }

            if (random.Next(8) == 0)
            {
                Instant charged = opened + Duration.FromHours(random.Next(24, 24 * 6));
                events.Add(new Chargeback(card, charged, charged + Duration.FromHours(random.Next(0, 72)), $"{card}-cb"));
            }
        }

        DomainEvent[] fileOrder = [.. events];
        random.Shuffle(fileOrder);
#pragma warning restore CA5394
        return new Subject(
            CardDomain.Transform,
            CardDomain.Vectorizer,
            () => new ThousandsModel(),
            fileOrder,
            e => e switch
            {
                CardOpened o => new CardOpened(o.CardId, o.OccurredAt, o.OccurredAt, o.EventId),
                Payment p => new Payment(p.CardId, p.Amount + 1000, p.OccurredAt, p.RecordedAt, p.EventId),
                Chargeback x => new Chargeback(x.CardId, x.OccurredAt, x.OccurredAt, x.EventId),
                _ => null,
            },
            [new EventClass<CardOpened>(), new EventClass<Payment>(), new EventClass<Chargeback>()]);
    }

    /// <summary>A domain under test: its transform and model, its log in file order (each event_id once per entity) and its event classes.</summary>
    private sealed class Subject
    {
        public Subject(
            Transform transform, FeatureVectorizer vectorizer, Func<IScoringModel> newModel, IReadOnlyList<DomainEvent> fileOrder, Func<DomainEvent, DomainEvent?> corrected, IReadOnlyList<IEventClass> classes)
        {
            Transform = transform;
            Vectorizer = vectorizer;
            NewModel = newModel;
            FileOrder = fileOrder;
            Corrected = corrected;
            Classes = classes;
            EventSchema schema = transform.Domain.Schema;
            string entityKey = transform.Domain.Entity.Key;
            foreach (DomainEvent e in fileOrder)
            {
                EventTypeSchema type = schema.TypeOf(e);
                foreach (EventFieldSchema key in type.Keys)
                {
                    (string, string) entity = (key.Name, type.KeyOf(e, key.Name)!);
                    if (!Originals.TryGetValue(entity, out List<DomainEvent>? list))
                    {
                        Originals.Add(entity, list = []);
                    }

                    list.Add(e);
                }
            }

            ByRecord = [.. fileOrder.OrderBy(e => e.RecordedAt)];
            Entities = [.. Originals.Keys.OrderBy(k => k.Key, StringComparer.Ordinal).ThenBy(k => k.Id, StringComparer.Ordinal)];
            References = [.. Entities.Where(k => k.Key != entityKey)];
            Known = [.. Entities.Where(k => k.Key == entityKey).Select(k => (k.Id, Originals[k].Min(e => e.RecordedAt), Originals[k].Max(e => e.RecordedAt)))];
        }

        public Transform Transform { get; }

        public FeatureVectorizer Vectorizer { get; }

        public Func<IScoringModel> NewModel { get; }

        public IReadOnlyList<DomainEvent> FileOrder { get; }

        /// <summary>
        /// The log in recorded_at order, file order among equal records (so fully tied events keep their file order):
        /// the events visible at T are a prefix, appended as a live feed would append them.
        /// </summary>
        public DomainEvent[] ByRecord { get; }

        /// <summary>A corrected copy of an event under the same event_id, or <see langword="null"/> to resend it unchanged.</summary>
        public Func<DomainEvent, DomainEvent?> Corrected { get; }

        public IReadOnlyList<IEventClass> Classes { get; }

        /// <summary>Each history's events, in file order.</summary>
        public Dictionary<(string Key, string Id), List<DomainEvent>> Originals { get; } = [];

        public (string Key, string Id)[] Entities { get; }

        /// <summary>The histories of other keys than the entity key (warehouses).</summary>
        public (string Key, string Id)[] References { get; }

        /// <summary>The entities scored, with their first and last record.</summary>
        public (string Id, Instant First, Instant Last)[] Known { get; }

        /// <summary>The entity key id of a first key's history, occurred_at and recorded_at: events sharing it are fully tied.</summary>
        public string TieKey(DomainEvent e)
        {
            EventTypeSchema type = Transform.Domain.Schema.TypeOf(e);
            string key = type.Keys[0].Name;
            return $"{key}|{type.KeyOf(e, key)}|{e.OccurredAt}|{e.RecordedAt}";
        }
    }

    /// <summary>One event class's checks on a history snapshot.</summary>
    private interface IEventClass
    {
        /// <summary>What in <paramref name="history"/> disagrees with itself for this class, or <see langword="null"/>.</summary>
        string? Inconsistency(EntityHistory history, Instant t);

        DomainEvent? AsOf(EntityHistory history, Instant t);
    }

    private sealed class EventClass<T> : IEventClass
        where T : DomainEvent
    {
        public DomainEvent? AsOf(EntityHistory history, Instant t) => history.AsOf<T>(t);

        public string? Inconsistency(EntityHistory history, Instant t)
        {
            T[] all = history.All<T>().ToArray();
            T[] listed = [.. history.Events.Where(e => e.GetType() == typeof(T)).Cast<T>()];
            if (!all.SequenceEqual(listed, ReferenceEqualityComparer.Instance))
            {
                return $"{typeof(T).Name}: the class's {all.Length} events are not the history's {listed.Length} events of the class";
            }

            if (history.CountOf<T>() != all.Length || history.Window<T>().Count != all.Length)
            {
                return $"{typeof(T).Name}: count {history.CountOf<T>()} and window index {history.Window<T>().Count} for {all.Length} events";
            }

            Instant? earliest = all.Length == 0 ? null : all.Min(e => e.RecordedAt);
            if (history.EarliestRecordedAt<T>() != earliest)
            {
                return $"{typeof(T).Name}: earliest record {history.EarliestRecordedAt<T>()} for {earliest}";
            }

            foreach (Instant at in (Instant[])[t, t - Duration.FromHours(3), t + Duration.FromDays(3)])
            {
                if (!ReferenceEquals(history.AsOf<T>(at), TimeRules.AsOf(all, at)))
                {
                    return $"{typeof(T).Name}: as of {at} the index answers {history.AsOf<T>(at)}, its events {TimeRules.AsOf(all, at)}";
                }
            }

            return null;
        }
    }

    /// <summary>A run's seeded plan: the steps' bounds, the instants to score and what each appender appends at each step.</summary>
    private sealed class Plan
    {
        public Plan(Subject subject, int seed)
        {
#pragma warning disable CA5394 // Seeded test data.
            var random = new Random(seed);
            DomainEvent[] byRecord = subject.ByRecord;
            int jitter = byRecord.Length / (Steps * 3);
            var bounds = new List<Instant>();
            for (int j = 1; j < Steps; j++)
            {
                int at = Math.Clamp((j * byRecord.Length / Steps) + random.Next(-jitter, jitter + 1), 0, byRecord.Length - 1);
                if (bounds.Count == 0 || byRecord[at].RecordedAt > bounds[^1])
                {
                    bounds.Add(byRecord[at].RecordedAt);
                }
            }

            if (bounds.Count == 0 || byRecord[^1].RecordedAt > bounds[^1])
            {
                bounds.Add(byRecord[^1].RecordedAt);
            }

            Bounds = [.. bounds];
            BeforeAll = byRecord[0].RecordedAt - Duration.Epsilon;

            // Instants by watermark + 1: before every record, then within each step's range, both ends and records included.
            Instants = new Instant[Bounds.Length + 1][];
            Instants[0] = [BeforeAll, BeforeAll - Duration.FromHours(1)];
            for (int j = 0; j < Bounds.Length; j++)
            {
                Instant lower = j == 0 ? BeforeAll : Bounds[j - 1];
                DomainEvent[] inStep = [.. byRecord.Where(e => e.RecordedAt > lower && e.RecordedAt <= Bounds[j])];
                var instants = new HashSet<Instant> { Bounds[j], lower + ((Bounds[j] - lower) / 2) };
                for (int k = 0; k < 2; k++)
                {
                    Instant recorded = inStep[random.Next(inStep.Length)].RecordedAt;
                    instants.Add(recorded);
                    if (recorded - Duration.Epsilon > lower)
                    {
                        instants.Add(recorded - Duration.Epsilon);
                    }
                }

                Instants[j + 1] = [.. instants.Order()];
            }

            // The entities worth scoring at each instant: known from shortly before their first record to a day after their last.
            foreach (Instant t in Instants.SelectMany(i => i))
            {
                string[] live = [.. subject.Known.Where(k => k.First - Duration.FromHours(6) <= t && t <= k.Last + Duration.FromDays(1)).Select(k => k.Id)];
                Live[t] = live.Length > 0 ? live : [.. subject.Known.Select(k => k.Id)];
            }

            // Each group of fully tied events goes to one thread, in file order, at one step: its own, or up to four early.
            Work = new List<Arrival>[AppendingThreads][];
            for (int w = 0; w < AppendingThreads; w++)
            {
                Work[w] = [.. Enumerable.Range(0, Bounds.Length).Select(_ => new List<Arrival>())];
            }

            var groups = new Dictionary<string, (int Thread, int Step, int Size)>(StringComparer.Ordinal);
            var placed = new List<(DomainEvent Event, string Group)>();
            foreach (DomainEvent e in subject.FileOrder)
            {
                string tie = subject.TieKey(e);
                if (!groups.TryGetValue(tie, out var group))
                {
                    int own = StepOf(e.RecordedAt);
                    int lead = random.Next(100) < 65 ? 0 : random.Next(1, 5);
                    group = (random.Next(AppendingThreads), Math.Max(0, own - lead), 0);
                }

                groups[tie] = (group.Thread, group.Step, group.Size + 1);
                Work[group.Thread][group.Step].Add(new Arrival(e, ArrivalKind.Original));
                placed.Add((e, tie));
            }

            foreach ((DomainEvent e, string tie) in placed)
            {
                (int thread, int step, int size) = groups[tie];
                if (e.EventId is null)
                {
                    continue; // an event without an id cannot be told from a new one
                }

                if (size == 1 && random.Next(100) < 5)
                {
                    // The same event from a second thread in the same step: exactly one arrival may be kept.
                    int other = (thread + 1 + random.Next(AppendingThreads - 1)) % AppendingThreads;
                    Insert(Work[other][step], new Arrival(e, ArrivalKind.Racing), random);
                    RacingEvents.Add(e);
                }

                if (step < Bounds.Length - 1 && random.Next(100) < 12)
                {
                    // Again in a later step, from any thread: unchanged, or corrected under the same id. Neither is kept.
                    int later = random.Next(step + 1, Bounds.Length);
                    DomainEvent? corrected = random.Next(2) == 0 ? subject.Corrected(e) : null;
                    Insert(Work[random.Next(AppendingThreads)][later], new Arrival(corrected ?? e, corrected is null ? ArrivalKind.Resent : ArrivalKind.Corrected), random);
                    if (corrected is null)
                    {
                        Resent++;
                    }
                    else
                    {
                        Corrected++;
                    }
                }
            }
#pragma warning restore CA5394
        }

        /// <summary>Bounds[j]: the greatest recorded_at of step j's events.</summary>
        public Instant[] Bounds { get; }

        /// <summary>An instant before every record: nothing is visible.</summary>
        public Instant BeforeAll { get; }

        /// <summary>The instants a scorer may score at, by watermark + 1 (all at or before the watermark's bound).</summary>
        public Instant[][] Instants { get; }

        public Dictionary<Instant, string[]> Live { get; } = [];

        /// <summary>Work[thread][step]: the arrivals an appender makes in a step, in order.</summary>
        public List<Arrival>[][] Work { get; }

        /// <summary>The events two threads append at once: the first arrival of either may be refused.</summary>
        public HashSet<DomainEvent> RacingEvents { get; } = new(ReferenceEqualityComparer.Instance);

        public int Racing => RacingEvents.Count;

        public int Resent { get; }

        public int Corrected { get; }

        private int StepOf(Instant recordedAt)
        {
            int at = Array.BinarySearch(Bounds, recordedAt);
            return at >= 0 ? at : ~at;
        }

#pragma warning disable CA5394 // Seeded test data.
        private static void Insert(List<Arrival> list, Arrival arrival, Random random) => list.Insert(random.Next(list.Count + 1), arrival);
#pragma warning restore CA5394
    }

    private sealed record Transfer : DomainEvent
    {
        public Transfer(string from, string to, double amount, Instant occurredAt, string? eventId)
            : base(occurredAt, null, eventId)
        {
            From = from;
            To = to;
            Amount = amount;
        }

        public string From { get; }

        public string To { get; }

        public double Amount { get; }

        public override string EventType => "transfer";
    }

    private sealed record Reversal : DomainEvent
    {
        public Reversal(string from, string to, Instant occurredAt, string? eventId)
            : base(occurredAt, null, eventId)
        {
            From = from;
            To = to;
        }

        public string From { get; }

        public string To { get; }

        public override string EventType => "reversal";
    }

    private enum ArrivalKind
    {
        Original,
        Racing,
        Resent,
        Corrected,
    }

    private readonly record struct Arrival(DomainEvent Event, ArrivalKind Kind);

    /// <summary>A score made concurrently, and after the run the serial recomputation it must equal.</summary>
    private sealed record Observed(int Scorer, string EntityId, Instant At, int Watermark, ScoreResult Result)
    {
        public ScoreResult? Expected { get; set; }
    }

    private sealed record Figures(
        long Appends, int Originals, int Racing, int Resent, int Corrected, int Scores, int Distinct, long Snapshots, int Steps, TimeSpan Concurrent, TimeSpan Total);

    private sealed record Outcome(List<Observed> Observed, Figures Figures);

    /// <summary>A snapshot as first read: its events and as-of answers, to compare once every thread is done.</summary>
    private sealed record Seen(EntityHistory History, DomainEvent[] Events, DomainEvent?[] AsOf, Instant At);

    /// <summary>The threads of one run and what they share.</summary>
    private sealed class ConcurrentRun(Subject subject, Plan plan, HistoryStore store, OnlineScorer[] scorers, int seed)
    {
        private readonly ConcurrentQueue<string> _failures = new();
        private readonly List<Observed>[] _observed = [.. Enumerable.Range(0, ScoringThreads).Select(_ => new List<Observed>())];
        private readonly List<Seen>[] _seen = [.. Enumerable.Range(0, ScoringThreads).Select(_ => new List<Seen>())];
        private int _watermark = -1;
        private int _appendingDone;
        private long _scores;
        private long _appends;
        private long _kept;
        private long _snapshots;

        public IReadOnlyCollection<string> Failures => _failures;

        public List<Observed> Observed => [.. _observed.SelectMany(o => o)];

        public long Kept => _kept;

        public long Appends => _appends;

        public long SnapshotsChecked => _snapshots;

        public void Go()
        {
            using var step = new Barrier(AppendingThreads, b => Volatile.Write(ref _watermark, (int)b.CurrentPhaseNumber));
            Thread[] appenders = [.. Enumerable.Range(0, AppendingThreads).Select(w => new Thread(() => Append(w, step)) { IsBackground = true, Name = $"appender {w}" })];
            Thread[] scoring = [.. Enumerable.Range(0, ScoringThreads).Select(s => new Thread(() => Score(s)) { IsBackground = true, Name = $"scorer {s}" })];
            foreach (Thread thread in scoring.Concat(appenders))
            {
                thread.Start();
            }

            foreach (Thread thread in appenders)
            {
                thread.Join();
            }

            Volatile.Write(ref _appendingDone, 1);
            foreach (Thread thread in scoring)
            {
                thread.Join();
            }

            // A snapshot, once read, never changes: not while appends went on, not after.
            foreach (Seen seen in _seen.SelectMany(s => s))
            {
                if (!Enumerable.SequenceEqual(seen.History.Events, seen.Events, ReferenceEqualityComparer.Instance)
                    || !subject.Classes.Select(c => c.AsOf(seen.History, seen.At)).SequenceEqual(seen.AsOf, ReferenceEqualityComparer.Instance))
                {
                    _failures.Enqueue($"{seen.History} changed after it was read");
                }
            }
        }

        private void Append(int thread, Barrier step)
        {
            foreach (List<Arrival> arrivals in plan.Work[thread])
            {
                foreach (Arrival arrival in arrivals)
                {
                    long n = Interlocked.Increment(ref _appends);
                    var spin = default(SpinWait);
                    while (Volatile.Read(ref _scores) < n * ScoresPerAppend)
                    {
                        spin.SpinOnce(sleep1Threshold: -1);
                    }

                    try
                    {
                        bool added = store.Append(arrival.Event);
                        if (added)
                        {
                            Interlocked.Increment(ref _kept);
                        }

                        if (added && arrival.Kind is ArrivalKind.Resent or ArrivalKind.Corrected)
                        {
                            _failures.Enqueue($"a {arrival.Kind} arrival of '{arrival.Event.EventId}' was kept after its first arrival");
                        }
                        else if (!added && arrival.Kind is ArrivalKind.Original && !plan.RacingEvents.Contains(arrival.Event))
                        {
                            _failures.Enqueue($"the first arrival of '{arrival.Event.EventId}' was refused");
                        }
                    }
#pragma warning disable CA1031 // Any failure is reported by the test thread.
                    catch (Exception e)
#pragma warning restore CA1031
                    {
                        _failures.Enqueue($"appending {arrival.Event}: {e}");
                    }
                }

                step.SignalAndWait();
            }
        }

        private void Score(int thread)
        {
#pragma warning disable CA5394 // Seeded choices; which are made depends on the interleaving.
            var random = new Random((seed * 397) + thread);
            OnlineScorer scorer = scorers[thread % scorers.Length];
            List<Observed> observed = _observed[thread];
            int after = 20; // a few rounds more at the last watermark
            while (Volatile.Read(ref _appendingDone) == 0 || after-- > 0)
            {
                // Nor do the scorers run far ahead of the appends: between 3 and 6 scores per append.
                var spin = default(SpinWait);
                while (Volatile.Read(ref _appendingDone) == 0 && Volatile.Read(ref _scores) >= (Volatile.Read(ref _appends) + AppendingThreads) * ScoresPerAppend * 2)
                {
                    spin.SpinOnce(sleep1Threshold: -1);
                }

                try
                {
                    int watermark = Volatile.Read(ref _watermark);
                    int level = random.Next(5) < 3 ? watermark + 1 : random.Next(watermark + 2);
                    Instant[] instants = plan.Instants[level];
                    Instant t = instants[random.Next(instants.Length)];
                    string[] live = plan.Live[t];
                    string id = random.Next(8) switch
                    {
                        0 => "never-seen",
                        1 => subject.Known[random.Next(subject.Known.Length)].Id,
                        _ => live[random.Next(live.Length)],
                    };
                    observed.Add(new Observed(thread % scorers.Length, id, t, watermark, scorer.ScoreAt(id, t)));
                    if (random.Next(4) == 0)
                    {
                        (string Key, string Id) entity = random.Next(3) switch
                        {
                            0 when subject.References.Length > 0 => subject.References[random.Next(subject.References.Length)],
                            1 => subject.Entities[random.Next(subject.Entities.Length)],
                            _ => (subject.Transform.Domain.Entity.Key, id),
                        };
                        CheckSnapshot(entity, watermark, _seen[thread]);
                    }
                }
#pragma warning disable CA1031 // Any failure is reported by the test thread.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    _failures.Enqueue($"scoring: {e}");
                }
                finally
                {
                    Interlocked.Increment(ref _scores);
                }
            }
#pragma warning restore CA5394
        }

        /// <summary>
        /// Reads one history and checks it is whole: it agrees with itself, keeps each event_id once and only first
        /// arrivals, and holds every event recorded at or before the watermark's bound (all appended before it was read).
        /// </summary>
        private void CheckSnapshot((string Key, string Id) entity, int watermark, List<Seen> seen)
        {
            EntityHistory history = store.History(entity.Key, entity.Id);
            Interlocked.Increment(ref _snapshots);
            Instant bound = watermark < 0 ? plan.BeforeAll : plan.Bounds[watermark];
            List<DomainEvent> originals = subject.Originals.GetValueOrDefault(entity) ?? [];
            var kept = new HashSet<DomainEvent>(history.Events, ReferenceEqualityComparer.Instance);
            string? problem = null;
            if (history.Count != history.Events.Length || kept.Count != history.Count)
            {
                problem = $"{history.Count} events counted, {history.Events.Length} listed, {kept.Count} distinct";
            }
            else if (!kept.IsSubsetOf(originals))
            {
                problem = "it holds an arrival that is not the first of its id";
            }
            else if (originals.FirstOrDefault(e => e.RecordedAt <= bound && !kept.Contains(e)) is { } lost)
            {
                problem = $"{lost} recorded at or before {bound}, appended before the read, is missing";
            }
            else
            {
                problem = subject.Classes.Select(c => c.Inconsistency(history, bound)).FirstOrDefault(p => p is not null);
            }

            if (problem is not null)
            {
                _failures.Enqueue($"{history} read at watermark {watermark}: {problem}");
            }

            if (seen.Count < 64)
            {
                seen.Add(new Seen(history, [.. history.Events], [.. subject.Classes.Select(c => c.AsOf(history, bound))], bound));
            }
        }
    }
}

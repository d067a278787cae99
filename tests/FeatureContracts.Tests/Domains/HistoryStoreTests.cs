using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FeatureContracts.Domains;
using FeatureContracts.Time;
using NodaTime;
using static FeatureContracts.Tests.Domains.Tickets;

namespace FeatureContracts.Tests.Domains;

public sealed class HistoryStoreTests
{
    [Fact]
    public void An_event_with_two_keys_is_filed_under_both_entities()
    {
        TicketOpened opened = Opened(ticketId: "K-1", customerId: "C-7");

        HistoryStore store = Store(opened);

        store.History("ticket_id", "K-1").Events.Should().Equal(opened);
        store.History("customer_id", "C-7").Events.Should().Equal(opened);
        store.History("queue", "billing").Events.Should().BeEmpty("queue is a plain field of ticket_opened, not one of its keys");
        store.EventCount.Should().Be(1, "an event counts once however many histories file it");
        store.Ids("customer_id").Should().Equal("C-7");
    }

    [Fact]
    public void An_unknown_key_field_is_refused_with_the_schemas_keys()
    {
        HistoryStore store = Store();

        store.Invoking(s => s.History("order_id", "O-1")).Should().Throw<ArgumentException>()
            .WithMessage("'order_id' is not a key field of the schema; its keys are ticket_id, customer_id, queue.*");
        store.Invoking(s => s.Ids("order_id")).Should().Throw<ArgumentException>();
        store.Invoking(s => s.EntityCount("order_id")).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Append_returns_false_for_a_duplicated_event_id_and_keeps_the_first()
    {
        var first = new Reply("K-1", 10, T - Duration.FromHours(1), Id: "e-1");
        var again = new Reply("K-1", 20, T, Id: "e-1");
        HistoryStore store = Store();

        store.Append(first).Should().BeTrue();
        store.Append(again).Should().BeFalse();

        store.EventCount.Should().Be(1);
        store.History("ticket_id", "K-1").Events.Should().ContainSingle().Which.Should().BeSameAs(first);
    }

    [Fact]
    public void AppendRange_counts_the_new_events()
    {
        HistoryStore store = Store();

        store.AppendRange([new Reply("K-1", 1, T, Id: "a"), new Reply("K-1", 1, T, Id: "a"), new Reply("K-2", 1, T, Id: "a")]).Should().Be(2);
        store.EntityCount("ticket_id").Should().Be(2);
        store.Ids("ticket_id").Should().Equal("K-1", "K-2");
    }

    [Fact]
    public void An_event_of_an_undeclared_class_is_refused()
    {
        EventSchema repliesOnly = EventSchema.Define()
            .Event<Reply>("reply", t => t.Key("ticket_id", e => e.TicketId).CreatedBy(f => new Reply(f.Text("ticket_id")!, null, f.OccurredAt)))
            .Build();

        new HistoryStore(repliesOnly).Invoking(s => s.Append(new Resolved("K-1", T))).Should().Throw<ArgumentException>()
            .WithMessage("Events of class Resolved are not declared*");
    }

    [Fact]
    public void An_entity_without_events_has_an_empty_history()
    {
        EntityHistory history = Store().History("ticket_id", "K-404");

        history.Count.Should().Be(0);
        history.Key.Should().Be("ticket_id");
        history.Id.Should().Be("K-404");
    }

    [Fact]
    public void A_history_read_earlier_is_a_snapshot_that_later_appends_do_not_change()
    {
        var first = new Reply("K-1", 1, T - Duration.FromHours(1));
        HistoryStore store = Store(first);
        EntityHistory before = store.History("ticket_id", "K-1");

        store.Append(new Reply("K-1", 2, T - Duration.FromHours(3)));

        before.Events.Should().Equal(first);
        before.AsOf<Reply>(T).Should().BeSameAs(first);
        store.History("ticket_id", "K-1").Count.Should().Be(2);
    }

    /// <summary>
    /// The workload of one writer thread: its own tickets, and customers and queues that every thread writes to.
    /// Arrivals are out of time order, recorded late, and repeat event ids (within the thread: ids carry the thread, so
    /// which duplicate arrives first never depends on the interleaving).
    /// </summary>
    private static List<DomainEvent> Workload(int thread, int count)
    {
        var random = new Random(thread * 7919);
        var events = new List<DomainEvent>(count);
        for (int i = 0; i < count; i++)
        {
            string ticket = $"K-{thread}-{random.Next(8)}";
            string customer = $"C-{random.Next(3)}";
            Instant at = T - Duration.FromMinutes(random.Next(600));
            Instant recorded = at + Duration.FromMinutes(random.Next(3) * random.Next(90));
            string? id = random.Next(4) == 0 ? null : $"e-{thread}-{random.Next(count / 2)}";
            events.Add(random.Next(5) switch
            {
                0 => Opened(ticketId: ticket, at: at, recorded: recorded, id: id, customerId: customer),
                1 => new CustomerFlagged(customer, "chargeback", at, recorded, id),
                2 => new QueueLoad($"q-{random.Next(2)}", random.Next(50), at, recorded, id),
                _ => new Reply(ticket, random.Next(300), at, recorded, id),
            });
        }

        return events;
    }

    /// <summary>Whether the history answers as the rules do over its own events in its own order.</summary>
    private static bool IsConsistent<TEvent>(EntityHistory history)
        where TEvent : DomainEvent
    {
        TEvent[] all = history.All<TEvent>().ToArray();
        return all.SequenceEqual(history.Events.OfType<TEvent>(), ReferenceEqualityComparer.Instance)
            && Enumerable.Range(0, 12).Select(h => T - Duration.FromHours(h)).All(t => ReferenceEquals(history.AsOf<TEvent>(t), TimeRules.AsOf(all, t)));
    }

    [Fact]
    public async Task Concurrent_appends_keep_each_writers_order_in_every_history_and_lose_nothing()
    {
        // Across threads only each writer's own order is defined. So: a ticket (one writer) must end exactly as a
        // sequential append of the workloads leaves it; a customer or queue (every writer) must hold the same events,
        // each writer's in that writer's order, and answer as-of questions as the rules do over its own order.
        const int Threads = 4;
        List<DomainEvent>[] workloads = [.. Enumerable.Range(0, Threads).Select(t => Workload(t, 2000))];
        var writerOf = new Dictionary<DomainEvent, int>(ReferenceEqualityComparer.Instance);
        for (int t = 0; t < Threads; t++)
        {
            workloads[t].ForEach(e => writerOf[e] = t);
        }

        HistoryStore sequential = Store(workloads.SelectMany(w => w));
        var concurrent = new HistoryStore(Schema);
        int[] added = new int[Threads];
        using var start = new Barrier(Threads + 1);

        Task[] writers = [.. Enumerable.Range(0, Threads).Select(t => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                foreach (DomainEvent e in workloads[t])
                {
                    if (concurrent.Append(e))
                    {
                        added[t]++;
                    }
                }
            },
            TaskCreationOptions.LongRunning))];

        // A reader meanwhile (a bounded number of reads): every history it sees must be a prefix of the entity's final
        // history, since a published snapshot never changes.
        var seen = new List<EntityHistory>();
        start.SignalAndWait();
        for (int round = 0; round < 2000 && !writers.All(w => w.IsCompleted); round++)
        {
            seen.Add(concurrent.History("ticket_id", $"K-{round % Threads}-0"));
            seen.Add(concurrent.History("customer_id", $"C-{round % 3}"));
            seen.Add(concurrent.History("queue", $"q-{round % 2}"));
        }

        await Task.WhenAll(writers);

        foreach (string key in Schema.KeyFields)
        {
            concurrent.Ids(key).Should().Equal(sequential.Ids(key), "key {0}", key);
            foreach (string id in sequential.Ids(key))
            {
                EntityHistory actual = concurrent.History(key, id);
                EntityHistory expected = sequential.History(key, id);
                if (key == "ticket_id")
                {
                    actual.Events.Should().Equal(expected.Events, ReferenceEquals, "ticket {0} has one writer, so its order is defined", id);
                }
                else
                {
                    actual.Count.Should().Be(expected.Count, "{0} {1} loses nothing", key, id);
                    new HashSet<object>(actual.Events, ReferenceEqualityComparer.Instance).SetEquals(expected.Events).Should().BeTrue("{0} {1} holds the same events", key, id);
                    for (int t = 0; t < Threads; t++)
                    {
                        actual.Events.Where(e => writerOf[e] == t).Should().Equal(expected.Events.Where(e => writerOf[e] == t), ReferenceEquals, "writer {0}'s order in {1} {2}", t, key, id);
                    }
                }

                (IsConsistent<TicketOpened>(actual) && IsConsistent<Reply>(actual) && IsConsistent<CustomerFlagged>(actual) && IsConsistent<QueueLoad>(actual))
                    .Should().BeTrue("{0} {1} must answer as the rules do over its own events", key, id);
            }
        }

        concurrent.EventCount.Should().Be(sequential.EventCount);
        added.Sum().Should().Be((int)sequential.EventCount);
        foreach (EntityHistory snapshot in seen)
        {
            IsPrefix(snapshot, concurrent.History(snapshot.Key, snapshot.Id)).Should().BeTrue("{0} must be a prefix of the final history", snapshot);
        }
    }

    private static bool IsPrefix(EntityHistory snapshot, EntityHistory final)
        => snapshot.Count <= final.Count && snapshot.Events.Zip(final.Events).All(p => ReferenceEquals(p.First, p.Second));
}

using System;
using System.Collections.Generic;
using System.Linq;
using FeatureContracts.Domains;
using FeatureContracts.Time;
using FsCheck.Xunit;
using NodaTime;
using static FeatureContracts.Tests.Domains.Tickets;

namespace FeatureContracts.Tests.Domains;

public sealed class EntityHistoryTests
{
    private static readonly Instant Origin = Instant.FromUtc(2026, 5, 1, 0, 0);

    /// <summary>
    /// One arrival of a generated history. Small minute offsets on purpose: ties on occurred_at, on recorded_at and on
    /// both are frequent; arrival order is anything but recorded order; event ids repeat (within a class and across
    /// classes) and some events have none.
    /// </summary>
    private static List<DomainEvent> Arrivals(IEnumerable<(byte Occurred, byte Lag, byte Id, bool IsReply)> spec)
        => [.. spec.Select((s, i) =>
        {
            Instant occurred = Origin + Duration.FromMinutes(s.Occurred % 12);
            Instant recorded = occurred + Duration.FromMinutes(s.Lag % 4);
            string? id = s.Id % 4 == 0 ? null : "e-" + (s.Id % 9);
            return s.IsReply
                ? (DomainEvent)new Reply("K-1", i, occurred, recorded, id)
                : new QueueLoad("billing", i, occurred, recorded, id);
        })];

    /// <summary>The first arrival of each event id, and every event without one: what a history keeps, in arrival order.</summary>
    private static List<DomainEvent> Deduplicated(IEnumerable<DomainEvent> arrivals)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return [.. arrivals.Where(e => e.EventId is null || seen.Add(e.EventId))];
    }

    private static IEnumerable<Instant> Instants => Enumerable.Range(-2, 20).Select(m => Origin + Duration.FromMinutes(m));

    private static readonly Duration?[] MaxAges = [null, Duration.Zero, Duration.FromMinutes(1), Duration.FromMinutes(3), Duration.FromMinutes(7)];

    private static bool Same(IEnumerable<DomainEvent> actual, IEnumerable<DomainEvent> expected)
        => actual.SequenceEqual(expected, ReferenceEqualityComparer.Instance);

    /// <summary>Whether <paramref name="history"/> answers every question exactly as the rules do over <paramref name="kept"/>.</summary>
    private static bool AnswersAsTheRules(EntityHistory history, List<DomainEvent> kept)
    {
        List<Reply> replies = [.. kept.OfType<Reply>()];
        List<QueueLoad> loads = [.. kept.OfType<QueueLoad>()];
        if (!Same(history.Events, kept)
            || history.Count != kept.Count
            || !Same(history.All<Reply>().ToArray(), replies)
            || !Same(history.All<QueueLoad>().ToArray(), loads)
            || history.CountOf<Reply>() != replies.Count
            || history.EarliestRecordedAt<Reply>() != (replies.Count == 0 ? null : replies.Min(r => r.RecordedAt))
            || history.EarliestRecordedAt<QueueLoad>() != (loads.Count == 0 ? null : loads.Min(r => r.RecordedAt)))
        {
            return false;
        }

        foreach (Instant t in Instants)
        {
            foreach (Duration? maxAge in MaxAges)
            {
                if (!ReferenceEquals(history.AsOf<Reply>(t, maxAge), TimeRules.AsOf(replies, t, maxAge))
                    || !ReferenceEquals(history.AsOf<QueueLoad>(t, maxAge), TimeRules.AsOf(loads, t, maxAge)))
                {
                    return false;
                }
            }

            if (history.Window<Reply>().CountIn(t, Duration.FromMinutes(5)) != TimeRules.Aggregate(replies, t, Duration.FromMinutes(5), r => 1).Count)
            {
                return false;
            }
        }

        return true;
    }

    [Property(MaxTest = 300)]
    public bool AsOf_answers_what_the_as_of_rule_answers_over_the_class_in_arrival_order(List<(byte Occurred, byte Lag, byte Id, bool IsReply)> spec)
    {
        List<DomainEvent> arrivals = Arrivals(spec);

        return AnswersAsTheRules(EntityHistory.Of("ticket_id", "K-1", arrivals), Deduplicated(arrivals));
    }

    [Property(MaxTest = 200)]
    public bool Histories_taken_earlier_never_change_as_the_builder_grows(List<(byte Occurred, byte Lag, byte Id, bool IsReply)> spec)
    {
        List<DomainEvent> arrivals = Arrivals(spec);
        var builder = new EntityHistoryBuilder("ticket_id", "K-1");
        var snapshots = new List<EntityHistory>();
        foreach (DomainEvent e in arrivals)
        {
            builder.Add(e);
            snapshots.Add(builder.ToHistory());
        }

        // Each snapshot is checked only after every later arrival (late inserts included) has been added.
        return snapshots.Select((history, n) => AnswersAsTheRules(history, Deduplicated(arrivals.Take(n + 1)))).All(ok => ok);
    }

    [Fact]
    public void A_repeated_event_id_counts_once_and_the_first_arrival_is_kept()
    {
        var first = new Reply("K-1", 10, T - Duration.FromHours(2), Id: "e-1");
        var again = new Reply("K-1", 99, T - Duration.FromHours(1), Id: "e-1");
        var builder = new EntityHistoryBuilder("ticket_id", "K-1");

        builder.Add(first).Should().BeTrue();
        builder.Add(again).Should().BeFalse();

        EntityHistory history = builder.ToHistory();
        history.Events.Should().ContainSingle().Which.Should().BeSameAs(first);
        history.AsOf<Reply>(T).Should().BeSameAs(first, "the later duplicate is dropped, even though it occurred later");
        builder.Count.Should().Be(1);
    }

    [Fact]
    public void An_event_id_counts_once_across_classes_too()
    {
        var reply = new Reply("K-1", 10, T, Id: "e-1");
        var load = new QueueLoad("billing", 4, T, Id: "e-1");

        EntityHistory history = EntityHistory.Of("ticket_id", "K-1", [reply, load]);

        history.Events.Should().Equal(reply);
        history.CountOf<QueueLoad>().Should().Be(0);
    }

    [Fact]
    public void Events_without_an_id_are_never_duplicates()
    {
        var a = new Reply("K-1", 10, T);
        var b = new Reply("K-1", 10, T);

        EntityHistory.Of("ticket_id", "K-1", [a, b]).Count.Should().Be(2);
    }

    [Fact]
    public void All_is_arrival_order_not_time_order()
    {
        var late = new Reply("K-1", 1, T - Duration.FromHours(1));
        var early = new Reply("K-1", 2, T - Duration.FromHours(5));
        var middle = new Reply("K-1", 3, T - Duration.FromHours(3), T + Duration.FromHours(1));

        EntityHistory history = EntityHistory.Of("ticket_id", "K-1", [late, new QueueLoad("billing", 4, T), early, middle]);

        history.All<Reply>().ToArray().Should().Equal(late, early, middle);
        history.All<Resolved>().Length.Should().Be(0);
    }

    [Fact]
    public void EarliestRecordedAt_is_the_least_recorded_at_of_the_class_whatever_the_arrival_order()
    {
        EntityHistory history = EntityHistory.Of("ticket_id", "K-1", [
            new Reply("K-1", 1, T - Duration.FromHours(1)),
            new Reply("K-1", 2, T - Duration.FromHours(5), T - Duration.FromHours(2)),
            new Reply("K-1", 3, T - Duration.FromHours(4), T - Duration.FromHours(3)),
            new QueueLoad("billing", 4, T - Duration.FromHours(9)),
        ]);

        history.EarliestRecordedAt<Reply>().Should().Be(T - Duration.FromHours(3));
        history.EarliestRecordedAt<QueueLoad>().Should().Be(T - Duration.FromHours(9));
        history.EarliestRecordedAt<Resolved>().Should().BeNull();
    }

    [Fact]
    public void An_empty_history_answers_nothing()
    {
        EntityHistory empty = EntityHistory.Empty("ticket_id", "K-1");

        empty.Count.Should().Be(0);
        empty.Events.Should().BeEmpty();
        empty.AsOf<Reply>(T).Should().BeNull();
        empty.Window<Reply>().CountIn(T, Duration.FromDays(1)).Should().Be(0);
        empty.ToString().Should().Be("ticket_id K-1: 0 events");
    }

    [Fact]
    public void ToHistory_without_new_events_returns_the_same_history()
    {
        var builder = new EntityHistoryBuilder("ticket_id", "K-1");
        builder.Add(new Reply("K-1", 1, T));
        EntityHistory first = builder.ToHistory();

        builder.ToHistory().Should().BeSameAs(first);
        builder.Add(new Reply("K-1", 1, T, Id: "e-2"));
        builder.ToHistory().Should().NotBeSameAs(first);
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using FeatureContracts.Domains;
using FeatureContracts.Tests.Domains;
using FeatureContracts.Time;
using FsCheck.Xunit;
using NodaTime;

namespace FeatureContracts.Tests.Time;

public sealed class WindowTests
{
    private static readonly Instant T = Instant.FromUtc(2026, 5, 1, 9, 0);
    private static readonly Duration W = Duration.FromHours(24);
    private static readonly Duration OneTick = Duration.FromTicks(1);

    private sealed record Fact(double Value, Instant OccurredAt, Instant RecordedAt) : ITimedFact
    {
        public Fact(double value, Instant occurredAt)
            : this(value, occurredAt, occurredAt)
        {
        }
    }

    private static WindowAggregate Both(IReadOnlyList<Fact> facts, Instant t, Duration w)
    {
        WindowAggregate byRule = TimeRules.Aggregate(facts, t, w, f => f.Value);
        new WindowIndex<Fact>(facts).Aggregate(t, w, f => f.Value).Should().Be(byRule, "the index answers what the rule answers");
        return byRule;
    }

    // ---- boundaries -----------------------------------------------------------------------------------------------

    [Fact]
    public void An_event_at_exactly_T_minus_W_is_out()
    {
        var fact = new Fact(1, T - W);

        fact.IsInWindow(T, W).Should().BeFalse();
        Both([fact], T, W).Count.Should().Be(0);
    }

    [Fact]
    public void An_event_one_tick_after_T_minus_W_is_in()
    {
        var fact = new Fact(1, T - W + OneTick);

        fact.IsInWindow(T, W).Should().BeTrue();
        Both([fact], T, W).Count.Should().Be(1);
    }

    [Fact]
    public void An_event_at_exactly_T_is_in()
    {
        var fact = new Fact(1, T);

        fact.IsInWindow(T, W).Should().BeTrue();
        Both([fact], T, W).Count.Should().Be(1);
    }

    [Fact]
    public void An_event_that_occurred_in_the_window_but_was_recorded_after_T_is_out()
    {
        var late = new Fact(1, T - Duration.FromHours(1), T + OneTick);

        late.IsInWindow(T, W).Should().BeFalse();
        Both([late], T, W).Count.Should().Be(0);
        new WindowIndex<Fact>([late]).CountIn(T, W).Should().Be(0);
        new WindowIndex<Fact>([late]).CountIn(T + OneTick, W).Should().Be(1);
    }

    [Fact]
    public void An_event_recorded_exactly_at_T_is_in()
    {
        var edge = new Fact(1, T - Duration.FromHours(1), T);

        edge.IsInWindow(T, W).Should().BeTrue();
        new WindowIndex<Fact>([edge]).CountIn(T, W).Should().Be(1);
    }

    [Fact]
    public void An_event_after_T_is_out()
    {
        Both([new Fact(1, T + OneTick)], T, W).Count.Should().Be(0);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(-86_400_000_000_000)]
    public void A_window_must_be_positive(long nanoseconds)
    {
        Duration w = Duration.FromNanoseconds(nanoseconds);
        var fact = new Fact(1, T);
        var index = new WindowIndex<Fact>([fact]);

        FluentActions.Invoking(() => fact.IsInWindow(T, w)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("A window must be a positive duration.*");
        FluentActions.Invoking(() => TimeRules.Aggregate([fact], T, w, f => f.Value)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => index.CountIn(T, w)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => index.Aggregate(T, w, f => f.Value)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void A_one_nanosecond_window_holds_only_events_at_T()
    {
        Duration w = Duration.FromNanoseconds(1);

        Both([new Fact(1, T), new Fact(2, T - w), new Fact(4, T)], T, w).Should().Be(new WindowAggregate(2, 5, 1, 4));
    }

    // ---- aggregates ---------------------------------------------------------------------------------------------

    [Fact]
    public void Count_sum_mean_min_and_max_cover_the_visible_events_in_the_window()
    {
        List<Fact> facts =
        [
            new(10, T - Duration.FromHours(1)),
            new(-4, T - Duration.FromHours(30)), // before the window
            new(3, T - Duration.FromHours(23)),
            new(100, T - Duration.FromHours(2), T + Duration.FromMinutes(1)), // recorded after T
            new(5, T),
        ];

        WindowAggregate aggregate = Both(facts, T, W);

        aggregate.Should().Be(new WindowAggregate(3, 18, 3, 10));
        aggregate.Mean.Should().Be(6);
    }

    [Fact]
    public void An_empty_window_has_count_and_sum_zero_and_no_mean_min_or_max_never_a_made_up_zero()
    {
        WindowAggregate aggregate = Both([new Fact(7, T - Duration.FromDays(3))], T, W);

        aggregate.Count.Should().Be(0);
        aggregate.Sum.Should().Be(0);
        aggregate.Mean.Should().BeNull();
        aggregate.Min.Should().BeNull();
        aggregate.Max.Should().BeNull();
        Both([], T, W).Mean.Should().BeNull();
    }

    [Fact]
    public void Values_are_added_in_occurred_at_order_whatever_the_input_order()
    {
        // 1e16 + 1 + 1 loses both ones one at a time, while 1 + 1 + 1e16 keeps them: the order is part of the answer.
        List<Fact> facts = [new(1e16, T - Duration.FromHours(1)), new(1, T - Duration.FromHours(3)), new(1, T - Duration.FromHours(2))];

        Both(facts, T, W).Sum.Should().Be(1 + 1 + 1e16);
    }

    [Fact]
    public void A_history_answers_windows_over_its_own_class_only()
    {
        EntityHistory history = EntityHistory.Of("ticket_id", "K-1", [
            new Reply("K-1", 100, T - Duration.FromHours(1)),
            new QueueLoad("billing", 7, T - Duration.FromHours(1)),
            new Reply("K-1", 50, T - Duration.FromHours(25)),
            new Reply("K-1", 20, T - Duration.FromHours(3)),
        ]);

        history.Window<Reply>().CountIn(T, W).Should().Be(2);
        history.Window<Reply>().Aggregate(T, W, r => r.Words ?? 0).Should().Be(new WindowAggregate(2, 120, 20, 100));
        history.Window<Resolved>().Count.Should().Be(0);
        history.Window<Reply>().Should().BeSameAs(history.Window<Reply>(), "an index is built once per history and class");
    }

    // ---- the index against the rule -------------------------------------------------------------------------------

    // Values whose sum depends on the order they are added in (so a different order shows up in the bits), on a
    // small grid of minutes so that instants repeat and windows start and end exactly at events.
    private static readonly double[] Values = [1e16, 1, -1e16, 0.1, 0.2, 0.3, -0.0, 3.5, 1e-300, -7];

    private static List<Fact> Facts(IEnumerable<(byte Occurred, byte Lag, byte Value)> spec)
        => [.. spec.Select(s =>
        {
            Instant occurred = T + Duration.FromMinutes(s.Occurred % 16);
            return new Fact(Values[s.Value % Values.Length], occurred, occurred + Duration.FromMinutes(s.Lag % 5 == 0 ? s.Lag % 7 : 0));
        })];

    private static bool SameBits(double? a, double? b)
        => a is null ? b is null : b is not null && BitConverter.DoubleToInt64Bits(a.Value) == BitConverter.DoubleToInt64Bits(b.Value);

    [Property(MaxTest = 500)]
    public bool The_index_answers_exactly_the_brute_force_aggregate_bit_for_bit(List<(byte Occurred, byte Lag, byte Value)> spec, byte at, byte window)
    {
        List<Fact> facts = Facts(spec);
        var index = new WindowIndex<Fact>(facts);
        Instant t = T + Duration.FromMinutes((at % 22) - 2);
        Duration w = Duration.FromMinutes((window % 18) + 1);

        WindowAggregate expected = TimeRules.Aggregate(facts, t, w, f => f.Value);
        WindowAggregate actual = index.Aggregate(t, w, f => f.Value);

        return index.CountIn(t, w) == expected.Count
            && actual.Count == expected.Count
            && SameBits(actual.Sum, expected.Sum)
            && SameBits(actual.Min, expected.Min)
            && SameBits(actual.Max, expected.Max)
            && SameBits(actual.Mean, expected.Mean)
            && expected.Count == facts.Count(f => f.IsInWindow(t, w));
    }
}

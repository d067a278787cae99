using System;
using System.Collections.Generic;
using FeatureContracts.Time;
using FsCheck;
using FsCheck.Xunit;
using NodaTime;
using static FeatureContracts.Tests.Toy;

namespace FeatureContracts.Tests.Time;

public sealed class TimeRulesTests
{
    private sealed record Fact(string Id, Instant OccurredAt, Instant RecordedAt) : ITimedFact
    {
        public static Fact Known(string id, string occurred, string? recorded = null)
            => new(id, At(occurred), At(recorded ?? occurred));
    }

    // ---- visibility -------------------------------------------------------------------------

    [Fact]
    public void Event_recorded_exactly_at_T_is_visible()
    {
        var fact = new Fact("a", T - Duration.FromHours(1), T);

        fact.IsVisibleAt(T).Should().BeTrue();
    }

    [Fact]
    public void Event_recorded_one_tick_after_T_is_invisible()
    {
        var fact = new Fact("a", T - Duration.FromHours(1), T + OneTick);

        fact.IsVisibleAt(T).Should().BeFalse();
    }

    [Fact]
    public void Event_recorded_exactly_at_T_is_invisible_one_tick_earlier()
    {
        var fact = new Fact("a", T, T);

        fact.IsVisibleAt(T - OneTick).Should().BeFalse();
    }

    [Fact]
    public void Visibility_ignores_occurred_at_so_a_scan_that_happened_before_T_but_arrived_after_is_invisible()
    {
        var scan = Fact.Known("scan", "2026-05-01T08:50:00Z", recorded: "2026-05-01T09:10:00Z");

        scan.IsVisibleAt(At("2026-05-01T09:00:00Z")).Should().BeFalse();
        scan.IsVisibleAt(At("2026-05-01T09:10:00Z")).Should().BeTrue();
    }

    [Property]
    public bool Visible_iff_recorded_at_is_not_after_T(int offsetTicks)
    {
        var fact = new Fact("a", T - Duration.FromDays(1), T + Duration.FromTicks(offsetTicks));

        return fact.IsVisibleAt(T) == (offsetTicks <= 0);
    }

    // ---- as-of lookup -----------------------------------------------------------------------

    [Fact]
    public void AsOf_picks_the_visible_fact_with_the_greatest_occurred_at_regardless_of_input_order()
    {
        var facts = new List<Fact>
        {
            Fact.Known("middle", "2026-05-01T07:00:00Z"),
            Fact.Known("latest", "2026-05-01T08:00:00Z"),
            Fact.Known("earliest", "2026-05-01T06:00:00Z"),
        };

        TimeRules.AsOf(facts, T)!.Id.Should().Be("latest");
    }

    [Fact]
    public void AsOf_prefers_greater_occurred_at_over_greater_recorded_at()
    {
        var facts = new List<Fact>
        {
            Fact.Known("occurred_later", "2026-05-01T08:00:00Z", recorded: "2026-05-01T08:00:00Z"),
            Fact.Known("recorded_later", "2026-05-01T07:00:00Z", recorded: "2026-05-01T08:30:00Z"),
        };

        TimeRules.AsOf(facts, T)!.Id.Should().Be("occurred_later");
    }

    [Fact]
    public void AsOf_tie_on_occurred_at_goes_to_greater_recorded_at_even_when_it_comes_first_in_the_input()
    {
        var facts = new List<Fact>
        {
            Fact.Known("recorded_later", "2026-05-01T07:00:00Z", recorded: "2026-05-01T08:30:00Z"),
            Fact.Known("recorded_earlier", "2026-05-01T07:00:00Z", recorded: "2026-05-01T07:30:00Z"),
        };

        TimeRules.AsOf(facts, T)!.Id.Should().Be("recorded_later");
    }

    [Fact]
    public void AsOf_full_tie_goes_to_the_later_position_in_the_input()
    {
        var facts = new List<Fact>
        {
            Fact.Known("first", "2026-05-01T07:00:00Z", recorded: "2026-05-01T07:30:00Z"),
            Fact.Known("second", "2026-05-01T07:00:00Z", recorded: "2026-05-01T07:30:00Z"),
            Fact.Known("third", "2026-05-01T07:00:00Z", recorded: "2026-05-01T07:30:00Z"),
        };

        TimeRules.AsOf(facts, T)!.Id.Should().Be("third");
    }

    [Fact]
    public void AsOf_never_chooses_an_invisible_fact_even_if_it_is_newer()
    {
        var facts = new List<Fact>
        {
            Fact.Known("visible", "2026-05-01T07:00:00Z"),
            Fact.Known("late_arrival", "2026-05-01T08:55:00Z", recorded: "2026-05-01T09:00:00.0000001Z"),
        };

        TimeRules.AsOf(facts, T)!.Id.Should().Be("visible");
    }

    [Fact]
    public void AsOf_without_any_visible_fact_is_null()
    {
        var facts = new List<Fact> { Fact.Known("future", "2026-05-01T08:00:00Z", recorded: "2026-05-01T10:00:00Z") };

        TimeRules.AsOf(facts, T).Should().BeNull();
        TimeRules.AsOf(new List<Fact>(), T).Should().BeNull();
    }

    // ---- max age ----------------------------------------------------------------------------

    [Fact]
    public void Max_age_keeps_a_fact_exactly_max_age_old()
    {
        var facts = new List<Fact> { Fact.Known("edge", "2026-05-01T03:00:00Z") };

        TimeRules.AsOf(facts, T, Duration.FromHours(6))!.Id.Should().Be("edge");
    }

    [Fact]
    public void Max_age_treats_a_fact_one_tick_older_than_max_age_as_missing()
    {
        var facts = new List<Fact> { new("stale", At("2026-05-01T03:00:00Z") - OneTick, At("2026-05-01T03:00:00Z")) };

        TimeRules.AsOf(facts, T, Duration.FromHours(6)).Should().BeNull();
    }

    [Fact]
    public void Max_age_never_falls_back_to_a_stale_value_when_the_only_fresh_fact_is_invisible()
    {
        var facts = new List<Fact>
        {
            Fact.Known("stale", "2026-04-30T09:00:00Z"),
            Fact.Known("fresh_but_unknown", "2026-05-01T08:00:00Z", recorded: "2026-05-01T09:30:00Z"),
        };

        TimeRules.AsOf(facts, T, Duration.FromHours(6)).Should().BeNull();
    }

    [Fact]
    public void Max_age_is_measured_from_occurred_at_not_recorded_at()
    {
        // Recorded just before T, but it happened seven hours earlier: too old for a six-hour max age.
        var facts = new List<Fact> { Fact.Known("late_record", "2026-05-01T02:00:00Z", recorded: "2026-05-01T08:59:00Z") };

        TimeRules.AsOf(facts, T, Duration.FromHours(6)).Should().BeNull();
    }

    [Fact]
    public void IsWithinMaxAge_is_inclusive_at_the_bound()
    {
        TimeRules.IsWithinMaxAge(T - Duration.FromHours(6), T, Duration.FromHours(6)).Should().BeTrue();
        TimeRules.IsWithinMaxAge(T - Duration.FromHours(6) - OneTick, T, Duration.FromHours(6)).Should().BeFalse();
    }

    // ---- freshness lag and comparison -------------------------------------------------------

    [Fact]
    public void FreshnessLag_is_T_minus_occurred_at()
    {
        TimeRules.FreshnessLag(At("2026-05-01T01:00:00Z"), At("2026-05-01T09:00:00Z")).Should().Be(Duration.FromHours(8));
    }

    [Fact]
    public void CompareAsOf_prefers_greater_occurred_at_whatever_the_recorded_at_and_position()
    {
        var later = Fact.Known("later", "2026-05-01T08:00:00Z");
        var earlierButRecordedLater = Fact.Known("earlier", "2026-05-01T07:00:00Z", recorded: "2026-05-01T08:59:00Z");

        TimeRules.CompareAsOf(later, 0, earlierButRecordedLater, 1).Should().BePositive();
        TimeRules.CompareAsOf(earlierButRecordedLater, 1, later, 0).Should().BeNegative();
    }

    [Fact]
    public void CompareAsOf_breaks_an_occurred_at_tie_by_recorded_at_before_position()
    {
        var recordedLater = Fact.Known("a", "2026-05-01T07:00:00Z", recorded: "2026-05-01T08:00:00Z");
        var recordedEarlier = Fact.Known("b", "2026-05-01T07:00:00Z", recorded: "2026-05-01T07:30:00Z");

        TimeRules.CompareAsOf(recordedLater, 0, recordedEarlier, 5).Should().BePositive();
    }

    [Fact]
    public void CompareAsOf_breaks_a_full_tie_by_position_and_is_zero_only_for_the_same_position()
    {
        var a = Fact.Known("a", "2026-05-01T07:00:00Z");
        var b = Fact.Known("b", "2026-05-01T07:00:00Z");

        TimeRules.CompareAsOf(a, 3, b, 2).Should().BePositive();
        TimeRules.CompareAsOf(a, 2, b, 3).Should().BeNegative();
        TimeRules.CompareAsOf(a, 2, b, 2).Should().Be(0);
    }

    [Property]
    public bool CompareAsOf_is_antisymmetric(int occurredA, int recordedDeltaA, int occurredB, int recordedDeltaB, int positionA, int positionB)
    {
        var a = new Fact("a", T + Duration.FromSeconds(occurredA % 5), T + Duration.FromSeconds((occurredA % 5) + Math.Abs(recordedDeltaA % 3)));
        var b = new Fact("b", T + Duration.FromSeconds(occurredB % 5), T + Duration.FromSeconds((occurredB % 5) + Math.Abs(recordedDeltaB % 3)));

        return Math.Sign(TimeRules.CompareAsOf(a, positionA % 3, b, positionB % 3)) == -Math.Sign(TimeRules.CompareAsOf(b, positionB % 3, a, positionA % 3));
    }
}

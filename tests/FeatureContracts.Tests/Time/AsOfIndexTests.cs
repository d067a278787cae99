using System;
using System.Collections.Generic;
using System.Linq;
using FeatureContracts.Time;
using FsCheck;
using FsCheck.Xunit;
using NodaTime;

namespace FeatureContracts.Tests.Time;

public sealed class AsOfIndexTests
{
    private static readonly Instant Origin = Instant.FromUtc(2026, 5, 1, 0, 0);

    private sealed record Fact(int Id, Instant OccurredAt, Instant RecordedAt) : ITimedFact;

    // Small minute offsets on purpose: they make ties on occurred_at, on recorded_at and on both frequent.
    private static List<Fact> Facts(IEnumerable<(byte Occurred, byte Lag)> spec)
        => [.. spec.Select((s, i) => new Fact(i, Origin + Duration.FromMinutes(s.Occurred % 12), Origin + Duration.FromMinutes((s.Occurred % 12) + (s.Lag % 4))))];

    [Property(MaxTest = 500)]
    public bool Index_answers_exactly_what_the_as_of_rule_answers(List<(byte Occurred, byte Lag)> spec, byte at, byte maxAgeMinutes, bool withMaxAge)
    {
        List<Fact> facts = Facts(spec);
        var index = new AsOfIndex<Fact>(facts);
        Instant t = Origin + Duration.FromMinutes((at % 20) - 2);
        Duration? maxAge = withMaxAge ? Duration.FromMinutes(maxAgeMinutes % 8) : null;

        return ReferenceEquals(index.AsOf(t, maxAge), TimeRules.AsOf(facts, t, maxAge));
    }

    [Fact]
    public void Full_tie_goes_to_the_later_input_position()
    {
        Instant at = Origin + Duration.FromHours(1);
        List<Fact> facts = [new(0, at, at), new(1, at, at), new(2, at - Duration.FromHours(1), at)];

        new AsOfIndex<Fact>(facts).AsOf(at)!.Id.Should().Be(1);
    }

    [Fact]
    public void Nothing_visible_is_null()
    {
        new AsOfIndex<Fact>([new(0, Origin, Origin + Duration.FromMinutes(5))]).AsOf(Origin).Should().BeNull();
        new AsOfIndex<Fact>([]).AsOf(Origin).Should().BeNull();
    }

    [Fact]
    public void A_fact_recorded_later_but_occurred_earlier_does_not_displace_a_newer_visible_one()
    {
        List<Fact> facts = [new(0, Origin + Duration.FromMinutes(50), Origin + Duration.FromMinutes(50)), new(1, Origin + Duration.FromMinutes(10), Origin + Duration.FromMinutes(55))];

        new AsOfIndex<Fact>(facts).AsOf(Origin + Duration.FromHours(1))!.Id.Should().Be(0);
    }
}

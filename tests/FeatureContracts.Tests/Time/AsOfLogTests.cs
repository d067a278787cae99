using System;
using System.Collections.Generic;
using System.Linq;
using FeatureContracts.Time;
using FsCheck.Xunit;
using NodaTime;

namespace FeatureContracts.Tests.Time;

public sealed class AsOfLogTests
{
    private static readonly Instant Origin = Instant.FromUtc(2026, 5, 1, 0, 0);

    private sealed record Fact(int Id, Instant OccurredAt, Instant RecordedAt) : ITimedFact;

    // Small minute offsets on purpose: ties on occurred_at, on recorded_at and on both are frequent, and arrival
    // order is anything but recorded order.
    private static List<Fact> Facts(IEnumerable<(byte Occurred, byte Lag)> spec)
        => [.. spec.Select((s, i) => new Fact(i, Origin + Duration.FromMinutes(s.Occurred % 12), Origin + Duration.FromMinutes((s.Occurred % 12) + (s.Lag % 4))))];

    [Property(MaxTest = 300)]
    public bool Every_snapshot_answers_exactly_what_the_as_of_rule_answers_over_the_facts_appended_so_far(List<(byte Occurred, byte Lag)> spec, byte maxAgeMinutes)
    {
        List<Fact> facts = Facts(spec);
        var log = new AsOfLog<Fact>();
        var snapshots = new List<AsOfIndex<Fact>>();
        foreach (Fact fact in facts)
        {
            log.Append(fact);
            snapshots.Add(log.Snapshot());
        }

        // Old snapshots must not see later appends or insertions: each is checked after all appends are done.
        for (int n = 0; n < snapshots.Count; n++)
        {
            List<Fact> prefix = facts.Take(n + 1).ToList();
            for (int minute = -2; minute < 18; minute++)
            {
                Instant t = Origin + Duration.FromMinutes(minute);
                Duration maxAge = Duration.FromMinutes(maxAgeMinutes % 8);
                if (!ReferenceEquals(snapshots[n].AsOf(t), TimeRules.AsOf(prefix, t))
                    || !ReferenceEquals(snapshots[n].AsOf(t, maxAge), TimeRules.AsOf(prefix, t, maxAge)))
                {
                    return false;
                }
            }
        }

        return log.Count == facts.Count && (facts.Count == 0 || ReferenceEquals(log.AsOf(Origin + Duration.FromHours(1)), TimeRules.AsOf(facts, Origin + Duration.FromHours(1))));
    }

    [Property(MaxTest = 200)]
    public bool A_log_without_snapshots_in_between_answers_as_the_rule_does(List<(byte Occurred, byte Lag)> spec)
    {
        List<Fact> facts = Facts(spec);
        var log = new AsOfLog<Fact>();
        facts.ForEach(log.Append);
        AsOfIndex<Fact> index = log.Snapshot();
        return Enumerable.Range(-2, 20).All(m => ReferenceEquals(index.AsOf(Origin + Duration.FromMinutes(m)), TimeRules.AsOf(facts, Origin + Duration.FromMinutes(m))));
    }

    [Fact]
    public void A_late_arrival_recorded_earlier_is_inserted_and_full_ties_go_to_the_later_arrival()
    {
        var log = new AsOfLog<Fact>();
        Instant at = Origin + Duration.FromHours(1);
        log.Append(new Fact(0, at, at + Duration.FromMinutes(30)));
        AsOfIndex<Fact> before = log.Snapshot();
        log.Append(new Fact(1, at, at));
        log.Append(new Fact(2, at, at));

        log.AsOf(at)!.Id.Should().Be(2);
        log.AsOf(at + Duration.FromMinutes(30))!.Id.Should().Be(0, "greater recorded_at wins a tie on occurred_at");
        before.AsOf(at).Should().BeNull("a snapshot never sees later arrivals");
        before.Count.Should().Be(1);
    }
}

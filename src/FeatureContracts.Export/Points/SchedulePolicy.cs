using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using FeatureContracts.Domains;
using NodaTime;
using NodaTime.Text;

namespace FeatureContracts.Export.Points;

/// <summary>
/// Generates prediction points from each entity's own history: one point at each offset after the moment the entity
/// became known (<see cref="Domain.KnownSince"/>: the earliest <c>recorded_at</c> of its
/// <see cref="EntityLayout.KnownBy"/> events, e.g. an order's <c>order_placed</c>). Points after the export's
/// snapshot are not generated. The policy reads nothing but the entity's history, so the points of an entity never
/// depend on other entities or on input order.
/// </summary>
public sealed class SchedulePolicy
{
    private SchedulePolicy(ImmutableArray<Duration> offsets) => Offsets = offsets;

    /// <summary>The offsets after the entity became known, ascending and distinct.</summary>
    public ImmutableArray<Duration> Offsets { get; }

    /// <summary>A point at each of <paramref name="offsets"/> (zero or positive) after the entity became known.</summary>
    /// <exception cref="ArgumentException">There is no offset, or one is negative.</exception>
    public static SchedulePolicy AfterEntityKnown(params IEnumerable<Duration> offsets)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        ImmutableArray<Duration> sorted = [.. offsets.Distinct().Order()];
        if (sorted.IsEmpty || sorted[0] < Duration.Zero)
        {
            throw new ArgumentException("A schedule needs at least one offset, none negative.", nameof(offsets));
        }

        return new SchedulePolicy(sorted);
    }

    /// <summary>The points of the entity whose history is <paramref name="history"/>, at or before <paramref name="snapshot"/>.</summary>
    /// <param name="domain">The entity's domain, which says when an entity becomes known.</param>
    /// <param name="history">The entity's history (its events keyed by <see cref="EntityLayout.Key"/>).</param>
    /// <param name="snapshot">The export's snapshot.</param>
    public IEnumerable<Instant> PointsFor(Domain domain, EntityHistory history, Instant snapshot)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(history);
        return domain.KnownSince(history) is { } start ? Points(start, snapshot) : [];
    }

    /// <summary>The policy named without a domain, e.g. <c>after_entity_known(0:02:00:00)</c>.</summary>
    public override string ToString() => Describe("entity");

    /// <summary>
    /// The policy named for a domain's entity, e.g. <c>after_order_known(0:02:00:00,0:12:00:00)</c>: the manifest's
    /// name of the points input. Offsets in NodaTime's round-trip duration pattern.
    /// </summary>
    internal string Describe(string noun)
        => "after_" + string.Join('_', noun.Split(' ', StringSplitOptions.RemoveEmptyEntries)) + "_known("
            + string.Join(",", Offsets.Select(o => DurationPattern.Roundtrip.Format(o))) + ")";

    private IEnumerable<Instant> Points(Instant start, Instant snapshot)
    {
        foreach (Duration offset in Offsets)
        {
            Instant t = start + offset;
            if (t <= snapshot)
            {
                yield return t;
            }
        }
    }
}

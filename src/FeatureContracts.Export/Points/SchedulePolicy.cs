using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using FeatureContracts.Shipments.Histories;
using NodaTime;
using NodaTime.Text;

namespace FeatureContracts.Export.Points;

/// <summary>
/// Generates prediction points from each order's own history: one point at each offset after the moment the
/// order became known (the <c>recorded_at</c> of its earliest recorded <c>order_placed</c> event). Points after the
/// export's snapshot are not generated. The policy reads nothing but the order's history, so the points of an
/// order never depend on other orders or on input order.
/// </summary>
public sealed class SchedulePolicy
{
    private SchedulePolicy(ImmutableArray<Duration> offsets) => Offsets = offsets;

    /// <summary>The offsets after the order became known, ascending and distinct.</summary>
    public ImmutableArray<Duration> Offsets { get; }

    /// <summary>A point at each of <paramref name="offsets"/> (zero or positive) after the order became known.</summary>
    public static SchedulePolicy AfterOrderKnown(params IEnumerable<Duration> offsets)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        ImmutableArray<Duration> sorted = [.. offsets.Distinct().Order()];
        if (sorted.IsEmpty || sorted[0] < Duration.Zero)
        {
            throw new ArgumentException("A schedule needs at least one offset, none negative.", nameof(offsets));
        }

        return new SchedulePolicy(sorted);
    }

    /// <summary>The points of <paramref name="history"/> at or before <paramref name="snapshot"/>.</summary>
    public IEnumerable<Instant> PointsFor(ShipmentHistory history, Instant snapshot)
    {
        ArgumentNullException.ThrowIfNull(history);
        Instant? known = null;
        foreach (var e in history.Events)
        {
            if (e is Shipments.Events.OrderPlaced && (known is null || e.RecordedAt < known))
            {
                known = e.RecordedAt;
            }
        }

        if (known is not { } start)
        {
            yield break;
        }

        foreach (Duration offset in Offsets)
        {
            Instant t = start + offset;
            if (t <= snapshot)
            {
                yield return t;
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() => "after_order_known(" + string.Join(",", Offsets.Select(o => DurationPattern.Roundtrip.Format(o))) + ")";
}

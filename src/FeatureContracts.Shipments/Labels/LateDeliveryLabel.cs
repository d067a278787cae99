using System;
using FeatureContracts.Domains;
using FeatureContracts.Shipments.Events;
using FeatureContracts.Shipments.Histories;
using NodaTime;

namespace FeatureContracts.Shipments.Labels;

/// <summary>The label <c>delivered_after_promise</c> as known at one instant.</summary>
/// <param name="IsKnown">Whether the label is known at that instant; an unknown label is immature.</param>
/// <param name="IsLate">1 (late) or 0 (on time), when known.</param>
/// <param name="KnownAt">When the label became known: min(first visible delivery recorded_at, deadline), when known.</param>
/// <param name="Deadline">The start of the local day after the promised date, in the destination's zone.</param>
public sealed record DeliveryLabelState(bool IsKnown, bool? IsLate, Instant? KnownAt, Instant Deadline);

/// <summary>
/// The label <c>delivered_after_promise</c>: the order promises a local date in the destination's IANA zone;
/// the deadline is the start of the next local day there. Late iff delivered at or after the deadline.
/// </summary>
public static class LateDeliveryLabel
{
    /// <summary>The label's column name.</summary>
    public const string Name = "delivered_after_promise";

    /// <summary>
    /// The deadline for <paramref name="promisedDate"/> in <paramref name="zone"/>: the start of the next local day.
    /// Where local midnight does not exist (a DST gap), the day starts at the first instant that does.
    /// </summary>
    public static Instant Deadline(LocalDate promisedDate, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return promisedDate.PlusDays(1).AtStartOfDayInZone(zone).ToInstant();
    }

    /// <summary>
    /// The label as the events visible at <paramref name="snapshot"/> give it. A visible delivery decides it; with
    /// none, the label is late once the deadline has passed (an on-time delivery recorded after the deadline reads
    /// as late until its record arrives) and unknown before that. Returns <see langword="null"/> when no order
    /// declaration is visible at the snapshot.
    /// </summary>
    public static DeliveryLabelState? At(ShipmentHistory history, Instant snapshot)
    {
        ArgumentNullException.ThrowIfNull(history);
        return At(history.Entity, snapshot);
    }

    /// <summary>The label of an order's <see cref="EntityHistory"/>, as <see cref="At(ShipmentHistory, Instant)"/> gives it.</summary>
    internal static DeliveryLabelState? At(EntityHistory history, Instant snapshot)
    {
        if (history.AsOf<OrderPlaced>(snapshot) is not { } order)
        {
            return null;
        }

        Instant deadline = Deadline(order.PromisedDate, order.DestinationZone);
        if (history.AsOf<Delivered>(snapshot) is { } delivered)
        {
            // The value comes from the as-of delivery; the label became known when the first visible delivery
            // record arrived (or at the deadline, if earlier), so a later correction never moves KnownAt forward.
            Instant firstRecorded = history.EarliestRecordedAt<Delivered>() is { } first && first <= snapshot ? first : delivered.RecordedAt;

            Instant knownAt = firstRecorded < deadline ? firstRecorded : deadline;
            return new DeliveryLabelState(true, delivered.OccurredAt >= deadline, knownAt, deadline);
        }

        return snapshot >= deadline
            ? new DeliveryLabelState(true, true, deadline, deadline)
            : new DeliveryLabelState(false, null, null, deadline);
    }
}

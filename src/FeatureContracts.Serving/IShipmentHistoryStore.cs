using FeatureContracts.Shipments.Events;
using FeatureContracts.Shipments.Histories;

namespace FeatureContracts.Serving;

/// <summary>
/// Where the online scorer reads what is known about orders and warehouses. Events are appended as they arrive: out
/// of order, duplicated, recorded late. Readers get immutable snapshots whose point-in-time answers (through
/// <see cref="ShipmentHistory.ViewAt"/> and <see cref="BacklogTimeline.AsOf"/>) are exactly those of
/// <see cref="ShipmentHistory.Of"/> and <see cref="BacklogTimeline.Of(System.Collections.Generic.IEnumerable{BacklogMeasured})"/>
/// over the same events in arrival order, so the scorer's rows equal the training export's.
/// </summary>
/// <remarks>
/// Implementations must be thread-safe. A service may back this with its own database; <see cref="InMemoryShipmentHistoryStore"/>
/// is the in-process implementation.
/// </remarks>
public interface IShipmentHistoryStore
{
    /// <summary>
    /// The backlog timeline of every warehouse as appended so far: an immutable snapshot, safe to use while appends go on.
    /// </summary>
    BacklogTimeline Backlog { get; }

    /// <summary>
    /// Appends one event. Returns <see langword="false"/> when an event with the same <c>event_id</c> was already
    /// appended (for the same order, or among backlog measurements): it counts once, the first arrival is kept.
    /// </summary>
    /// <param name="shipmentEvent">An order event or a backlog measurement, in any order.</param>
    bool Append(ShipmentEvent shipmentEvent);

    /// <summary>
    /// The order's history as appended so far, in arrival order: an immutable snapshot, safe to use while appends go on.
    /// An unknown order gives an empty history (the transform then rejects its row as not known).
    /// </summary>
    /// <param name="orderId">The order.</param>
    ShipmentHistory GetHistory(string orderId);
}

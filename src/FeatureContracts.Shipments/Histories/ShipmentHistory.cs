using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using FeatureContracts.Domains;
using FeatureContracts.Shipments.Events;
using FeatureContracts.Time;
using NodaTime;

namespace FeatureContracts.Shipments.Histories;

/// <summary>
/// Everything logged about one order, outcome events included, in input order: the order's <see cref="EntityHistory"/>
/// with typed questions. Events may arrive in any order; an <c>event_id</c> seen twice counts once (the first
/// occurrence is kept). Immutable.
/// </summary>
/// <remarks>
/// Point-in-time questions (<see cref="ViewAt"/>, <see cref="OrderAsOf"/>, <see cref="DeliveryAsOf"/>) are answered
/// from the history's per-class as-of indexes, so their cost grows with the logarithm of the order's history, not with
/// its length; they answer exactly as <see cref="TimeRules.AsOf{T}"/> over the events in input order.
/// </remarks>
public sealed class ShipmentHistory
{
    private ImmutableArray<OrderEvent> _events;

    private ShipmentHistory(EntityHistory entity) => Entity = entity;

    /// <summary>The order.</summary>
    public string OrderId => Entity.Id;

    /// <summary>The order's history as the domain-independent parts of the library see it.</summary>
    public EntityHistory Entity { get; }

    /// <summary>The order's events, in input order, without duplicated ids.</summary>
    public ImmutableArray<OrderEvent> Events
    {
        get
        {
            if (_events.IsDefault)
            {
                _events = [.. Entity.Events.Cast<OrderEvent>()];
            }

            return _events;
        }
    }

    /// <summary>Builds an order's history from its events, in input order.</summary>
    /// <exception cref="ArgumentException">An event belongs to another order.</exception>
    public static ShipmentHistory Of(string orderId, IEnumerable<OrderEvent> events)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        ArgumentNullException.ThrowIfNull(events);
        var builder = new EntityHistoryBuilder(ShipmentDomain.OrderKey, orderId);
        foreach (OrderEvent e in events)
        {
            if (!string.Equals(e.OrderId, orderId, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Event {e.EventType} '{e.EventId}' belongs to order '{e.OrderId}', not '{orderId}'.", nameof(events));
            }

            builder.Add(e);
        }

        return new ShipmentHistory(builder.ToHistory());
    }

    /// <summary>Wraps an order's <see cref="EntityHistory"/>.</summary>
    /// <exception cref="ArgumentException">The history is not an order's.</exception>
    public static ShipmentHistory From(EntityHistory entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (entity.Key != ShipmentDomain.OrderKey)
        {
            throw new ArgumentException($"The history is of '{entity.Key}' {entity.Id}, not of an order.", nameof(entity));
        }

        return new ShipmentHistory(entity);
    }

    /// <summary>
    /// The view of this order as known at <paramref name="predictionInstant"/>: only events recorded at or before
    /// it, and no outcome events at all. This is the only thing feature code ever reads. O(log n) in the order's
    /// events (the view's <see cref="ShipmentView.Scans"/> list is gathered only when read).
    /// </summary>
    public ShipmentView ViewAt(Instant predictionInstant, BacklogTimeline backlog)
    {
        ArgumentNullException.ThrowIfNull(backlog);
        return ShipmentDomain.Instance.ViewAt(new ShipmentHistories(this, backlog), OrderId, predictionInstant);
    }

    /// <summary>The latest order declaration visible at <paramref name="instant"/> (as-of, with the usual tie-breaks).</summary>
    public OrderPlaced? OrderAsOf(Instant instant) => Entity.AsOf<OrderPlaced>(instant);

    /// <summary>The delivery visible at <paramref name="instant"/>, if any (as-of, with the usual tie-breaks).</summary>
    public Delivered? DeliveryAsOf(Instant instant) => Entity.AsOf<Delivered>(instant);
}

/// <summary>One order's history and the backlog timeline, as the histories a shipment row reads.</summary>
internal sealed class ShipmentHistories(ShipmentHistory order, BacklogTimeline backlog) : IHistoryLookup
{
    public EntityHistory History(string key, string id) => key switch
    {
        ShipmentDomain.OrderKey when id == order.OrderId => order.Entity,
        ShipmentDomain.OrderKey => EntityHistory.Empty(key, id),
        _ => backlog.History(key, id),
    };
}

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using FeatureContracts.Shipments.Events;
using FeatureContracts.Time;
using NodaTime;

namespace FeatureContracts.Shipments.Histories;

/// <summary>
/// Everything logged about one order, outcome events included, in input order. Events may arrive in any
/// order; an <c>event_id</c> seen twice counts once (the first occurrence is kept). Immutable.
/// </summary>
public sealed class ShipmentHistory
{
    private ShipmentHistory(string orderId, ImmutableArray<OrderEvent> events)
    {
        OrderId = orderId;
        Events = events;
    }

    /// <summary>The order.</summary>
    public string OrderId { get; }

    /// <summary>The order's events, in input order, without duplicated ids.</summary>
    public ImmutableArray<OrderEvent> Events { get; }

    /// <summary>Builds an order's history from its events, in input order.</summary>
    /// <exception cref="ArgumentException">An event belongs to another order.</exception>
    public static ShipmentHistory Of(string orderId, IEnumerable<OrderEvent> events)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        ArgumentNullException.ThrowIfNull(events);
        var kept = ImmutableArray.CreateBuilder<OrderEvent>();
        var seenIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (OrderEvent e in events)
        {
            if (!string.Equals(e.OrderId, orderId, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Event {e.EventType} '{e.EventId}' belongs to order '{e.OrderId}', not '{orderId}'.", nameof(events));
            }

            if (e.EventId is null || seenIds.Add(e.EventId))
            {
                kept.Add(e);
            }
        }

        return new ShipmentHistory(orderId, kept.ToImmutable());
    }

    /// <summary>
    /// The view of this order as known at <paramref name="predictionInstant"/>: only events recorded at or before
    /// it, and no outcome events at all. This is the only thing feature code ever reads.
    /// </summary>
    public ShipmentView ViewAt(Instant predictionInstant, BacklogTimeline backlog)
    {
        ArgumentNullException.ThrowIfNull(backlog);
        var orders = new List<OrderPlaced>();
        var scans = ImmutableArray.CreateBuilder<Scan>();
        foreach (OrderEvent e in Events)
        {
            if (e.IsOutcome || !e.IsVisibleAt(predictionInstant))
            {
                continue;
            }

            switch (e)
            {
                case OrderPlaced placed:
                    orders.Add(placed);
                    break;
                case Scan scan:
                    scans.Add(scan);
                    break;
            }
        }

        OrderPlaced? order = TimeRules.AsOf(orders, predictionInstant);
        BacklogMeasured? originBacklog = order is null ? null : backlog.AsOf(order.Origin, predictionInstant);
        return new ShipmentView(OrderId, predictionInstant, order, scans.ToImmutable(), originBacklog);
    }

    /// <summary>The latest order declaration visible at <paramref name="instant"/> (as-of, with the usual tie-breaks).</summary>
    public OrderPlaced? OrderAsOf(Instant instant)
    {
        var orders = new List<OrderPlaced>();
        foreach (OrderEvent e in Events)
        {
            if (e is OrderPlaced placed)
            {
                orders.Add(placed);
            }
        }

        return TimeRules.AsOf(orders, instant);
    }

    /// <summary>The delivery visible at <paramref name="instant"/>, if any (as-of, with the usual tie-breaks).</summary>
    public Delivered? DeliveryAsOf(Instant instant)
    {
        var deliveries = new List<Delivered>();
        foreach (OrderEvent e in Events)
        {
            if (e is Delivered delivered)
            {
                deliveries.Add(delivered);
            }
        }

        return TimeRules.AsOf(deliveries, instant);
    }
}

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
/// <remarks>
/// Point-in-time questions (<see cref="ViewAt"/>, <see cref="OrderAsOf"/>, <see cref="DeliveryAsOf"/>) are answered
/// from per-kind as-of indexes built once with the history, so their cost grows with the logarithm of the order's
/// history, not with its length; they answer exactly as <see cref="TimeRules.AsOf{T}"/> over the events in input order.
/// </remarks>
public sealed class ShipmentHistory
{
    private readonly AsOfLookup<OrderPlaced> _orders;
    private readonly AsOfLookup<Scan> _scans;
    private readonly AsOfLookup<Delivered> _deliveries;
    private readonly Instant? _firstDeliveryRecordedAt;

    private ShipmentHistory(string orderId, ImmutableArray<OrderEvent> events)
    {
        OrderId = orderId;
        Events = events;
        var orders = new List<OrderPlaced>();
        var scans = new List<Scan>();
        var deliveries = new List<Delivered>();
        foreach (OrderEvent e in events)
        {
            switch (e)
            {
                case OrderPlaced placed:
                    orders.Add(placed);
                    break;
                case Scan scan:
                    scans.Add(scan);
                    break;
                case Delivered delivered:
                    deliveries.Add(delivered);
                    if (_firstDeliveryRecordedAt is not { } first || delivered.RecordedAt < first)
                    {
                        _firstDeliveryRecordedAt = delivered.RecordedAt;
                    }

                    break;
            }
        }

        _orders = new AsOfLookup<OrderPlaced>(orders.ToArray());
        _scans = new AsOfLookup<Scan>(scans.ToArray());
        _deliveries = new AsOfLookup<Delivered>(deliveries.ToArray());
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
    /// it, and no outcome events at all. This is the only thing feature code ever reads. O(log n) in the order's
    /// events (the view's <see cref="ShipmentView.Scans"/> list is gathered only when read).
    /// </summary>
    public ShipmentView ViewAt(Instant predictionInstant, BacklogTimeline backlog)
    {
        ArgumentNullException.ThrowIfNull(backlog);
        OrderPlaced? order = _orders.AsOf(predictionInstant);
        BacklogMeasured? originBacklog = order is null ? null : backlog.AsOf(order.Origin, predictionInstant);
        return new ShipmentView(OrderId, predictionInstant, order, _scans.AsOf(predictionInstant), _scans.Facts, originBacklog);
    }

    /// <summary>The latest order declaration visible at <paramref name="instant"/> (as-of, with the usual tie-breaks).</summary>
    public OrderPlaced? OrderAsOf(Instant instant) => _orders.AsOf(instant);

    /// <summary>The delivery visible at <paramref name="instant"/>, if any (as-of, with the usual tie-breaks).</summary>
    public Delivered? DeliveryAsOf(Instant instant) => _deliveries.AsOf(instant);

    /// <summary>
    /// The earliest recorded_at of the deliveries visible at <paramref name="instant"/>, or <see langword="null"/>
    /// when none is: the earliest of all deliveries, when it is visible. O(1).
    /// </summary>
    internal Instant? FirstDeliveryRecordedAt(Instant instant)
        => _firstDeliveryRecordedAt is { } first && first <= instant ? first : null;

    /// <summary>
    /// The facts of one kind in input order, with an as-of index when there are enough of them for the index to pay
    /// (a handful of facts is scanned faster than it is indexed; both give the same answer).
    /// </summary>
    private sealed class AsOfLookup<T>
        where T : class, ITimedFact
    {
        private const int IndexFrom = 8;
        private readonly AsOfIndex<T>? _index;

        public AsOfLookup(T[] facts)
        {
            Facts = facts;
            _index = facts.Length >= IndexFrom ? new AsOfIndex<T>(facts) : null;
        }

        public T[] Facts { get; }

        public T? AsOf(Instant instant) => _index is { } index ? index.AsOf(instant) : TimeRules.AsOf(Facts, instant);
    }
}

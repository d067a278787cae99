using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using FeatureContracts.Shipments.Events;
using FeatureContracts.Shipments.Histories;

namespace FeatureContracts.Serving;

/// <summary>
/// An in-memory, thread-safe <see cref="IShipmentHistoryStore"/>. Arrival order is the input order that breaks full
/// as-of ties, exactly as file order does for the training export.
/// </summary>
/// <remarks>
/// <para>Readers never take a lock: every order and the backlog timeline publish an immutable snapshot after each
/// append, and a read is one dictionary lookup or one volatile read. Writers of one order serialize on that order's
/// lock; backlog writers serialize on the timeline's lock.</para>
/// <para>Costs: point-in-time questions on a snapshot are O(log n) in the order's history and in the warehouse's
/// timeline. A backlog measurement arriving in recorded_at order is appended in O(1) amortized (plus O(log W) for W
/// warehouses); one recorded earlier than its warehouse's latest is inserted at its place, O(n) in that warehouse's
/// measurements. An order event rebuilds that order's snapshot, O(k log k) in the order's own k events (a handful).</para>
/// </remarks>
public sealed class InMemoryShipmentHistoryStore : IShipmentHistoryStore
{
    private readonly ConcurrentDictionary<string, OrderSlot> _orders = new(StringComparer.Ordinal);
    private readonly Lock _backlogGate = new();
    private readonly BacklogTimelineBuilder _backlogBuilder = new();
    private BacklogTimeline _backlog = BacklogTimeline.Empty;
    private long _events;

    /// <inheritdoc />
    public BacklogTimeline Backlog => Volatile.Read(ref _backlog);

    /// <summary>The number of orders with at least one event.</summary>
    public int OrderCount => _orders.Count;

    /// <summary>The number of events kept (duplicates not counted).</summary>
    public long EventCount => Interlocked.Read(ref _events);

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The event is neither an order event nor a backlog measurement.</exception>
    public bool Append(ShipmentEvent shipmentEvent)
    {
        ArgumentNullException.ThrowIfNull(shipmentEvent);
        bool added = shipmentEvent switch
        {
            BacklogMeasured measured => AppendBacklog(measured),
            OrderEvent order => AppendOrder(order),
            _ => throw new ArgumentException($"Event type '{shipmentEvent.EventType}' is neither an order event nor a backlog measurement.", nameof(shipmentEvent)),
        };

        if (added)
        {
            Interlocked.Increment(ref _events);
        }

        return added;
    }

    /// <summary>Appends every event of <paramref name="events"/>, in order; returns how many were new.</summary>
    public int AppendRange(IEnumerable<ShipmentEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        int added = 0;
        foreach (ShipmentEvent e in events)
        {
            if (Append(e))
            {
                added++;
            }
        }

        return added;
    }

    /// <inheritdoc />
    public ShipmentHistory GetHistory(string orderId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        return _orders.TryGetValue(orderId, out OrderSlot? slot) ? slot.History : ShipmentHistory.Of(orderId, []);
    }

    private bool AppendBacklog(BacklogMeasured measured)
    {
        lock (_backlogGate)
        {
            if (!_backlogBuilder.Add(measured))
            {
                return false;
            }

            Volatile.Write(ref _backlog, _backlogBuilder.ToTimeline());
            return true;
        }
    }

    private bool AppendOrder(OrderEvent e)
    {
        OrderSlot slot = _orders.GetOrAdd(e.OrderId, static id => new OrderSlot(id));
        lock (slot.Gate)
        {
            return slot.Add(e);
        }
    }

    /// <summary>One order: its events in arrival order (guarded by <see cref="Gate"/>) and its published snapshot.</summary>
    private sealed class OrderSlot(string orderId)
    {
        private readonly List<OrderEvent> _events = [];
        private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
        private ShipmentHistory _history = ShipmentHistory.Of(orderId, []);

        public Lock Gate { get; } = new();

        public ShipmentHistory History => Volatile.Read(ref _history);

        public bool Add(OrderEvent e)
        {
            if (e.EventId is { } id && !_ids.Add(id))
            {
                return false;
            }

            _events.Add(e);
            Volatile.Write(ref _history, ShipmentHistory.Of(orderId, _events));
            return true;
        }
    }
}

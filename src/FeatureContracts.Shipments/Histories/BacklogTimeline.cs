using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using FeatureContracts.Domains;
using FeatureContracts.Shipments.Events;
using NodaTime;

namespace FeatureContracts.Shipments.Histories;

/// <summary>
/// The queue-length measurements of every warehouse, in input order; an <c>event_id</c> seen twice in one warehouse's
/// measurements counts once. Immutable and safe to share between threads; as-of lookups are indexed. A convenience
/// over the warehouses' <see cref="EntityHistory"/>s for code that holds measurements in hand; the exporter and the
/// live store read the same histories from a <see cref="HistoryStore"/>.
/// </summary>
public sealed class BacklogTimeline : IHistoryLookup
{
    private readonly HistoryStore _store;

    private BacklogTimeline(HistoryStore store) => _store = store;

    /// <summary>A timeline without measurements.</summary>
    public static BacklogTimeline Empty { get; } = new(new HistoryStore(ShipmentDomain.Instance.Schema));

    /// <summary>The warehouses measured, in ordinal order.</summary>
    public IEnumerable<string> Warehouses => _store.Ids(ShipmentDomain.WarehouseKey);

    /// <summary>Builds a timeline from measurements in input order.</summary>
    public static BacklogTimeline Of(IEnumerable<BacklogMeasured> measurements)
    {
        ArgumentNullException.ThrowIfNull(measurements);
        var store = new HistoryStore(ShipmentDomain.Instance.Schema);
        foreach (BacklogMeasured measured in measurements)
        {
            store.Append(measured);
        }

        return new BacklogTimeline(store);
    }

    /// <summary>The measurements of <paramref name="warehouse"/>, in input order.</summary>
    public ImmutableArray<BacklogMeasured> Of(string warehouse)
        => [.. _store.History(ShipmentDomain.WarehouseKey, warehouse).Events.Cast<BacklogMeasured>()];

    /// <summary>
    /// As-of lookup: the visible measurement of <paramref name="warehouse"/> with the greatest occurred_at at
    /// <paramref name="predictionInstant"/>; ties broken by greater recorded_at, then later input position.
    /// The contract's max age is applied by the transform, not here. O(log n) in the warehouse's measurements.
    /// </summary>
    public BacklogMeasured? AsOf(string warehouse, Instant predictionInstant)
        => _store.History(ShipmentDomain.WarehouseKey, warehouse).AsOf<BacklogMeasured>(predictionInstant);

    /// <inheritdoc />
    public EntityHistory History(string key, string id) => _store.History(key, id);
}

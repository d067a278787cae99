using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using FeatureContracts.Shipments.Events;
using FeatureContracts.Time;
using NodaTime;

namespace FeatureContracts.Shipments.Histories;

/// <summary>
/// The queue-length measurements of every warehouse, in input order; an <c>event_id</c> seen twice counts once.
/// Immutable and safe to share between threads; as-of lookups are indexed.
/// </summary>
public sealed class BacklogTimeline
{
    private readonly ImmutableDictionary<string, ImmutableArray<BacklogMeasured>> _byWarehouse;
    private readonly Dictionary<string, AsOfIndex<BacklogMeasured>> _indexes;

    private BacklogTimeline(ImmutableDictionary<string, ImmutableArray<BacklogMeasured>> byWarehouse)
    {
        _byWarehouse = byWarehouse;
        _indexes = new Dictionary<string, AsOfIndex<BacklogMeasured>>(StringComparer.Ordinal);
        foreach (var (warehouse, list) in byWarehouse)
        {
            _indexes.Add(warehouse, new AsOfIndex<BacklogMeasured>(list));
        }
    }

    /// <summary>A timeline without measurements.</summary>
    public static BacklogTimeline Empty { get; } = new(ImmutableDictionary.Create<string, ImmutableArray<BacklogMeasured>>(StringComparer.Ordinal));

    /// <summary>The warehouses measured.</summary>
    public IEnumerable<string> Warehouses => _byWarehouse.Keys;

    /// <summary>Builds a timeline from measurements in input order.</summary>
    public static BacklogTimeline Of(IEnumerable<BacklogMeasured> measurements)
    {
        ArgumentNullException.ThrowIfNull(measurements);
        var lists = new Dictionary<string, ImmutableArray<BacklogMeasured>.Builder>(StringComparer.Ordinal);
        var seenIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (BacklogMeasured m in measurements)
        {
            if (m.EventId is not null && !seenIds.Add(m.EventId))
            {
                continue;
            }

            if (!lists.TryGetValue(m.Warehouse, out var list))
            {
                lists[m.Warehouse] = list = ImmutableArray.CreateBuilder<BacklogMeasured>();
            }

            list.Add(m);
        }

        var builder = ImmutableDictionary.CreateBuilder<string, ImmutableArray<BacklogMeasured>>(StringComparer.Ordinal);
        foreach (var (warehouse, list) in lists)
        {
            builder.Add(warehouse, list.ToImmutable());
        }

        return new BacklogTimeline(builder.ToImmutable());
    }

    /// <summary>The measurements of <paramref name="warehouse"/>, in input order.</summary>
    public ImmutableArray<BacklogMeasured> Of(string warehouse)
        => _byWarehouse.TryGetValue(warehouse, out var list) ? list : ImmutableArray<BacklogMeasured>.Empty;

    /// <summary>
    /// As-of lookup: the visible measurement of <paramref name="warehouse"/> with the greatest occurred_at at
    /// <paramref name="predictionInstant"/>; ties broken by greater recorded_at, then later input position.
    /// The contract's max age is applied by the transform, not here. O(log n) in the warehouse's measurements.
    /// </summary>
    public BacklogMeasured? AsOf(string warehouse, Instant predictionInstant)
        => _indexes.TryGetValue(warehouse, out var index) ? index.AsOf(predictionInstant) : null;
}

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using FeatureContracts.Shipments.Events;
using FeatureContracts.Time;
using NodaTime;

namespace FeatureContracts.Shipments.Histories;

/// <summary>
/// The queue-length measurements of every warehouse, in input order; an <c>event_id</c> seen twice counts once.
/// Immutable and safe to share between threads; as-of lookups are indexed. Built at once with <see cref="Of(IEnumerable{BacklogMeasured})"/>
/// or grown measurement by measurement with a <see cref="BacklogTimelineBuilder"/>, whose snapshots answer exactly
/// as <see cref="Of(IEnumerable{BacklogMeasured})"/> would over the same measurements in arrival order.
/// </summary>
public sealed class BacklogTimeline
{
    private readonly ImmutableDictionary<string, Series> _byWarehouse;

    internal BacklogTimeline(ImmutableDictionary<string, Series> byWarehouse) => _byWarehouse = byWarehouse;

    /// <summary>A timeline without measurements.</summary>
    public static BacklogTimeline Empty { get; } = new(ImmutableDictionary.Create<string, Series>(StringComparer.Ordinal));

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

        var builder = ImmutableDictionary.CreateBuilder<string, Series>(StringComparer.Ordinal);
        foreach (var (warehouse, list) in lists)
        {
            ImmutableArray<BacklogMeasured> measured = list.ToImmutable();
            builder.Add(warehouse, new Series(new AsOfIndex<BacklogMeasured>(measured), measured));
        }

        return new BacklogTimeline(builder.ToImmutable());
    }

    /// <summary>The measurements of <paramref name="warehouse"/>, in input order.</summary>
    public ImmutableArray<BacklogMeasured> Of(string warehouse)
        => _byWarehouse.TryGetValue(warehouse, out var series) ? series.InInputOrder() : ImmutableArray<BacklogMeasured>.Empty;

    /// <summary>
    /// As-of lookup: the visible measurement of <paramref name="warehouse"/> with the greatest occurred_at at
    /// <paramref name="predictionInstant"/>; ties broken by greater recorded_at, then later input position.
    /// The contract's max age is applied by the transform, not here. O(log n) in the warehouse's measurements.
    /// </summary>
    public BacklogMeasured? AsOf(string warehouse, Instant predictionInstant)
        => _byWarehouse.TryGetValue(warehouse, out var series) ? series.Index.AsOf(predictionInstant) : null;

    /// <summary>One warehouse's measurements: the as-of index and the input order (a prefix of a shared buffer).</summary>
    internal sealed class Series
    {
        private readonly BacklogMeasured[]? _buffer;
        private readonly int _count;
        private ImmutableArray<BacklogMeasured> _inputOrder;

        public Series(AsOfIndex<BacklogMeasured> index, ImmutableArray<BacklogMeasured> inputOrder)
        {
            Index = index;
            _inputOrder = inputOrder;
        }

        public Series(AsOfIndex<BacklogMeasured> index, BacklogMeasured[] buffer, int count)
        {
            Index = index;
            _buffer = buffer;
            _count = count;
        }

        public AsOfIndex<BacklogMeasured> Index { get; }

        /// <summary>The measurements in input order; materialized on first use (O(n) once) for a grown timeline.</summary>
        public ImmutableArray<BacklogMeasured> InInputOrder()
        {
            ImmutableArray<BacklogMeasured> known = _inputOrder;
            if (!known.IsDefault)
            {
                return known;
            }

            ImmutableArray<BacklogMeasured> copy = ImmutableArray.Create(_buffer!, 0, _count);
            _inputOrder = copy;
            return copy;
        }
    }
}

/// <summary>
/// Grows a <see cref="BacklogTimeline"/> one measurement at a time, as measurements arrive: in any order, duplicated
/// (an <c>event_id</c> seen twice counts once, the first arrival is kept), recorded late. Arrival order is the input
/// order that breaks full ties. <see cref="ToTimeline"/> returns an immutable timeline equal in every answer to
/// <see cref="BacklogTimeline.Of(IEnumerable{BacklogMeasured})"/> of the measurements added so far, in arrival order.
/// </summary>
/// <remarks>
/// An append in <c>recorded_at</c> order costs O(1) amortized plus O(log W) for W warehouses; a measurement recorded
/// earlier than its warehouse's latest one is inserted at its place, O(n) in that warehouse's measurements. Taking a
/// timeline costs O(1) and does not copy the measurements. Not thread-safe: one writer at a time (for example under a
/// lock); the timelines it returns are immutable and safe to share with any number of readers while it keeps growing.
/// </remarks>
public sealed class BacklogTimelineBuilder
{
    private readonly Dictionary<string, Growing> _growing = new(StringComparer.Ordinal);
    private readonly HashSet<string> _seenIds = new(StringComparer.Ordinal);
    private ImmutableDictionary<string, BacklogTimeline.Series> _series = ImmutableDictionary.Create<string, BacklogTimeline.Series>(StringComparer.Ordinal);
    private BacklogTimeline? _timeline = BacklogTimeline.Empty;

    /// <summary>The number of measurements kept (duplicates not counted).</summary>
    public int Count { get; private set; }

    /// <summary>Adds <paramref name="measurement"/>; returns <see langword="false"/> when its <c>event_id</c> was already added.</summary>
    public bool Add(BacklogMeasured measurement)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        if (measurement.EventId is not null && !_seenIds.Add(measurement.EventId))
        {
            return false;
        }

        if (!_growing.TryGetValue(measurement.Warehouse, out Growing? growing))
        {
            _growing[measurement.Warehouse] = growing = new Growing();
        }

        growing.Log.Append(measurement);
        if (growing.Count == growing.Buffer.Length)
        {
            Array.Resize(ref growing.Buffer, Math.Max(4, growing.Buffer.Length * 2));
        }

        growing.Buffer[growing.Count++] = measurement;
        _series = _series.SetItem(measurement.Warehouse, new BacklogTimeline.Series(growing.Log.Snapshot(), growing.Buffer, growing.Count));
        _timeline = null;
        Count++;
        return true;
    }

    /// <summary>The timeline of every measurement added so far; immutable, O(1).</summary>
    public BacklogTimeline ToTimeline() => _timeline ??= new BacklogTimeline(_series);

    private sealed class Growing
    {
        public readonly AsOfLog<BacklogMeasured> Log = new();
        public BacklogMeasured[] Buffer = [];
        public int Count;
    }
}

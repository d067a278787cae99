using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using FeatureContracts.Time;
using NodaTime;

namespace FeatureContracts.Domains;

/// <summary>
/// Everything logged about one entity (an order, a card, a warehouse), outcome events included, in input order;
/// an <c>event_id</c> seen twice counts once, the first arrival kept. Immutable and safe to share between threads.
/// </summary>
/// <remarks>
/// Point-in-time questions are answered per event class from indexes that grow with the history
/// (<see cref="AsOf{T}"/> in O(log n), <see cref="Window{T}"/> in O(log n + k)), exactly as
/// <see cref="TimeRules.AsOf{T}"/> and <see cref="TimeRules.Aggregate{T}"/> answer over the events in input order.
/// Histories are made by an <see cref="EntityHistoryBuilder"/>, the one place that assembles them for the training
/// export and for the live store alike.
/// </remarks>
public sealed class EntityHistory
{
    private readonly DomainEvent[] _events;
    private readonly Series[] _series;
    private ImmutableArray<DomainEvent> _inputOrder;

    internal EntityHistory(string key, string id, DomainEvent[] events, int count, Series[] series)
    {
        Key = key;
        Id = id;
        _events = events;
        Count = count;
        _series = series;
    }

    /// <summary>The key field the entity is named by, e.g. <c>order_id</c>.</summary>
    public string Key { get; }

    /// <summary>The entity's id, e.g. <c>O-204</c>.</summary>
    public string Id { get; }

    /// <summary>The number of events kept.</summary>
    public int Count { get; }

    /// <summary>The events in input order, without duplicated ids (materialized on first use for a grown history).</summary>
    public ImmutableArray<DomainEvent> Events
    {
        get
        {
            if (_inputOrder.IsDefault)
            {
                _inputOrder = ImmutableArray.Create(_events, 0, Count);
            }

            return _inputOrder;
        }
    }

    /// <summary>A history without events.</summary>
    public static EntityHistory Empty(string key, string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return new EntityHistory(key, id, [], 0, []);
    }

    /// <summary>The history of <paramref name="events"/>, in input order; an id seen twice counts once.</summary>
    public static EntityHistory Of(string key, string id, IEnumerable<DomainEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var builder = new EntityHistoryBuilder(key, id);
        foreach (DomainEvent e in events)
        {
            builder.Add(e);
        }

        return builder.ToHistory();
    }

    /// <summary>The events of class <typeparamref name="T"/> (exactly), in input order.</summary>
    public ReadOnlySpan<T> All<T>()
        where T : DomainEvent
        => Find(typeof(T)) is { } series ? series.Span<T>() : [];

    /// <summary>How many events of class <typeparamref name="T"/> there are.</summary>
    public int CountOf<T>()
        where T : DomainEvent
        => Find(typeof(T)) is { } series ? series.Count : 0;

    /// <summary>
    /// The as-of event of class <typeparamref name="T"/> at <paramref name="predictionInstant"/>: among those recorded
    /// at or before it, the greatest <c>occurred_at</c>, then the greater <c>recorded_at</c>, then the later arrival.
    /// With a <paramref name="maxAge"/>, one older than T − max age counts as missing.
    /// </summary>
    public T? AsOf<T>(Instant predictionInstant, Duration? maxAge = null)
        where T : DomainEvent
        => Find(typeof(T)) is { } series ? (T?)series.Index.AsOf(predictionInstant, maxAge) : null;

    /// <summary>The earliest <c>recorded_at</c> among the events of class <typeparamref name="T"/>, or <see langword="null"/> without any.</summary>
    public Instant? EarliestRecordedAt<T>()
        where T : DomainEvent
        => EarliestRecordedAt(typeof(T));

    /// <summary>The earliest <c>recorded_at</c> among the events of <paramref name="eventClass"/>, kept as the history grows.</summary>
    internal Instant? EarliestRecordedAt(Type eventClass) => Find(eventClass) is { } series ? series.EarliestRecordedAt : null;

    /// <summary>The window index of the events of class <typeparamref name="T"/> (built on first use, then shared).</summary>
    public WindowIndex<T> Window<T>()
        where T : DomainEvent
        => Find(typeof(T)) is { } series ? series.Window<T>() : WindowIndexes<T>.Empty;

    /// <inheritdoc />
    public override string ToString() => $"{Key} {Id}: {Count} events";

    // A history holds a handful of event classes: a linear search beats a hash.
    private Series? Find(Type eventClass)
    {
        foreach (Series series in _series)
        {
            if (series.EventClass == eventClass)
            {
                return series;
            }
        }

        return null;
    }

    /// <summary>The events of one class: a prefix of a buffer that only ever grows past it, and its as-of index.</summary>
    internal sealed class Series(Type eventClass, DomainEvent[] buffer, int count, AsOfIndex<DomainEvent> index, Instant earliestRecordedAt)
    {
        private object? _window;

        public Type EventClass => eventClass;

        public int Count => count;

        public AsOfIndex<DomainEvent> Index => index;

        public Instant EarliestRecordedAt => earliestRecordedAt;

        public ReadOnlySpan<T> Span<T>()
            where T : DomainEvent
        {
            // The buffer of a series is an array of exactly its class (see EntityHistoryBuilder.Growing).
            return new ReadOnlySpan<T>((T[])(Array)buffer, 0, count);
        }

        public WindowIndex<T> Window<T>()
            where T : DomainEvent
        {
            if (Volatile.Read(ref _window) is WindowIndex<T> known)
            {
                return known;
            }

            var index = new WindowIndex<T>(Span<T>().ToArray());
            return Interlocked.CompareExchange(ref _window, index, null) as WindowIndex<T> ?? index;
        }
    }

    private static class WindowIndexes<T>
        where T : DomainEvent
    {
        public static readonly WindowIndex<T> Empty = new(Array.Empty<T>());
    }
}

/// <summary>
/// Grows one entity's <see cref="EntityHistory"/> event by event, as events arrive: in any order, duplicated (an
/// <c>event_id</c> seen twice counts once, the first arrival kept), recorded late. Arrival order is the input order
/// that breaks full as-of ties. The batch export and the live store both assemble histories with it.
/// </summary>
/// <remarks>
/// An event appended in <c>recorded_at</c> order costs O(1) amortized; one recorded earlier than its class's latest is
/// inserted at its place, O(n) in that class's events. <see cref="ToHistory"/> costs O(classes) and copies no
/// event. Not thread-safe: one writer at a time; the histories it returns are immutable and safe to share.
/// </remarks>
public sealed class EntityHistoryBuilder
{
    // Below this many events a duplicate id is found by scanning them; from then on by a set.
    private const int ScanIdsBelow = 16;
    private Growing[] _growing = [];
    private HashSet<string>? _ids;
    private DomainEvent[] _events = [];
    private EntityHistory.Series[] _series = [];
    private bool _seriesShared;
    private EntityHistory? _history;

    /// <summary>Starts the history of entity <paramref name="id"/> named by key field <paramref name="key"/>.</summary>
    public EntityHistoryBuilder(string key, string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        Key = key;
        Id = id;
    }

    /// <summary>The key field.</summary>
    public string Key { get; }

    /// <summary>The entity's id.</summary>
    public string Id { get; }

    /// <summary>The number of events kept.</summary>
    public int Count { get; private set; }

    /// <summary>Adds <paramref name="domainEvent"/>; returns <see langword="false"/> when its <c>event_id</c> was already added.</summary>
    public bool Add(DomainEvent domainEvent)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        if (domainEvent.EventId is { } eventId && !IsNewId(eventId))
        {
            return false;
        }

        Type type = domainEvent.GetType();
        int place = 0;
        while (place < _growing.Length && _growing[place].EventClass != type)
        {
            place++;
        }

        if (place == _growing.Length)
        {
            Array.Resize(ref _growing, place + 1);
            Array.Resize(ref _series, place + 1);
            _growing[place] = new Growing(domainEvent);
        }
        else if (_history is not null || _seriesShared)
        {
            // A history already handed out keeps its own array of series.
            _series = (EntityHistory.Series[])_series.Clone();
        }

        _seriesShared = false;

        Growing growing = _growing[place];
        growing.Add(domainEvent);
        if (Count == _events.Length)
        {
            Array.Resize(ref _events, Math.Max(4, _events.Length * 2));
        }

        _events[Count] = domainEvent;
        Count++;
        _series[place] = new EntityHistory.Series(type, growing.Buffer, growing.Count, growing.Log.Snapshot(), growing.EarliestRecordedAt);
        _history = null;
        return true;
    }

    private bool IsNewId(string eventId)
    {
        if (_ids is null && Count < ScanIdsBelow)
        {
            for (int i = 0; i < Count; i++)
            {
                if (string.Equals(_events[i].EventId, eventId, StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }

        if (_ids is null)
        {
            _ids = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < Count; i++)
            {
                if (_events[i].EventId is { } known)
                {
                    _ids.Add(known);
                }
            }
        }

        return _ids.Add(eventId);
    }

    /// <summary>The history of every event added so far; immutable, O(1) when nothing was added since the last call.</summary>
    public EntityHistory ToHistory()
    {
        if (_history is null)
        {
            _history = new EntityHistory(Key, Id, _events, Count, _series);
            _seriesShared = true;
        }

        return _history;
    }

    /// <summary>
    /// The events of one class. <see cref="Buffer"/> is an array of exactly that class (held through array covariance),
    /// so a history hands out a span of the class without copying.
    /// </summary>
    private sealed class Growing(DomainEvent first)
    {
        public readonly Type EventClass = first.GetType();
        public readonly AsOfLog<DomainEvent> Log = new();
        public DomainEvent[] Buffer = (DomainEvent[])Array.CreateInstance(first.GetType(), 4);
        public int Count;
        public Instant EarliestRecordedAt = first.RecordedAt;

        public void Add(DomainEvent e)
        {
            Log.Append(e);
            if (Count == Buffer.Length)
            {
                var grown = (DomainEvent[])Array.CreateInstance(Buffer.GetType().GetElementType()!, Buffer.Length * 2);
                Array.Copy(Buffer, grown, Count);
                Buffer = grown;
            }

            Buffer[Count++] = e;
            if (e.RecordedAt < EarliestRecordedAt)
            {
                EarliestRecordedAt = e.RecordedAt;
            }
        }
    }
}

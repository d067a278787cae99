using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace FeatureContracts.Domains;

/// <summary>
/// Where a transform reads what is known about entities: the history of the entity a key field names. A service may
/// back this with its own database; <see cref="HistoryStore"/> is the in-process implementation that the training
/// export and the online scorer share.
/// </summary>
public interface IHistoryLookup
{
    /// <summary>
    /// The history of the entity <paramref name="id"/> named by key field <paramref name="key"/>, as known so far: an
    /// immutable snapshot. An entity without events gives an empty history.
    /// </summary>
    EntityHistory History(string key, string id);
}

/// <summary>
/// A thread-safe store of entity histories for one event schema. Each appended event is filed under the history of
/// every entity its key fields name (an authorization under its card and its merchant too). Events arrive in any
/// order, duplicated (an <c>event_id</c> counts once per history) and recorded late; arrival order is the input order
/// that breaks full as-of ties, exactly as file order does for the training export.
/// </summary>
/// <remarks>
/// Readers never take a lock: each entity publishes an immutable snapshot after every append, and a read is one
/// dictionary lookup. Writers of one entity serialize on that entity's lock. Appending in <c>recorded_at</c> order costs
/// O(1) amortized per history (see <see cref="EntityHistoryBuilder"/>).
/// </remarks>
public sealed class HistoryStore : IHistoryLookup
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, Slot>> _byKey;
    private long _events;

    /// <summary>Creates an empty store for events of <paramref name="schema"/>.</summary>
    public HistoryStore(EventSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        Schema = schema;
        _byKey = new ConcurrentDictionary<string, ConcurrentDictionary<string, Slot>>(StringComparer.Ordinal);
        foreach (string key in schema.KeyFields)
        {
            _byKey[key] = new ConcurrentDictionary<string, Slot>(StringComparer.Ordinal);
        }
    }

    /// <summary>The schema whose events the store holds.</summary>
    public EventSchema Schema { get; }

    /// <summary>The number of events kept (an event counts once however many histories file it).</summary>
    public long EventCount => Interlocked.Read(ref _events);

    /// <summary>
    /// Appends one event to the history of every entity its key fields name. Returns <see langword="false"/> when its
    /// <c>event_id</c> was already in the history of its first key: it counts once, the first arrival kept.
    /// </summary>
    /// <exception cref="ArgumentException">The event's class is not declared by the schema.</exception>
    public bool Append(DomainEvent domainEvent)
    {
        EventTypeSchema type = Schema.TypeOf(domainEvent);
        bool added = false;
        for (int i = 0; i < type.Keys.Length; i++)
        {
            EventFieldSchema key = type.Keys[i];
            string id = key.Read(domainEvent).Text!;
            Slot slot = _byKey[key.Name].GetOrAdd(id, static (id, key) => new Slot(key, id), key.Name);
            bool new_;
            lock (slot.Gate)
            {
                new_ = slot.Add(domainEvent);
            }

            added |= i == 0 && new_;
        }

        if (added)
        {
            Interlocked.Increment(ref _events);
        }

        return added;
    }

    /// <summary>Appends every event of <paramref name="events"/>, in order; returns how many were new.</summary>
    public int AppendRange(IEnumerable<DomainEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        int added = 0;
        foreach (DomainEvent e in events)
        {
            if (Append(e))
            {
                added++;
            }
        }

        return added;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="key"/> is not a key field of the schema.</exception>
    public EntityHistory History(string key, string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return Entities(key).TryGetValue(id, out Slot? slot) ? slot.History : EntityHistory.Empty(key, id);
    }

    /// <summary>The ids of the entities named by <paramref name="key"/> that have at least one event, in ordinal order.</summary>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not a key field of the schema.</exception>
    public IReadOnlyList<string> Ids(string key) => [.. Entities(key).Keys.Order(StringComparer.Ordinal)];

    /// <summary>The number of entities named by <paramref name="key"/> that have at least one event.</summary>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not a key field of the schema.</exception>
    public int EntityCount(string key) => Entities(key).Count;

    private ConcurrentDictionary<string, Slot> Entities(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _byKey.TryGetValue(key, out var entities)
            ? entities
            : throw new ArgumentException($"'{key}' is not a key field of the schema; its keys are {string.Join(", ", Schema.KeyFields)}.", nameof(key));
    }

    /// <summary>One entity: its builder (guarded by <see cref="Gate"/>) and its published snapshot.</summary>
    private sealed class Slot(string key, string id)
    {
        private readonly EntityHistoryBuilder _builder = new(key, id);
        private EntityHistory _history = EntityHistory.Empty(key, id);

        public Lock Gate { get; } = new();

        public EntityHistory History => Volatile.Read(ref _history);

        public bool Add(DomainEvent e)
        {
            if (!_builder.Add(e))
            {
                return false;
            }

            Volatile.Write(ref _history, _builder.ToHistory());
            return true;
        }
    }
}

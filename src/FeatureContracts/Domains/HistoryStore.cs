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
/// dictionary lookup. Writers of one entity serialize on that entity's lock; an event filed under several entities holds
/// all their locks while it is filed (taken in the schema's key order, so appends never wait on each other in a cycle),
/// so concurrent appends leave the store as some serial order of them would: every history sees the same first arrival
/// of an <c>event_id</c> and the same relative order of any two events it files. A reader that reads two histories while
/// such an event is being filed may find it in one and not yet in the other. Appending in <c>recorded_at</c> order costs
/// O(1) amortized per history (see <see cref="EntityHistoryBuilder"/>).
/// </remarks>
public sealed class HistoryStore : IHistoryLookup
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, Slot>> _byKey;
    private readonly Dictionary<EventTypeSchema, int[]> _lockOrder;
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

        // The order in which an event type's keys are locked: the schema's key order, one order for every type.
        _lockOrder = new Dictionary<EventTypeSchema, int[]>(ReferenceEqualityComparer.Instance);
        foreach (EventTypeSchema type in schema.Types)
        {
            _lockOrder[type] = [.. Enumerable.Range(0, type.Keys.Length).OrderBy(i => schema.KeyFields.IndexOf(type.Keys[i].Name))];
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
        if (FileUnder(domainEvent, type, _lockOrder[type], 0))
        {
            Interlocked.Increment(ref _events);
            return true;
        }

        return false;
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

    /// <summary>
    /// Files <paramref name="domainEvent"/> under the entity of key <c>order[depth]</c> and, still holding that entity's
    /// lock, under the rest; returns whether it was new in the history of the type's first key.
    /// </summary>
    private bool FileUnder(DomainEvent domainEvent, EventTypeSchema type, int[] order, int depth)
    {
        int index = order[depth];
        EventFieldSchema key = type.Keys[index];
        string id = key.Read(domainEvent).Text!;
        Slot slot = _byKey[key.Name].GetOrAdd(id, static (id, key) => new Slot(key, id), key.Name);
        lock (slot.Gate)
        {
            bool added = slot.Add(domainEvent) && index == 0;
            return depth + 1 < order.Length ? FileUnder(domainEvent, type, order, depth + 1) | added : added;
        }
    }

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

using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using FeatureContracts.Domains;

namespace FeatureContracts.Export.Exporting;

/// <summary>How the events of one type reach their partition.</summary>
internal enum Placement
{
    /// <summary>Keyed by reference data: held whole, in memory, read by every partition.</summary>
    Reference,

    /// <summary>Keyed by the partition key: spilled to the partition of its value.</summary>
    Partition,

    /// <summary>Keyed only by linked keys: placed once the join has found the partition key each key value links to.</summary>
    Linked,
}

/// <summary>
/// A domain's entities as an export lays them out, read off its <see cref="EntityLayout"/> and schema once: where each
/// event type goes, which keys are resolved to the partition key by the join (a linked key, and the row entity's key
/// when it is not the partition key), and which event types give the links.
/// </summary>
internal sealed class PartitionLayout
{
    private readonly FrozenDictionary<EventTypeSchema, TypeRoute> _routes;

    public PartitionLayout(Domain domain)
    {
        Domain = domain;
        Schema = domain.Schema;
        EntityKey = domain.Entity.Key;
        PartitionKey = domain.Entity.PartitionKey;
        ReferenceKeys = domain.Entity.ReferenceKeys.ToFrozenSet(StringComparer.Ordinal);
        ResolvedKeys = [.. Schema.KeyFields.Where(k => k != PartitionKey && !ReferenceKeys.Contains(k) && (domain.LinkOf(k) is not null || k == EntityKey))];
        var routes = new Dictionary<EventTypeSchema, TypeRoute>();
        foreach (EventTypeSchema type in Schema.Types)
        {
            string[] keys = [.. type.Keys.Select(k => k.Name)];
            Placement placement = keys.Any(ReferenceKeys.Contains) ? Placement.Reference
                : keys.Contains(PartitionKey) ? Placement.Partition
                : Placement.Linked;
            int[] resolved = [.. keys.Select(k => ResolvedKeys.IndexOf(k)).Where(i => i >= 0)];
            routes.Add(type, new TypeRoute(type, placement, resolved, type.Name == domain.Entity.KnownBy));
        }

        _routes = routes.ToFrozenDictionary();
    }

    public Domain Domain { get; }

    public EventSchema Schema { get; }

    /// <summary>The row entity's key.</summary>
    public string EntityKey { get; }

    /// <summary>The key partitions are cut by.</summary>
    public string PartitionKey { get; }

    public FrozenSet<string> ReferenceKeys { get; }

    /// <summary>The keys the join resolves to the partition key, by ordinal.</summary>
    public ImmutableArray<string> ResolvedKeys { get; }

    /// <summary>Whether the row entity is laid out by its own key, so its id is its partition key value.</summary>
    public bool EntityIsPartition => EntityKey == PartitionKey;

    /// <summary>The ordinal of the row entity's key among <see cref="ResolvedKeys"/>; -1 when it is the partition key.</summary>
    public int EntityKeyOrdinal => ResolvedKeys.IndexOf(EntityKey);

    /// <summary>Whether the export needs the join at all.</summary>
    public bool NeedsJoin => !ResolvedKeys.IsEmpty;

    public TypeRoute RouteOf(EventTypeSchema type) => _routes[type];

    /// <summary>One event type's route.</summary>
    /// <param name="Type">The type.</param>
    /// <param name="Placement">Where its events go.</param>
    /// <param name="ResolvedKeys">
    /// The ordinals of the resolved keys it carries: for a <see cref="Placement.Partition"/> type, the links it gives
    /// (key value → partition key value); for a <see cref="Placement.Linked"/> type, the keys its events wait on.
    /// </param>
    /// <param name="MakesEntityKnown">Whether it is the type that makes a row entity known.</param>
    internal sealed record TypeRoute(EventTypeSchema Type, Placement Placement, int[] ResolvedKeys, bool MakesEntityKnown);
}

/// <summary>
/// The unit rows are laid out by: a partition key value (<see cref="Key"/> -1), or, for a linked key value no link
/// names, that value on its own (<see cref="Key"/> its ordinal among the resolved keys). Its stable hash picks the
/// shard and the partition, and rows come out ordered by (hash, key, value, entity, instant, input position).
/// </summary>
internal readonly record struct Group(int Key, string Value)
{
    public static Group Of(string partitionValue) => new(-1, partitionValue);

    public ulong Hash => Sharding.StableHash.Of(Value);
}

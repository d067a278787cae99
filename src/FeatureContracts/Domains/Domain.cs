using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using FeatureContracts.Sources;
using NodaTime;

namespace FeatureContracts.Domains;

/// <summary>A domain's label: its column-independent name and the names of its two classes.</summary>
/// <param name="Name">The label's name, e.g. <c>delivered_after_promise</c>.</param>
/// <param name="PositiveClass">The name of the class labelled 1, e.g. <c>late</c>.</param>
/// <param name="NegativeClass">The name of the class labelled 0, e.g. <c>on_time</c>.</param>
public sealed record LabelDefinition(string Name, string PositiveClass, string NegativeClass);

/// <summary>A label as known at one instant: its value, and when it became known.</summary>
/// <param name="IsKnown">Whether the label is known; an unknown label is immature.</param>
/// <param name="Value">The label (true = the positive class), when known.</param>
/// <param name="KnownAt">When it became known, when known.</param>
public readonly record struct LabelState(bool IsKnown, bool? Value, Instant? KnownAt)
{
    /// <summary>A label not known yet.</summary>
    public static LabelState Unknown => new(false, null, null);

    /// <summary>A known label.</summary>
    public static LabelState Known(bool value, Instant knownAt) => new(true, value, knownAt);
}

/// <summary>
/// A prediction task's data model, everything but its features: the entity a row is for and the key naming it, the
/// event schema, the event that makes an entity known, the label (its value and the instant it becomes known), and
/// how entities are laid out for a bounded-memory export. The training exporter, the online scorer and the tool work
/// with any domain; a domain's point-in-time view is added by <see cref="Domain{TView}"/>.
/// </summary>
public abstract class Domain
{
    private readonly ImmutableDictionary<string, string> _links;

    /// <summary>Declares the domain and checks its layout.</summary>
    /// <param name="name">The domain's name, e.g. <c>shipments</c>.</param>
    /// <param name="schema">The event schema.</param>
    /// <param name="entity">How the row entity is named, what makes it known, and how it is laid out.</param>
    /// <param name="label">The label.</param>
    /// <param name="transformVersion">The version of the domain's view and label code, recorded in every row.</param>
    /// <exception cref="DomainDefinitionException">The layout does not fit the schema; every problem is listed.</exception>
    protected Domain(string name, EventSchema schema, EntityLayout entity, LabelDefinition label, string transformVersion)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(label);
        ArgumentException.ThrowIfNullOrWhiteSpace(transformVersion);
        Name = name;
        Schema = schema;
        Entity = entity;
        Label = label;
        TransformVersion = transformVersion;
        _links = Check(name, schema, entity, label);
        EntityEventClass = schema[entity.KnownBy].EventClass;
    }

    /// <summary>The domain's name, e.g. <c>shipments</c>.</summary>
    public string Name { get; }

    /// <summary>The event schema.</summary>
    public EventSchema Schema { get; }

    /// <summary>The row entity's naming and layout.</summary>
    public EntityLayout Entity { get; }

    /// <summary>The label.</summary>
    public LabelDefinition Label { get; }

    /// <summary>The version of the domain's view and label code, recorded in every row.</summary>
    public string TransformVersion { get; }

    private Type EntityEventClass { get; }

    /// <summary>
    /// The event type that links events keyed by <paramref name="key"/> to the partition key (an authorization's
    /// card, named by <c>authorization_requested</c>), or <see langword="null"/> when events keyed by it carry the
    /// partition key themselves or are reference data.
    /// </summary>
    public string? LinkOf(string key) => _links.GetValueOrDefault(key);

    /// <summary>
    /// When the entity became known: the earliest <c>recorded_at</c> of its <see cref="EntityLayout.KnownBy"/> events,
    /// or <see langword="null"/> without any. A row at T is possible only from then on.
    /// </summary>
    public Instant? KnownSince(EntityHistory entityHistory)
    {
        ArgumentNullException.ThrowIfNull(entityHistory);
        return entityHistory.EarliestRecordedAt(EntityEventClass);
    }

    /// <summary>
    /// The label of <paramref name="entityId"/> as the events visible at <paramref name="snapshot"/> give it: its value
    /// and when it became known, or unknown (immature).
    /// </summary>
    public abstract LabelState LabelAt(IHistoryLookup histories, string entityId, Instant snapshot);

    /// <inheritdoc />
    public override string ToString() => Name;

    private static ImmutableDictionary<string, string> Check(string name, EventSchema schema, EntityLayout entity, LabelDefinition label)
    {
        var problems = new List<string>();
        var links = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        if (!schema.KeyFields.Contains(entity.Key))
        {
            problems.Add($"the entity key '{entity.Key}' is not a key field of the schema (its keys are {string.Join(", ", schema.KeyFields)})");
        }

        if (!schema.TryGetType(entity.KnownBy, out EventTypeSchema knownBy))
        {
            problems.Add($"the entity is known by event type '{entity.KnownBy}', which the schema does not declare");
        }
        else if (!knownBy.Keys.Any(k => k.Name == entity.Key))
        {
            problems.Add($"event type '{entity.KnownBy}' makes the entity known but has no key '{entity.Key}'");
        }

        if (!schema.KeyFields.Contains(entity.PartitionKey))
        {
            problems.Add($"the partition key '{entity.PartitionKey}' is not a key field of the schema");
        }

        foreach (string reference in entity.ReferenceKeys)
        {
            if (!schema.KeyFields.Contains(reference))
            {
                problems.Add($"the reference key '{reference}' is not a key field of the schema");
            }
            else if (reference == entity.PartitionKey || reference == entity.Key)
            {
                problems.Add($"the key '{reference}' cannot be reference data: rows are laid out by it");
            }
        }

        foreach (EventTypeSchema type in schema.Types)
        {
            // A reference history is read whole by every partition; an event filed there and also under a partitioned
            // entity would make the export's reference history differ from the live store's.
            if (type.Keys.Any(k => entity.ReferenceKeys.Contains(k.Name)) && type.Keys.Any(k => !entity.ReferenceKeys.Contains(k.Name)))
            {
                problems.Add($"event type '{type.Name}' is keyed by reference data and by a partitioned key; key it by one of them and keep the other as a plain field");
            }
        }

        foreach (string key in schema.KeyFields)
        {
            if (key == entity.PartitionKey || entity.ReferenceKeys.Contains(key))
            {
                continue;
            }

            // Events keyed by this key but not by the partition key reach their partition through an event type that
            // carries both keys (an authorization names its card).
            string[] linking = [.. schema.Types.Where(t => t.Keys.Any(k => k.Name == key) && t.Keys.Any(k => k.Name == entity.PartitionKey)).Select(t => t.Name)];
            bool needsLink = schema.Types.Any(t => t.Keys.Any(k => k.Name == key) && !t.Keys.Any(k => k.Name == entity.PartitionKey || entity.ReferenceKeys.Contains(k.Name)));
            if (!needsLink)
            {
                continue;
            }

            if (linking.Length == 1)
            {
                links.Add(key, linking[0]);
            }
            else if (linking.Length == 0)
            {
                problems.Add($"events keyed only by '{key}' cannot be laid out: declare '{key}' as reference data, or let one event type carry both '{key}' and the partition key '{entity.PartitionKey}'");
            }
            else
            {
                problems.Add($"events keyed by '{key}' reach the partition key '{entity.PartitionKey}' through more than one event type ({string.Join(", ", linking)}); exactly one must link them");
            }
        }

        if (string.IsNullOrWhiteSpace(label.Name) || string.IsNullOrWhiteSpace(label.PositiveClass) || string.IsNullOrWhiteSpace(label.NegativeClass)
            || label.PositiveClass == label.NegativeClass)
        {
            problems.Add("the label needs a name and two distinct class names");
        }

        if (problems.Count > 0)
        {
            throw new DomainDefinitionException($"Domain '{name}'", problems);
        }

        return links.ToImmutable();
    }
}

/// <summary>How a domain's row entity is named and laid out.</summary>
/// <param name="Key">The key field naming the row entity, e.g. <c>order_id</c>; it is also the entity-id column of exports.</param>
/// <param name="Noun">What the entity is called in sentences, e.g. <c>order</c>.</param>
/// <param name="KnownBy">The event type that makes an entity known, e.g. <c>order_placed</c>: no row before one is visible.</param>
public sealed record EntityLayout(string Key, string Noun, string KnownBy)
{
    /// <summary>
    /// The key whose entities an export keeps together in one partition: every history a row reads must be filed
    /// under it (or be reference data). By default the row entity's key.
    /// </summary>
    public string PartitionKey { get; init; } = Key;

    /// <summary>Keys whose histories every partition reads whole, kept in memory (warehouse backlogs, merchant scores).</summary>
    public ImmutableArray<string> ReferenceKeys { get; init; } = [];
}

/// <summary>
/// A domain with its point-in-time view: the only thing feature code reads. A view holds only what was visible at its
/// instant and no outcome events, so a feature cannot reach the future even by mistake.
/// </summary>
/// <typeparam name="TView">The point-in-time view.</typeparam>
public abstract class Domain<TView> : Domain
    where TView : IPointInTimeView
{
    /// <inheritdoc />
    protected Domain(string name, EventSchema schema, EntityLayout entity, LabelDefinition label, string transformVersion)
        : base(name, schema, entity, label, transformVersion)
    {
    }

    /// <summary>
    /// The view of <paramref name="entityId"/> at <paramref name="predictionInstant"/>, read from the histories of the
    /// entities it relates to. Called only once the entity is known at that instant and its outcome is not.
    /// </summary>
    public abstract TView ViewAt(IHistoryLookup histories, string entityId, Instant predictionInstant);
}

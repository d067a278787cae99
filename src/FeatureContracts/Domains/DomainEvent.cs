using System;
using FeatureContracts.Sources;
using FeatureContracts.Time;
using NodaTime;

namespace FeatureContracts.Domains;

/// <summary>
/// An event of a domain's log: when it happened, when our systems knew it, and its id. Immutable.
/// <see cref="RecordedAt"/> defaults to <see cref="OccurredAt"/>; a record earlier than the occurrence is invalid.
/// A domain derives one record per event type and describes its fields once, in its <see cref="EventSchema"/>.
/// </summary>
public abstract record DomainEvent : ITimedFact
{
    /// <summary>Creates the event's common part.</summary>
    /// <param name="occurredAt">When the event happened.</param>
    /// <param name="recordedAt">When our systems knew it; defaults to <paramref name="occurredAt"/>.</param>
    /// <param name="eventId">The event's id, where the source gave one; events with the same id count once.</param>
    /// <exception cref="ArgumentException"><paramref name="recordedAt"/> is earlier than <paramref name="occurredAt"/>.</exception>
    protected DomainEvent(Instant occurredAt, Instant? recordedAt, string? eventId)
    {
        Instant recorded = recordedAt ?? occurredAt;
        if (recorded < occurredAt)
        {
            throw new ArgumentException(
                $"recorded_at {recorded} is earlier than occurred_at {occurredAt}; a fact cannot be known before it happens.", nameof(recordedAt));
        }

        OccurredAt = occurredAt;
        RecordedAt = recorded;
        EventId = eventId;
    }

    /// <summary>When the event happened.</summary>
    public Instant OccurredAt { get; }

    /// <summary>When our systems knew of the event.</summary>
    public Instant RecordedAt { get; }

    /// <summary>The event's id, where the source gave one; events with the same id count once in a history.</summary>
    public string? EventId { get; }

    /// <summary>The log's <c>type</c> discriminator, e.g. <c>scan</c>.</summary>
    public abstract string EventType { get; }

    /// <summary>This event as a lineage entry.</summary>
    public LineageEntry ToLineage() => new(EventType, EventId, OccurredAt, RecordedAt);
}

using NodaTime;

namespace FeatureContracts.Sources;

/// <summary>One event a feature value came from, with the instants that decide whether it could be known.</summary>
/// <param name="EventType">The event's type, e.g. <c>scan</c>.</param>
/// <param name="EventId">The event's id, where the source gave one.</param>
/// <param name="OccurredAt">When the event happened.</param>
/// <param name="RecordedAt">When the event was known to our systems.</param>
public sealed record LineageEntry(string EventType, string? EventId, Instant OccurredAt, Instant RecordedAt);

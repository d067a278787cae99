using NodaTime;

namespace FeatureContracts.Time;

/// <summary>
/// A fact with two instants: when it happened and when our systems knew it.
/// Visibility is always decided by <see cref="RecordedAt"/>, never by <see cref="OccurredAt"/>.
/// </summary>
public interface ITimedFact
{
    /// <summary>When the fact happened in the world.</summary>
    Instant OccurredAt { get; }

    /// <summary>When the fact reached our systems; never earlier than <see cref="OccurredAt"/>.</summary>
    Instant RecordedAt { get; }
}

using NodaTime;

namespace FeatureContracts.Sources;

/// <summary>
/// A view of an entity's history as it was known at one prediction instant. Implementations hold only facts
/// recorded at or before <see cref="PredictionInstant"/> and no outcome-only facts, so feature code that reads
/// a view cannot reach the future even by mistake.
/// </summary>
public interface IPointInTimeView
{
    /// <summary>The prediction instant T the view was cut at.</summary>
    Instant PredictionInstant { get; }

    /// <summary>The id of the entity the row is for, e.g. an order id.</summary>
    string EntityId { get; }
}

using System;
using NodaTime;

namespace FeatureContracts.Export.Points;

/// <summary>
/// One prediction point: the entity to build a row for (an order, an authorization; named by the domain's entity key)
/// and the instant to build it at, like a row of a feature store's entity table.
/// </summary>
public sealed record PredictionPoint
{
    /// <summary>Creates a point.</summary>
    /// <param name="entityId">The entity's id, e.g. <c>O-204</c>.</param>
    /// <param name="predictionTime">The prediction instant T.</param>
    public PredictionPoint(string entityId, Instant predictionTime)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entityId);
        EntityId = entityId;
        PredictionTime = predictionTime;
    }

    /// <summary>The entity's id.</summary>
    public string EntityId { get; }

    /// <summary>The prediction instant T.</summary>
    public Instant PredictionTime { get; }
}

using System;
using NodaTime;

namespace FeatureContracts.Export.Points;

/// <summary>
/// One prediction point: the order to build a row for and the instant to build it at, like a row of a feature
/// store's entity table.
/// </summary>
public sealed record PredictionPoint
{
    /// <summary>Creates a point.</summary>
    public PredictionPoint(string orderId, Instant predictionTime)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        OrderId = orderId;
        PredictionTime = predictionTime;
    }

    /// <summary>The order.</summary>
    public string OrderId { get; }

    /// <summary>The prediction instant T.</summary>
    public Instant PredictionTime { get; }
}

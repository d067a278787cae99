using System;
using FeatureContracts.Contracts;
using FeatureContracts.Domains;
using FeatureContracts.Rows;
using FeatureContracts.Shipments.Contract;
using FeatureContracts.Shipments.Histories;
using NodaTime;

namespace FeatureContracts.Shipments;

/// <summary>
/// The transform of the shipment domain: <see cref="ShipmentDomain"/> plus a late-delivery contract. The training
/// exporter and the online scorer both call its <see cref="Transform.BuildRow"/>; there is no second implementation.
/// Immutable and thread-safe.
/// </summary>
public sealed class ShipmentTransform : Transform<ShipmentView>
{
    /// <summary>The version of the shipment view and label code, recorded in every row it builds.</summary>
    public const string Version = "shipments-1.0.0";

    /// <summary>Creates the transform for <paramref name="contract"/>.</summary>
    public ShipmentTransform(FeatureContract<ShipmentView> contract)
        : base(ShipmentDomain.Instance, contract)
    {
    }

    /// <summary>The transform of the reference contract, late delivery version 1.</summary>
    public static ShipmentTransform LateDeliveryV1 { get; } = new(LateDeliveryContract.V1);

    /// <summary>
    /// Builds the order's row at <paramref name="predictionInstant"/> from an order's history and the backlog timeline
    /// in hand, exactly as <see cref="Transform.BuildRow"/> does over a store holding the same events.
    /// </summary>
    public RowResult BuildRow(ShipmentHistory history, BacklogTimeline backlog, Instant predictionInstant)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(backlog);
        return BuildRow(new ShipmentHistories(history, backlog), history.OrderId, predictionInstant);
    }
}

using System;
using System.Collections.Immutable;
using FeatureContracts.Contracts;
using FeatureContracts.Rows;
using FeatureContracts.Shipments.Contract;
using FeatureContracts.Shipments.Histories;
using FeatureContracts.Shipments.Labels;
using NodaTime;

namespace FeatureContracts.Shipments;

/// <summary>
/// The one transform from a shipment history, the backlog timeline and a prediction instant to a feature row.
/// The training exporter and the online scorer both call <see cref="BuildRow"/>; there is no second
/// implementation. Immutable and thread-safe.
/// </summary>
public sealed class ShipmentTransform
{
    /// <summary>The version of this transform's code, recorded in every row it builds.</summary>
    public const string Version = "shipments-1.0.0";

    /// <summary>Creates the transform for <paramref name="contract"/>.</summary>
    public ShipmentTransform(FeatureContract<ShipmentView> contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        Contract = contract;
    }

    /// <summary>The transform of the reference contract, late delivery version 1.</summary>
    public static ShipmentTransform LateDeliveryV1 { get; } = new(LateDeliveryContract.V1);

    /// <summary>The contract the rows follow.</summary>
    public FeatureContract<ShipmentView> Contract { get; }

    /// <summary>
    /// Builds the order's row at <paramref name="predictionInstant"/>, or every reason it cannot be built:
    /// the order is not known at T; the outcome is already known at T (leakage); or a feature's policy rejects.
    /// </summary>
    public RowResult BuildRow(ShipmentHistory history, BacklogTimeline backlog, Instant predictionInstant)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(backlog);

        ShipmentView view = history.ViewAt(predictionInstant, backlog);
        if (view.Order is null)
        {
            return Reject(history.OrderId, predictionInstant, new RowRejection(
                null, RejectionCode.EntityNotKnown, history.OrderId, $"no order_placed event of order '{history.OrderId}' is visible at {predictionInstant}"));
        }

        if (LateDeliveryLabel.At(history, predictionInstant) is { IsKnown: true, KnownAt: { } knownAt })
        {
            return Reject(history.OrderId, predictionInstant, new RowRejection(
                LateDeliveryLabel.Name,
                RejectionCode.OutcomeAlreadyKnown,
                knownAt.ToString(),
                $"outcome already known: the label became known at {knownAt}, at or before the prediction instant {predictionInstant}"));
        }

        return Contract.BuildRow(view, Version);
    }

    private static RowResult Reject(string orderId, Instant t, RowRejection rejection) => RowResult.Rejected(orderId, t, [rejection]);
}

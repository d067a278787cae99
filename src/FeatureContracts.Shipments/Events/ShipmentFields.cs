using FeatureContracts.Sources;

namespace FeatureContracts.Shipments.Events;

/// <summary>
/// The fields of the shipment log that the late-delivery sources read, each taken from
/// <c>ShipmentDomain.Instance.Schema</c>, so its role (outcome-only fields can never feed a feature) and its declared
/// absence meaning are said once, in the schema.
/// </summary>
public static class ShipmentFields
{
    /// <summary><c>order_placed.distance_km</c>.</summary>
    public static InputField DistanceKm { get; } = ShipmentDomain.Instance.Schema.Field("order_placed", "distance_km");

    /// <summary><c>order_placed.carrier</c>.</summary>
    public static InputField Carrier { get; } = ShipmentDomain.Instance.Schema.Field("order_placed", "carrier");

    /// <summary><c>order_placed.expedited</c>; the order source declares that its absence means not expedited.</summary>
    public static InputField Expedited { get; } = ShipmentDomain.Instance.Schema.Field("order_placed", "expedited");

    /// <summary><c>order_placed.origin</c>.</summary>
    public static InputField Origin { get; } = ShipmentDomain.Instance.Schema.Field("order_placed", "origin");

    /// <summary><c>scan.occurred_at</c>.</summary>
    public static InputField ScanOccurredAt { get; } = ShipmentDomain.Instance.Schema.Field("scan", "occurred_at");

    /// <summary><c>backlog_measured.queue_length</c>.</summary>
    public static InputField QueueLength { get; } = ShipmentDomain.Instance.Schema.Field("backlog_measured", "queue_length");

    /// <summary><c>delivered.occurred_at</c>: outcome-only.</summary>
    public static InputField DeliveredAt { get; } = ShipmentDomain.Instance.Schema.Field("delivered", "occurred_at");

    /// <summary><c>complaint.occurred_at</c>: outcome-only.</summary>
    public static InputField ComplaintAt { get; } = ShipmentDomain.Instance.Schema.Field("complaint", "occurred_at");

    /// <summary>The label <c>delivered_after_promise</c>: outcome-only.</summary>
    public static InputField Label { get; } = InputField.OutcomeOnly("label", "delivered_after_promise");
}

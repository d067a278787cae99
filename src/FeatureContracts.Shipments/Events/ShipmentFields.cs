using FeatureContracts.Sources;

namespace FeatureContracts.Shipments.Events;

/// <summary>
/// The fields of the shipment log, each declared once with its role. Outcome-only fields (the delivery, the
/// complaint, the label) can never feed a feature: a contract that declares one as an input fails to build.
/// </summary>
public static class ShipmentFields
{
    /// <summary><c>order_placed.distance_km</c>.</summary>
    public static InputField DistanceKm { get; } = InputField.Predictor("order_placed", "distance_km");

    /// <summary><c>order_placed.carrier</c>.</summary>
    public static InputField Carrier { get; } = InputField.Predictor("order_placed", "carrier");

    /// <summary><c>order_placed.expedited</c>; the order source declares that its absence means not expedited.</summary>
    public static InputField Expedited { get; } = InputField.Predictor("order_placed", "expedited").AbsenceMeaning(false);

    /// <summary><c>order_placed.origin</c>.</summary>
    public static InputField Origin { get; } = InputField.Predictor("order_placed", "origin");

    /// <summary><c>scan.occurred_at</c>.</summary>
    public static InputField ScanOccurredAt { get; } = InputField.Predictor("scan", "occurred_at");

    /// <summary><c>backlog_measured.queue_length</c>.</summary>
    public static InputField QueueLength { get; } = InputField.Predictor("backlog_measured", "queue_length");

    /// <summary><c>delivered.occurred_at</c>: outcome-only.</summary>
    public static InputField DeliveredAt { get; } = InputField.OutcomeOnly("delivered", "occurred_at");

    /// <summary><c>complaint.occurred_at</c>: outcome-only.</summary>
    public static InputField ComplaintAt { get; } = InputField.OutcomeOnly("complaint", "occurred_at");

    /// <summary>The label <c>delivered_after_promise</c>: outcome-only.</summary>
    public static InputField Label { get; } = InputField.OutcomeOnly("label", "delivered_after_promise");
}

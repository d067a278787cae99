using FeatureContracts.Domains;
using FeatureContracts.Shipments.Events;
using FeatureContracts.Shipments.Histories;
using FeatureContracts.Shipments.Labels;
using NodaTime;

namespace FeatureContracts.Shipments;

/// <summary>
/// The shipment domain: a row is one order (<c>order_id</c>) at an instant; it reads the order's own history and its
/// origin warehouse's backlog measurements (reference data every export partition holds whole). The label is
/// <c>delivered_after_promise</c>.
/// </summary>
public sealed class ShipmentDomain : Domain<ShipmentView>
{
    /// <summary>The key field naming an order.</summary>
    public const string OrderKey = "order_id";

    /// <summary>The key field naming a warehouse.</summary>
    public const string WarehouseKey = "warehouse";

    private ShipmentDomain()
        : base(
            "shipments",
            EventLog,
            new EntityLayout(OrderKey, "order", "order_placed") { ReferenceKeys = [WarehouseKey] },
            new LabelDefinition(LateDeliveryLabel.Name, "late", "on_time"),
            ShipmentTransform.Version)
    {
    }

    /// <summary>The domain.</summary>
    public static ShipmentDomain Instance { get; } = new();

    // The shipment event log format: every event type with its fields, declared once (Instance.Schema).
    private static EventSchema EventLog => field ??= EventSchema.Define()
        .Event<OrderPlaced>("order_placed", t => t
            .Key(OrderKey, e => e.OrderId)
            .Text("carrier", e => e.Carrier, FieldPresence.Nullable, shared: true)
            .Number("distance_km", e => e.DistanceKm, FieldPresence.Nullable)
            .Boolean("expedited", e => e.Expedited, FieldPresence.Optional, absenceMeans: false)
            .Text("origin", e => e.Origin, FieldPresence.Required, shared: true)
            .Date("promised_date", e => e.PromisedDate)
            .TimeZone("destination_zone", e => e.DestinationZone)
            .CreatedBy(f => new OrderPlaced(
                f.Text(OrderKey)!,
                f.OccurredAt,
                f.Text("carrier"),
                f.Number("distance_km"),
                f.Boolean("expedited"),
                f.Text("origin")!,
                f.Date("promised_date")!.Value,
                f.Zone("destination_zone")!,
                f.RecordedAt,
                f.EventId)))
        .Event<Scan>("scan", t => t
            .Key(OrderKey, e => e.OrderId)
            .Text("location", e => e.Location, FieldPresence.Optional, shared: true)
            .CreatedBy(f => new Scan(f.Text(OrderKey)!, f.OccurredAt, f.Text("location"), f.RecordedAt, f.EventId)))
        .Event<BacklogMeasured>("backlog_measured", t => t
            .Key(WarehouseKey, e => e.Warehouse, shared: true)
            .Number("queue_length", e => e.QueueLength)
            .CreatedBy(f => new BacklogMeasured(f.Text(WarehouseKey)!, f.Number("queue_length")!.Value, f.OccurredAt, f.RecordedAt, f.EventId)))
        .Outcome<Delivered>("delivered", t => t
            .Key(OrderKey, e => e.OrderId)
            .CreatedBy(f => new Delivered(f.Text(OrderKey)!, f.OccurredAt, f.RecordedAt, f.EventId)))
        .Outcome<Complaint>("complaint", t => t
            .Key(OrderKey, e => e.OrderId)
            .CreatedBy(f => new Complaint(f.Text(OrderKey)!, f.OccurredAt, f.RecordedAt, f.EventId)))
        .Build();

    /// <inheritdoc />
    public override ShipmentView ViewAt(IHistoryLookup histories, string entityId, Instant predictionInstant)
    {
        System.ArgumentNullException.ThrowIfNull(histories);
        EntityHistory order = histories.History(OrderKey, entityId);
        OrderPlaced? placed = order.AsOf<OrderPlaced>(predictionInstant);
        BacklogMeasured? backlog = placed is null ? null : histories.History(WarehouseKey, placed.Origin).AsOf<BacklogMeasured>(predictionInstant);
        return new ShipmentView(entityId, predictionInstant, placed, order.AsOf<Scan>(predictionInstant), order, backlog);
    }

    /// <inheritdoc />
    public override LabelState LabelAt(IHistoryLookup histories, string entityId, Instant snapshot)
    {
        System.ArgumentNullException.ThrowIfNull(histories);
        return LateDeliveryLabel.At(histories.History(OrderKey, entityId), snapshot) is { IsKnown: true, IsLate: { } late, KnownAt: { } knownAt }
            ? LabelState.Known(late, knownAt)
            : LabelState.Unknown;
    }
}

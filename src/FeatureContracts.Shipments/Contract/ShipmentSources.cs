using FeatureContracts.Shipments.Events;
using FeatureContracts.Serialization;
using FeatureContracts.Shipments.Histories;
using FeatureContracts.Sources;

namespace FeatureContracts.Shipments.Contract;

/// <summary>
/// The value sources of the shipment domain: each reads one raw value from a <see cref="ShipmentView"/> and
/// names the events it came from. Policies (missing, range, vocabulary, max age) are the contract's business.
/// </summary>
public static class ShipmentSources
{
    /// <summary>The route distance of the latest visible order declaration.</summary>
    public static ValueSource<ShipmentView, double> DistanceKm { get; } = ValueSource.Numeric<ShipmentView>(
        "order_distance_km",
        [ShipmentFields.DistanceKm],
        view => view.Order is { DistanceKm: { } km } order
            ? Observation<double>.Present(km, order.ToLineage())
            : Observation<double>.Missing());

    /// <summary>Hours from the last visible scan's occurrence to T; missing when no scan is visible.</summary>
    public static ValueSource<ShipmentView, double> HoursSinceLastScan { get; } = ValueSource.Numeric<ShipmentView>(
        "hours_since_last_scan",
        [ShipmentFields.ScanOccurredAt],
        view => view.LastScan is { } scan
            ? Observation<double>.Present((view.PredictionInstant - scan.OccurredAt).TotalHours, scan.ToLineage())
            : Observation<double>.Missing());

    /// <summary>The origin warehouse's latest visible queue length (as-of T); its lineage is that measurement.</summary>
    public static ValueSource<ShipmentView, double> OriginBacklog { get; } = ValueSource.Numeric<ShipmentView>(
        "origin_backlog_as_of",
        [ShipmentFields.Origin, ShipmentFields.QueueLength],
        view => view.OriginBacklog is { } measured
            ? Observation<double>.Present(measured.QueueLength, measured.ToLineage())
            : Observation<double>.Missing());

    /// <summary>The carrier code of the latest visible order declaration.</summary>
    public static ValueSource<ShipmentView, string> Carrier { get; } = ValueSource.Categorical<ShipmentView>(
        "order_carrier",
        [ShipmentFields.Carrier],
        view => view.Order is { Carrier: { } carrier } order
            ? Observation<string>.Present(carrier, order.ToLineage())
            : Observation<string>.Missing());

    /// <summary>
    /// The service class of the latest visible order declaration. An order whose <c>expedited</c> field is absent
    /// yields <see cref="ObservationState.AbsentByDeclaration"/>, because the order source declares what that
    /// absence means; no visible order at all is simply missing.
    /// </summary>
    public static ValueSource<ShipmentView, bool> Expedited { get; } = ValueSource.Boolean<ShipmentView>(
        "order_expedited",
        [ShipmentFields.Expedited],
        view => view.Order switch
        {
            null => Observation<bool>.Missing(),
            { Expedited: { } expedited } order => Observation<bool>.Present(expedited, order.ToLineage()),
            var order => Observation<bool>.AbsentByDeclaration(order.ToLineage()),
        });

    /// <summary>
    /// Every source above, looked up by name: the catalog a shipment contract file is read with (see
    /// <see cref="LateDeliveryContract.FromJson"/>).
    /// </summary>
    public static ValueSourceCatalog<ShipmentView> Catalog { get; } = new(DistanceKm, HoursSinceLastScan, OriginBacklog, Carrier, Expedited);
}

using FeatureContracts.Contracts;
using FeatureContracts.Monitoring;
using FeatureContracts.Serialization;
using FeatureContracts.Shipments.Histories;
using FeatureContracts.Vectors;
using NodaTime;

namespace FeatureContracts.Shipments.Contract;

/// <summary>
/// The reference contract: at instant T, will order O arrive after its promised day? Version 1 reads exactly
/// like the table of the product brief.
/// </summary>
public static class LateDeliveryContract
{
    /// <summary>The contract's name.</summary>
    public const string Name = "late_delivery";

    /// <summary>The carrier vocabulary pinned by version 1.</summary>
    public static readonly string[] CarriersV1 = ["northline", "swiftpost", "bluefreight", "metrocourier", "parcelwing"];

    /// <summary>How old the origin backlog may be before it counts as missing, in version 1.</summary>
    public static readonly Duration OriginBacklogMaxAgeV1 = Duration.FromHours(6);

    /// <summary>The built version 1 contract.</summary>
    public static FeatureContract<ShipmentView> V1 { get; } = DefineV1().Build();

    /// <summary>
    /// The unbuilt definition of version 1, for teams that derive their own version from it. Each call returns a
    /// new single-use builder. Its monitors (not part of the fingerprint): a distance or carrier missing from more than
    /// 1% of rows fails closed; an origin backlog missing from more than a quarter of rows falls back, and one older than
    /// 3 h at the 95th percentile pauses promotions; more than 5% unseen carriers calls for labels and a retrain; a last
    /// scan older than 24 h at the 95th percentile pauses promotions.
    /// </summary>
    public static FeatureContractBuilder<ShipmentView> DefineV1() =>
        FeatureContract.Define<ShipmentView>(Name, version: 1)
            .Describe("At instant T, will the order arrive after its promised local day?")
            .Numeric("distance_km", f => f
                .From(ShipmentSources.DistanceKm)
                .RejectIfMissing()
                .RejectOutside(0.1, 20_000)
                .Monitor(m => m.NullRateAbove(0.01, MonitorAction.FailClosed).OutOfRangeRateAbove(0.01))
                .Describe("Route distance from the order."))
            .Numeric("hours_since_last_scan", f => f
                .From(ShipmentSources.HoursSinceLastScan)
                .CapAt(168)
                .FillMissingWith(168)
                .Monitor(m => m.FreshnessLagAbove(Duration.FromHours(24)))
                .Describe("T minus the last visible scan, in hours; no scan yet counts as 168."))
            .Numeric("origin_backlog", f => f
                .From(ShipmentSources.OriginBacklog)
                .MaxAge(OriginBacklogMaxAgeV1)
                .EmitMissingWithIndicator()
                .RejectOutside(0, 1_000_000)
                // A warehouse queue wanders from day to day, so one day against the training fortnight drifts by a PSI
                // near 0.4 with nothing wrong: wider bands than the default. A warehouse reporting every 8 h keeps the
                // p95 lag near 3.5 h: above 5 h the feed is late.
                .Monitor(m => m.NullRateAbove(0.25, MonitorAction.FallBack).FreshnessLagAbove(Duration.FromHours(5)).DriftBands(0.25, 0.5))
                .Describe("Latest measured queue length at the origin warehouse, as-of T, within the max age; never zero-filled."))
            .Categorical("carrier", f => f
                .From(ShipmentSources.Carrier)
                .Vocabulary(CarriersV1)
                .MapUnseenTo("other")
                .RejectIfMissing()
                .Monitor(m => m.NullRateAbove(0.01).UnseenRateAbove(0.05))
                .Describe("Carrier code; unseen codes map to 'other' and are counted."))
            .Boolean("expedited", f => f
                .From(ShipmentSources.Expedited)
                .DefaultWhereSourceDeclaresAbsence(false)
                .Describe("Service class; absent means false only because the order source declares so."));

    /// <summary>
    /// Reads a late-delivery contract from JSON in the shape <see cref="ContractJson.Write"/> gives (for example
    /// version 1 with another max age for <c>origin_backlog</c>), with the sources of <see cref="ShipmentSources.Catalog"/>.
    /// </summary>
    /// <param name="json">The contract's JSON.</param>
    /// <returns>The built contract, ready for <see cref="ShipmentTransform(FeatureContract{ShipmentView})"/>.</returns>
    /// <exception cref="ContractDefinitionException">The file is invalid; every problem is listed with its JSON path.</exception>
    public static FeatureContract<ShipmentView> FromJson(string json) => ContractJson.Read(json, ShipmentSources.Catalog);

    /// <summary>
    /// The model vector layout of <paramref name="contract"/> (version 1 by default). A missing origin backlog
    /// puts 0 in its value slot and 1 in its indicator slot, so the model always sees that it is missing.
    /// </summary>
    public static FeatureVectorizer Vectorizer(FeatureContract? contract = null)
        => FeatureVectorizer.For(contract ?? V1).ImputeMissing("origin_backlog", 0).Build();
}

using System;
using FeatureContracts.Contracts;
using FeatureContracts.Rows;
using FeatureContracts.Shipments;
using FeatureContracts.Shipments.Contract;
using FeatureContracts.Shipments.Events;
using FeatureContracts.Shipments.Histories;
using NodaTime;

namespace DeliveryEta;

/// <summary>The README's example, compiled and run by the sample so it cannot rot.</summary>
internal static class QuickStart
{
    public static void Run()
    {
        // begin-snippet: quickstart
        // Declare the contract: every feature with its source, time boundary and policies.
        FeatureContract<ShipmentView> contract = FeatureContract.Define<ShipmentView>("late_delivery", version: 1)
            .Numeric("distance_km", f => f.From(ShipmentSources.DistanceKm)
                .RejectIfMissing().RejectOutside(0.1, 20_000))
            .Numeric("hours_since_last_scan", f => f.From(ShipmentSources.HoursSinceLastScan)
                .CapAt(168).FillMissingWith(168))
            .Numeric("origin_backlog", f => f.From(ShipmentSources.OriginBacklog)
                .MaxAge(Duration.FromHours(6)).EmitMissingWithIndicator().RejectOutside(0, 1_000_000))
            .Categorical("carrier", f => f.From(ShipmentSources.Carrier)
                .Vocabulary("northline", "swiftpost", "bluefreight").MapUnseenTo("other").RejectIfMissing())
            .Boolean("expedited", f => f.From(ShipmentSources.Expedited)
                .DefaultWhereSourceDeclaresAbsence(false))
            .Build(); // a bad definition throws here, listing every problem

        // An order's events, in any order; a scan recorded after T is invisible at T.
        var berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
        var t = Instant.FromUtc(2026, 5, 1, 9, 0);
        var history = ShipmentHistory.Of("O-204", [
            new OrderPlaced("O-204", Instant.FromUtc(2026, 4, 30, 16, 0), "northline", 620, false, "WH-HAM", new LocalDate(2026, 5, 2), berlin),
            new Scan("O-204", Instant.FromUtc(2026, 5, 1, 1, 0)),
            new Scan("O-204", Instant.FromUtc(2026, 5, 1, 8, 50), recordedAt: Instant.FromUtc(2026, 5, 1, 9, 10)),
        ]);
        var backlog = BacklogTimeline.Of([new BacklogMeasured("WH-HAM", 18, Instant.FromUtc(2026, 5, 1, 7, 30))]);

        // The one transform that the training exporter and the online scorer both call.
        RowResult result = new ShipmentTransform(contract).BuildRow(history, backlog, t);
        FeatureRow row = result.GetRowOrThrow();
        Console.WriteLine(row["hours_since_last_scan"].Value); // 8: the 08:50 scan was recorded at 09:10
        // end-snippet
    }
}

using System;
using System.Collections.Generic;
using FeatureContracts.Shipments.Events;
using FeatureContracts.Shipments.Histories;
using NodaTime;
using NodaTime.Text;

namespace DeliveryEta;

/// <summary>A shipment's history, the backlog timeline and the instant to predict at.</summary>
internal sealed record SampleShipment(string Story, ShipmentHistory History, BacklogTimeline Backlog, Instant PredictionInstant);

/// <summary>Built-in sample data: the worked case of the brief and a seeded generator.</summary>
internal static class SampleShipments
{
    private static readonly string[] Carriers = ["northline", "swiftpost", "bluefreight", "metrocourier", "parcelwing"];
    private static readonly string[] Warehouses = ["WH-HAM", "WH-MUC", "WH-LYS"];
    private static readonly string[] Zones = ["Europe/Berlin", "Europe/Paris", "America/Santiago"];

    public static SampleShipment O204()
    {
        DateTimeZone berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
        var history = ShipmentHistory.Of("O-204", [
            new OrderPlaced("O-204", At("2026-04-30T16:00:00Z"), "northline", 620, false, "WH-HAM", new LocalDate(2026, 5, 2), berlin, eventId: "o204-placed"),
            new Scan("O-204", At("2026-05-01T01:00:00Z"), "HAM-hub", eventId: "o204-scan-1"),
            new Delivered("O-204", At("2026-05-03T14:00:00Z"), eventId: "o204-delivered"),
            new Complaint("O-204", At("2026-05-03T18:30:00Z"), eventId: "o204-complaint"),
        ]);
        var backlog = BacklogTimeline.Of([
            new BacklogMeasured("WH-HAM", 25, At("2026-05-01T03:00:00Z"), eventId: "ham-0300"),
            new BacklogMeasured("WH-HAM", 18, At("2026-05-01T07:30:00Z"), eventId: "ham-0730"),
            new BacklogMeasured("WH-HAM", 40, At("2026-05-01T09:30:00Z"), eventId: "ham-0930"),
        ]);
        return new SampleShipment("O-204", history, backlog, At("2026-05-01T09:00:00Z"));
    }

    /// <summary>
    /// Generates <paramref name="count"/> shipments from a seed. The first few are shaped to show the
    /// contract's rules: an unseen carrier, a rejected row (no distance), a missing backlog, an absent
    /// expedited flag, a late-recorded scan.
    /// </summary>
    public static IEnumerable<SampleShipment> Generated(int seed, int count)
    {
#pragma warning disable CA5394 // Seeded, deterministic sample data; not security relevant.
        var random = new Random(seed);
        Instant start = At("2026-05-04T06:00:00Z");
        for (int i = 0; i < count; i++)
        {
            string orderId = $"O-{1000 + i}";
            string warehouse = Warehouses[random.Next(Warehouses.Length)];
            DateTimeZone zone = DateTimeZoneProviders.Tzdb[Zones[random.Next(Zones.Length)]];
            Instant placed = start + Duration.FromMinutes(random.Next(0, 600));
            Instant t = placed + Duration.FromHours(random.Next(6, 30));
            LocalDate promised = placed.InZone(zone).Date.PlusDays(random.Next(2, 5));
            string carrier = Carriers[random.Next(Carriers.Length)];
            double? distance = Math.Round(50 + (random.NextDouble() * 1500), 1);
            bool? expedited = random.Next(4) == 0;
            string story = "a typical shipment";

            switch (i)
            {
                case 1:
                    carrier = "zipzap";
                    story = "an unseen carrier maps to 'other'";
                    break;
                case 2:
                    distance = null;
                    story = "no distance: the contract rejects the row";
                    break;
                case 3:
                    warehouse = "WH-NEW";
                    story = "a warehouse never measured: origin_backlog is missing, with its indicator";
                    break;
                case 4:
                    expedited = null;
                    story = "expedited absent: the order source declares that absence means false";
                    break;
                case 5:
                    story = "a scan that happened before T but was recorded after it is invisible";
                    break;
            }

            var events = new List<OrderEvent>
            {
                new OrderPlaced(orderId, placed, carrier, distance, expedited, warehouse, promised, zone, eventId: $"{orderId}-placed"),
            };
            int scans = random.Next(1, 4);
            for (int s = 0; s < scans; s++)
            {
                Instant scanned = placed + Duration.FromMinutes(random.Next(30, 300) * (s + 1));
                if (scanned < t)
                {
                    events.Add(new Scan(orderId, scanned, $"hub-{s}", eventId: $"{orderId}-scan-{s}"));
                }
            }

            if (i == 5)
            {
                events.Add(new Scan(orderId, t - Duration.FromMinutes(10), "late-hub", recordedAt: t + Duration.FromMinutes(10), eventId: $"{orderId}-scan-late"));
            }

            events.Add(new Delivered(orderId, t + Duration.FromHours(random.Next(10, 80)), eventId: $"{orderId}-delivered"));

            var measurements = new List<BacklogMeasured>();
            foreach (string w in Warehouses)
            {
                for (int h = 0; h < 48; h += 2)
                {
                    Instant measured = start + Duration.FromHours(h);
                    measurements.Add(new BacklogMeasured(w, random.Next(0, 60), measured, recordedAt: measured + Duration.FromMinutes(5), eventId: $"{w}-{h}"));
                }
            }

            yield return new SampleShipment(story, ShipmentHistory.Of(orderId, events), BacklogTimeline.Of(measurements), t);
        }
#pragma warning restore CA5394
    }

    private static Instant At(string text) => InstantPattern.ExtendedIso.Parse(text).Value;
}

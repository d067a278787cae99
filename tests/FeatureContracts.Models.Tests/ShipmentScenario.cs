using System;
using System.Collections.Generic;
using System.Globalization;
using FeatureContracts.Export.Points;
using FeatureContracts.Shipments.Events;
using NodaTime;

namespace FeatureContracts.Models.Tests;

/// <summary>
/// Seeded shipments (adapted from the export tests' scenario): backlog measurements, orders with scans, deliveries
/// and complaints, and three prediction points per order. Lateness depends on distance and scans, so a model can
/// learn something; one carrier is outside the v1 vocabulary (it maps to <c>other</c>).
/// </summary>
internal sealed class ShipmentScenario
{
    private static readonly string[] Carriers = ["northline", "swiftpost", "bluefreight", "zipzap"];
    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];

    public ShipmentScenario(int orders, int seed, int days = 6)
    {
#pragma warning disable CA5394 // Seeded test data.
        var random = new Random(seed);
        Instant start = Instant.FromUtc(2026, 5, 1, 0, 0);
        for (int w = 0; w < 3; w++)
        {
            for (int h = 0; h < 24 * (days + 6); h += 2)
            {
                Instant at = start + Duration.FromHours(h);
                Events.Add(new BacklogMeasured($"WH-{w}", random.Next(0, 50), at, at + Duration.FromMinutes(random.Next(0, 20)), $"b-{w}-{h}"));
            }
        }

        for (int n = 0; n < orders; n++)
        {
            string id = string.Create(CultureInfo.InvariantCulture, $"O-{n:D4}");
            Instant placed = start + Duration.FromMinutes(random.Next(0, 60 * 24 * days));
            double? distance = random.Next(40) == 0 ? null : Math.Round(10 + (random.NextDouble() * 1500), 1);
            bool? expedited = random.Next(5) == 0 ? null : random.Next(3) == 0;
            LocalDate promised = placed.InZone(Berlin).Date.PlusDays(random.Next(1, 4));
            Events.Add(new OrderPlaced(id, placed, Carriers[random.Next(Carriers.Length)], distance, expedited, $"WH-{random.Next(4)}", promised, Berlin, placed + Duration.FromSeconds(30), $"{id}-p"));
            int transitHours = 6 + (int)((distance ?? 700) / 20) + random.Next(0, 40);
            Instant delivered = placed + Duration.FromHours(transitHours);
            for (int s = 1; s <= random.Next(0, 4); s++)
            {
                Instant scanned = placed + ((delivered - placed) * s / 5);
                Events.Add(new Scan(id, scanned, "hub", scanned + Duration.FromMinutes(random.Next(0, 120)), $"{id}-s{s}"));
            }

            if (random.Next(6) != 0)
            {
                Events.Add(new Delivered(id, delivered, delivered + Duration.FromHours(random.Next(0, 30)), $"{id}-d"));
            }

            if (random.Next(10) == 0)
            {
                Events.Add(new Complaint(id, delivered + Duration.FromHours(5), null, $"{id}-c"));
            }

            for (int k = 0; k < 3; k++)
            {
                Points.Add(new PredictionPoint(id, placed + Duration.FromHours(random.Next(-2, 40))));
            }
        }
#pragma warning restore CA5394
    }

    public List<ShipmentEvent> Events { get; } = [];

    public List<PredictionPoint> Points { get; } = [];
}

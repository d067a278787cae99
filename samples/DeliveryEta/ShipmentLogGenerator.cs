using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using FeatureContracts.Export.Events;
using FeatureContracts.Shipments;
using FeatureContracts.Shipments.Events;
using NodaTime;

namespace DeliveryEta;

/// <summary>What a generated log holds.</summary>
internal sealed record GeneratedLog(int Orders, long Lines, long MalformedLines, Instant Start, Instant End);

/// <summary>
/// Writes a realistic, seeded shipment event log in the JSON Lines format of the brief: warehouses whose backlog is
/// measured every 30 minutes (a few measurements recorded late), orders with scans (some recorded late), early and
/// late deliveries whose lateness depends on distance, carrier, service class and backlog, complaints after some
/// late deliveries, and a few malformed lines. Orders placed in the last days are still in transit. The same seed
/// gives the same bytes; memory does not grow with the number of orders.
/// </summary>
internal static class ShipmentLogGenerator
{
    private static readonly string[] Carriers = ["northline", "swiftpost", "bluefreight", "metrocourier", "parcelwing"];
    private static readonly double[] CarrierDelayHours = [0, 6, 14, -4, 9];
    private static readonly string[] UnseenCarriers = ["zipzap", "roadrunner"];
    private static readonly string[] Zones = ["Europe/Berlin", "Europe/Paris", "Europe/Madrid", "America/Santiago", "America/New_York"];
    private static readonly string[] Malformed =
    [
        """{"type":"scan","order_id":"X","occurred_at":"2026-05-01T09:00:00"}""",
        """{"type":"order_placed","order_id":"X","occurred_at":"2026-05-01T09:00:00Z","carrier":"northline","distance_km":"NaN","origin":"WH-00","promised_date":"2026-05-03","destination_zone":"Europe/Berlin"}""",
        """{"type":"teleported","order_id":"X","occurred_at":"2026-05-01T09:00:00Z"}""",
        """{"type":"delivered","order_id":"X","occurred_at":"2026-05-01T09:00:00Z",""",
        """{"type":"scan","occurred_at":"2026-05-01T09:00:00Z"}""",
    ];

    public static GeneratedLog Write(Stream output, int orders, int seed, Instant start, int days, int warehouses = 12)
    {
#pragma warning disable CA5394 // Seeded, deterministic sample data; not security relevant.
        var random = new Random(seed);
        using var writer = new EventLogWriter(ShipmentDomain.Instance.Schema, output, leaveOpen: true);
        long lines = 0;
        long malformed = 0;
        int ordersPerDay = Math.Max(1, (orders + days - 1) / days);
        int written = 0;
        var backlog = new double[warehouses];
        for (int w = 0; w < warehouses; w++)
        {
            backlog[w] = random.Next(5, 40);
        }

        for (int day = 0; day < days && written < orders; day++)
        {
            Instant dayStart = start + Duration.FromDays(day);

            // Backlog measurements every 30 minutes; about 2% reach us two hours late. The last warehouse reports
            // only every eight hours, so its backlog is often older than the contract's max age.
            for (int slot = 0; slot < 48; slot++)
            {
                for (int w = 0; w < warehouses; w++)
                {
                    if (w == warehouses - 1 && slot % 16 != 0)
                    {
                        continue;
                    }

                    backlog[w] = Math.Max(0, backlog[w] + random.Next(-3, 4));
                    Instant measured = dayStart + Duration.FromMinutes(30 * slot);
                    Duration lag = random.NextDouble() < 0.02 ? Duration.FromHours(2) : Duration.FromMinutes(random.Next(0, 6));
                    writer.Write(new BacklogMeasured(Warehouse(w), backlog[w], measured, measured + lag, $"bm-{day}-{slot}-{w}"));
                    lines++;
                }
            }

            for (int i = 0; i < ordersPerDay && written < orders; i++, written++)
            {
                lines += WriteOrder(writer, random, written, dayStart, warehouses, backlog);
                if (random.NextDouble() < 0.003)
                {
                    writer.Flush();
                    output.Write(Encoding.UTF8.GetBytes(Malformed[random.Next(Malformed.Length)] + "\n"));
                    lines++;
                    malformed++;
                }
            }
        }
#pragma warning restore CA5394

        writer.Flush();
        return new GeneratedLog(written, lines, malformed, start, start + Duration.FromDays(days));
    }

    public static string Warehouse(int w) => string.Create(CultureInfo.InvariantCulture, $"WH-{w:D2}");

    public static string OrderId(int n) => string.Create(CultureInfo.InvariantCulture, $"O-{n:D7}");

    private static int WriteOrder(EventLogWriter writer, Random random, int n, Instant dayStart, int warehouses, double[] backlog)
    {
#pragma warning disable CA5394
        string id = OrderId(n);
        int w = random.Next(warehouses);
        DateTimeZone zone = DateTimeZoneProviders.Tzdb[Zones[random.Next(Zones.Length)]];
        Instant placed = dayStart + Duration.FromMinutes(random.Next(0, 24 * 60));
        int carrierIndex = random.Next(Carriers.Length);
        string carrier = random.NextDouble() < 0.02 ? UnseenCarriers[random.Next(UnseenCarriers.Length)] : Carriers[carrierIndex];
        double distance = Math.Round(20 + (random.NextDouble() * random.NextDouble() * 2400), 1);
        double roll = random.NextDouble();
        bool? expedited = roll < 0.1 ? null : roll < 0.3;
        LocalDate promised = placed.InZone(zone).Date.PlusDays(expedited == true ? random.Next(1, 3) : random.Next(2, 5));
        int count = 0;
        writer.Write(new OrderPlaced(id, placed, carrier, distance, expedited, Warehouse(w), promised, zone, placed + Duration.FromSeconds(random.Next(0, 90)), $"{id}-placed"));
        count++;

        // Transit time: distance, carrier, service class and the origin's backlog, plus noise.
        double hours = 10 + (distance / 45) + CarrierDelayHours[carrierIndex] + (backlog[w] * 0.6) - (expedited == true ? 18 : 0) + (random.NextDouble() * 30) - 10;
        Instant delivered = placed + Duration.FromMinutes(Math.Max(120, hours * 60));
        int scans = random.Next(2, 7);
        for (int s = 1; s <= scans; s++)
        {
            Instant scanned = placed + ((delivered - placed) * s / (scans + 1));
            Duration lag = random.NextDouble() < 0.05 ? Duration.FromMinutes(random.Next(60, 180)) : Duration.FromMinutes(random.Next(0, 4));
            writer.Write(new Scan(id, scanned, $"hub-{random.Next(40):D2}", scanned + lag, $"{id}-scan-{s}"));
            count++;
        }

        Duration deliveryLag = random.NextDouble() < 0.08 ? Duration.FromHours(random.Next(12, 48)) : Duration.FromMinutes(random.Next(1, 30));
        writer.Write(new Delivered(id, delivered, delivered + deliveryLag, $"{id}-delivered"));
        count++;
        Instant deadline = promised.PlusDays(1).AtStartOfDayInZone(zone).ToInstant();
        if (delivered >= deadline && random.NextDouble() < 0.3)
        {
            Instant complained = delivered + Duration.FromHours(random.Next(2, 72));
            writer.Write(new Complaint(id, complained, complained, $"{id}-complaint"));
            count++;
        }

        return count;
#pragma warning restore CA5394
    }
}

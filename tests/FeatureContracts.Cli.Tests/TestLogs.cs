using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using FeatureContracts.Shipments;
using FeatureContracts.Export.Events;
using FeatureContracts.Shipments.Events;
using NodaTime;
using NodaTime.Text;

namespace FeatureContracts.Cli.Tests;

/// <summary>One generated order: what the points file needs to know of it.</summary>
internal sealed record GeneratedOrder(string OrderId, Instant Placed, Instant DeliveryRecorded);

/// <summary>What a generated log holds.</summary>
internal sealed record GeneratedLog(string Path, IReadOnlyList<GeneratedOrder> Orders, long Lines, long MalformedLines);

/// <summary>
/// Seeded, realistic shipment logs in the brief's JSON Lines format (shaped like the sample's ShipmentLogGenerator):
/// backlog measured every 30 minutes at four warehouses (the last one only every eight hours, so its backlog is often
/// older than the max age), orders with scans, deliveries (some recorded a day late), complaints, a few orders without
/// a distance or with an unseen carrier, and malformed lines. Also the brief's worked case O-204.
/// </summary>
internal static class TestLogs
{
    /// <summary>The first day of the generated logs.</summary>
    public static readonly Instant Start = At("2026-05-01T00:00:00Z");

    /// <summary>The snapshot the export tests pin: six days after <see cref="Start"/>; orders of the last days are immature.</summary>
    public static readonly Instant Snapshot = At("2026-05-07T00:00:00Z");

    public const string SnapshotText = "2026-05-07T00:00:00Z";

    private const int Days = 6;
    private const int Warehouses = 4;
    private static readonly string[] Carriers = ["northline", "swiftpost", "bluefreight", "metrocourier", "parcelwing"];
    private static readonly string[] Zones = ["Europe/Berlin", "America/Santiago", "America/New_York"];

    /// <summary>The sample generator's malformed lines: no offset, a string distance, an unknown type, cut JSON, no order id.</summary>
    public static readonly string[] Malformed =
    [
        """{"type":"scan","order_id":"X","occurred_at":"2026-05-01T09:00:00"}""",
        """{"type":"order_placed","order_id":"X","occurred_at":"2026-05-01T09:00:00Z","carrier":"northline","distance_km":"NaN","origin":"WH-00","promised_date":"2026-05-03","destination_zone":"Europe/Berlin"}""",
        """{"type":"teleported","order_id":"X","occurred_at":"2026-05-01T09:00:00Z"}""",
        """{"type":"delivered","order_id":"X","occurred_at":"2026-05-01T09:00:00Z",""",
        """{"type":"scan","occurred_at":"2026-05-01T09:00:00Z"}""",
    ];

    public static Instant At(string iso) => InstantPattern.ExtendedIso.Parse(iso).GetValueOrThrow();

    /// <summary>The brief's worked case: O-204 and the WH-HAM backlog measurements around its prediction at 09:00.</summary>
    public static int WriteO204(EventLogWriter writer)
    {
        DateTimeZone berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
        ShipmentEvent[] events =
        [
            new BacklogMeasured("WH-HAM", 25, At("2026-05-01T03:00:00Z"), eventId: "ham-0300"),
            new OrderPlaced("O-204", At("2026-04-30T16:00:00Z"), "northline", 620, false, "WH-HAM", new LocalDate(2026, 5, 2), berlin, eventId: "o204-placed"),
            new Scan("O-204", At("2026-05-01T01:00:00Z"), "HAM-hub", eventId: "o204-scan-1"),
            new BacklogMeasured("WH-HAM", 18, At("2026-05-01T07:30:00Z"), eventId: "ham-0730"),
            new BacklogMeasured("WH-HAM", 40, At("2026-05-01T09:30:00Z"), eventId: "ham-0930"),
            new Delivered("O-204", At("2026-05-03T14:00:00Z"), eventId: "o204-delivered"),
            new Complaint("O-204", At("2026-05-03T18:30:00Z"), eventId: "o204-complaint"),
        ];
        foreach (ShipmentEvent e in events)
        {
            writer.Write(e);
        }

        return events.Length;
    }

    /// <summary>A log holding only O-204 and its backlog.</summary>
    public static string WriteO204Log(string path)
    {
        using FileStream file = File.Create(path);
        using var writer = new EventLogWriter(ShipmentDomain.Instance.Schema, file);
        WriteO204(writer);
        return path;
    }

    /// <summary>Writes O-204, then <paramref name="orders"/> generated orders over six days, with malformed lines when asked.</summary>
    public static GeneratedLog WriteShipments(string path, int orders, int seed = 42, bool malformed = true)
    {
#pragma warning disable CA5394 // Seeded, deterministic test data.
        var random = new Random(seed);
        var generated = new List<GeneratedOrder>(orders);
        long lines = 0;
        long bad = 0;
        using FileStream file = File.Create(path);
        using (var writer = new EventLogWriter(ShipmentDomain.Instance.Schema, file, leaveOpen: true))
        {
            lines += WriteO204(writer);
            var backlog = new double[Warehouses];
            for (int w = 0; w < Warehouses; w++)
            {
                backlog[w] = random.Next(5, 40);
            }

            int perDay = Math.Max(1, (orders + Days - 1) / Days);
            int n = 0;
            for (int day = 0; day < Days; day++)
            {
                Instant dayStart = Start + Duration.FromDays(day);
                for (int slot = 0; slot < 48; slot++)
                {
                    for (int w = 0; w < Warehouses; w++)
                    {
                        if (w == Warehouses - 1 && slot % 16 != 0)
                        {
                            continue;
                        }

                        backlog[w] = Math.Max(0, backlog[w] + random.Next(-3, 4));
                        Instant measured = dayStart + Duration.FromMinutes(30 * slot);
                        writer.Write(new BacklogMeasured(Warehouse(w), backlog[w], measured, measured + Duration.FromMinutes(random.Next(0, 6)), $"bm-{day}-{slot}-{w}"));
                        lines++;
                    }
                }

                for (int i = 0; i < perDay && n < orders; i++, n++)
                {
                    (GeneratedOrder order, int count) = WriteOrder(writer, random, n, dayStart, backlog);
                    generated.Add(order);
                    lines += count;
                    if (malformed && n % 97 == 13)
                    {
                        writer.Flush();
                        file.Write(Encoding.UTF8.GetBytes(Malformed[(int)(bad % Malformed.Length)] + "\n"));
                        lines++;
                        bad++;
                    }
                }
            }
        }
#pragma warning restore CA5394

        return new GeneratedLog(path, generated, lines, bad);
    }

    /// <summary>
    /// Points for the generated orders: 2 h and 12 h after each order was placed, 1 h after the delivery was recorded
    /// for every tenth order (outcome already known), O-204 at 09:00, an unknown order, and a line without an offset.
    /// </summary>
    public static IReadOnlyList<(string OrderId, string Time)> Points(GeneratedLog log)
    {
        var points = new List<(string, string)> { ("O-204", "2026-05-01T09:00:00Z") };
        for (int i = 0; i < log.Orders.Count; i++)
        {
            GeneratedOrder order = log.Orders[i];
            points.Add((order.OrderId, Format(order.Placed + Duration.FromHours(2))));
            points.Add((order.OrderId, Format(order.Placed + Duration.FromHours(12))));
            if (i % 10 == 0)
            {
                // A prediction instant is whole microseconds; the generated delivery instants are finer.
                Instant afterDelivery = order.DeliveryRecorded + Duration.FromHours(1);
                points.Add((order.OrderId, Format(Instant.FromUnixTimeTicks(afterDelivery.ToUnixTimeTicks() / 10 * 10))));
            }
        }

        points.Add(("O-UNKNOWN", "2026-05-02T10:00:00Z"));
        points.Add(("O-00001", "2026-05-02T10:00:00"));
        return points;
    }

    public static string WritePointsCsv(string path, IEnumerable<(string OrderId, string Time)> points)
    {
        var text = new StringBuilder("order_id,prediction_time\n");
        foreach (var (order, time) in points)
        {
            text.Append(order).Append(',').Append(time).Append('\n');
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }

    public static string WritePointsJsonLines(string path, IEnumerable<(string OrderId, string Time)> points)
    {
        var text = new StringBuilder();
        foreach (var (order, time) in points)
        {
            text.Append(CultureInfo.InvariantCulture, $$"""{"order_id":"{{order}}","prediction_time":"{{time}}"}""").Append('\n');
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }

    public static string Format(Instant instant) => InstantPattern.ExtendedIso.Format(instant);

    private static string Warehouse(int w) => string.Create(CultureInfo.InvariantCulture, $"WH-{w:D2}");

    private static (GeneratedOrder Order, int Events) WriteOrder(EventLogWriter writer, Random random, int n, Instant dayStart, double[] backlog)
    {
#pragma warning disable CA5394
        string id = string.Create(CultureInfo.InvariantCulture, $"O-{n:D5}");
        int w = random.Next(Warehouses);
        DateTimeZone zone = DateTimeZoneProviders.Tzdb[Zones[random.Next(Zones.Length)]];
        Instant placed = dayStart + Duration.FromMinutes(random.Next(0, 24 * 60));
        string carrier = random.NextDouble() < 0.03 ? "zipzap" : Carriers[random.Next(Carriers.Length)];
        double? distance = random.NextDouble() < 0.02 ? null : Math.Round(20 + (random.NextDouble() * 2400), 1);
        double roll = random.NextDouble();
        bool? expedited = roll < 0.1 ? null : roll < 0.3;
        LocalDate promised = placed.InZone(zone).Date.PlusDays(random.Next(1, 4));
        writer.Write(new OrderPlaced(id, placed, carrier, distance, expedited, Warehouse(w), promised, zone, placed + Duration.FromSeconds(random.Next(0, 90)), $"{id}-placed"));
        int count = 1;

        double hours = 10 + ((distance ?? 500) / 45) + (backlog[w] * 0.6) + (random.NextDouble() * 30) - 10;
        Instant delivered = placed + Duration.FromMinutes(Math.Max(120, hours * 60));
        int scans = random.Next(1, 4);
        for (int s = 1; s <= scans; s++)
        {
            Instant scanned = placed + ((delivered - placed) * s / (scans + 1));
            writer.Write(new Scan(id, scanned, $"hub-{random.Next(40):D2}", scanned + Duration.FromMinutes(random.Next(0, 4)), $"{id}-scan-{s}"));
            count++;
        }

        Duration deliveryLag = random.NextDouble() < 0.1 ? Duration.FromHours(random.Next(12, 48)) : Duration.FromMinutes(random.Next(1, 30));
        writer.Write(new Delivered(id, delivered, delivered + deliveryLag, $"{id}-delivered"));
        count++;
        Instant deadline = promised.PlusDays(1).AtStartOfDayInZone(zone).ToInstant();
        if (delivered >= deadline && random.NextDouble() < 0.3)
        {
            writer.Write(new Complaint(id, delivered + Duration.FromHours(3), eventId: $"{id}-complaint"));
            count++;
        }

        return (new GeneratedOrder(id, placed, delivered + deliveryLag), count);
#pragma warning restore CA5394
    }
}

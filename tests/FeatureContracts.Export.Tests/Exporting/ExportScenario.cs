using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using FeatureContracts.Export.Events;
using FeatureContracts.Export.Points;
using FeatureContracts.Shipments;
using FeatureContracts.Shipments.Events;
using NodaTime;

namespace FeatureContracts.Export.Tests;

/// <summary>A seeded set of shipments: events (with a few malformed lines when written as a log) and points.</summary>
internal sealed class ExportScenario
{
    private static readonly string[] Carriers = ["northline", "swiftpost", "bluefreight", "zipzap"];
    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];

    public ExportScenario(int orders, int seed)
    {
#pragma warning disable CA5394 // Seeded test data.
        var random = new Random(seed);
        Instant start = Instant.FromUtc(2026, 5, 1, 0, 0);
        for (int w = 0; w < 3; w++)
        {
            for (int h = 0; h < 24 * 12; h += 2)
            {
                Instant at = start + Duration.FromHours(h);
                Events.Add(new BacklogMeasured($"WH-{w}", random.Next(0, 50), at, at + Duration.FromMinutes(random.Next(0, 20)), $"b-{w}-{h}"));
            }
        }

        for (int n = 0; n < orders; n++)
        {
            string id = string.Create(CultureInfo.InvariantCulture, $"O-{n:D4}");
            Instant placed = start + Duration.FromMinutes(random.Next(0, 60 * 24 * 6));
            double? distance = random.Next(40) == 0 ? null : Math.Round(10 + (random.NextDouble() * 1500), 1);
            bool? expedited = random.Next(5) == 0 ? null : random.Next(3) == 0;
            var promised = placed.InZone(Berlin).Date.PlusDays(random.Next(1, 4));
            Events.Add(new OrderPlaced(id, placed, Carriers[random.Next(Carriers.Length)], distance, expedited, $"WH-{random.Next(4)}", promised, Berlin, placed + Duration.FromSeconds(30), $"{id}-p"));
            Instant delivered = placed + Duration.FromHours(random.Next(6, 96));
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
                Points.Add(new PredictionPoint(id, placed + Duration.FromHours(random.Next(-2, 60))));
            }
        }

        // Arrival order is not event order: shuffle deterministically.
        for (int i = Events.Count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (Events[i], Events[j]) = (Events[j], Events[i]);
        }
#pragma warning restore CA5394
    }

    public List<ShipmentEvent> Events { get; } = [];

    public List<PredictionPoint> Points { get; } = [];

    /// <summary>Writes the events as a log with malformed lines mixed in; returns the number of malformed lines.</summary>
    public int WriteLog(string path, IEnumerable<ShipmentEvent>? extra = null)
    {
        using var file = File.Create(path);
        using var writer = new EventLogWriter(ShipmentDomain.Instance.Schema, file, leaveOpen: true);
        int malformed = 0;
        int i = 0;
        foreach (ShipmentEvent e in Events)
        {
            writer.Write(e);
            if (++i % 97 == 0)
            {
                writer.Flush();
                file.Write(Encoding.UTF8.GetBytes("""{"type":"scan","order_id":"O-0001","occurred_at":"2026-05-01T09:00:00"}""" + "\n"));
                malformed++;
            }
        }

        foreach (ShipmentEvent e in extra ?? [])
        {
            writer.Write(e);
        }

        writer.Flush();
        return malformed;
    }

    public void WritePoints(string path)
    {
        var text = new StringBuilder("order_id,prediction_time\n");
        foreach (PredictionPoint p in Points)
        {
            text.Append(p.EntityId).Append(',').Append(Text.IsoInstant.Format(p.PredictionTime)).Append('\n');
        }

        text.Append("O-0001,2026-05-02T10:00:00\n");
        File.WriteAllText(path, text.ToString());
    }
}

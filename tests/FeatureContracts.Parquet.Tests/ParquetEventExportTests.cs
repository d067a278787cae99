using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using FeatureContracts.Export;
using FeatureContracts.Export.Points;
using FeatureContracts.Export.Sinks;
using FeatureContracts.Shipments;
using FeatureContracts.Shipments.Events;
using NodaTime;

namespace FeatureContracts.Parquet.Tests;

/// <summary>The training exporter gives the same rows from a Parquet log as from the JSON Lines log of the same events.</summary>
public sealed class ParquetEventExportTests : TempFolderTests
{
    private static readonly Instant Snapshot = Instant.FromUtc(2026, 5, 6, 12, 0);
    private static readonly string[] Carriers = ["northline", "swiftpost", "bluefreight", "zipzap"];

    /// <summary>A seeded set of shipments, in arrival (not event) order, with prediction points.</summary>
    internal static (List<ShipmentEvent> Events, List<PredictionPoint> Points) Scenario(int orders, int seed)
    {
#pragma warning disable CA5394 // Seeded test data.
        var random = new Random(seed);
        var events = new List<ShipmentEvent>();
        var points = new List<PredictionPoint>();
        Instant start = Instant.FromUtc(2026, 5, 1, 0, 0);
        for (int w = 0; w < 3; w++)
        {
            for (int h = 0; h < 24 * 6; h += 2)
            {
                Instant at = start + Duration.FromHours(h);
                events.Add(new BacklogMeasured($"WH-{w}", random.Next(0, 50) + 0.5, at, at + Duration.FromMinutes(random.Next(0, 20)), $"b-{w}-{h}"));
            }
        }

        for (int n = 0; n < orders; n++)
        {
            string id = string.Create(CultureInfo.InvariantCulture, $"O-{n:D4}");
            Instant placed = start + Duration.FromSeconds(random.Next(0, 60 * 60 * 24 * 5));
            double? distance = random.Next(20) == 0 ? null : Math.Round(10 + (random.NextDouble() * 1500), 3);
            bool? expedited = random.Next(5) == 0 ? null : random.Next(3) == 0;
            string? carrier = random.Next(25) == 0 ? null : Carriers[random.Next(Carriers.Length)];
            LocalDate promised = placed.InZone(EventLogFiles.Berlin).Date.PlusDays(random.Next(1, 4));
            events.Add(new OrderPlaced(id, placed, carrier, distance, expedited, $"WH-{random.Next(4)}", promised, EventLogFiles.Berlin, placed + Duration.FromSeconds(30), $"{id}-p"));
            Instant delivered = placed + Duration.FromHours(random.Next(6, 96));
            for (int s = 1; s <= random.Next(0, 4); s++)
            {
                Instant scanned = placed + ((delivered - placed) * s / 5);
                Instant exact = Instant.FromUnixTimeTicks(scanned.ToUnixTimeTicks() / 10 * 10);
                events.Add(new Scan(id, exact, s % 2 == 0 ? "hub" : null, exact + Duration.FromMinutes(random.Next(0, 120)), $"{id}-s{s}"));
            }

            if (random.Next(6) != 0)
            {
                events.Add(new Delivered(id, delivered, delivered + Duration.FromHours(random.Next(0, 30)), $"{id}-d"));
            }

            if (random.Next(10) == 0)
            {
                events.Add(new Complaint(id, delivered + Duration.FromHours(5), null, $"{id}-c"));
            }

            for (int k = 0; k < 3; k++)
            {
                points.Add(new PredictionPoint(id, placed + Duration.FromMinutes(random.Next(-120, 60 * 60))));
            }
        }

        for (int i = events.Count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (events[i], events[j]) = (events[j], events[i]);
        }
#pragma warning restore CA5394
        return (events, points);
    }

    [Fact]
    public async Task Exporting_from_a_Parquet_log_gives_byte_identical_rows_to_exporting_from_the_JSON_Lines_log()
    {
        var (events, points) = Scenario(orders: 200, seed: 11);
        string jsonl = PathOf("events.jsonl");
        string parquet = PathOf("events.parquet");
        EventLogFiles.WriteJsonLines(jsonl, events);
        EventLogFiles.WriteParquet(parquet, events, rowGroupSize: 500);
        var exporter = new TrainingExporter(ShipmentTransform.LateDeliveryV1);
        var options = new ExportOptions { Snapshot = Snapshot };

        ExportManifest fromJson = await exporter.ExportToFileAsync(
            EventSource.FromJsonLinesFile(jsonl), PointSource.FromPoints(points), PathOf("json.csv"), s => new CsvRowSink(s), options);
        ExportManifest fromParquet = await exporter.ExportToFileAsync(
            new ParquetEventSource(parquet), PointSource.FromPoints(points), PathOf("parquet.csv"), s => new CsvRowSink(s), options);

        byte[] rows = File.ReadAllBytes(PathOf("json.csv"));
        File.ReadAllBytes(PathOf("parquet.csv")).Should().Equal(rows);
        File.ReadAllLines(PathOf("json.csv")).Length.Should().BeGreaterThan(100);
        fromParquet.Points.Exported.Should().Be(fromJson.Points.Exported).And.BeGreaterThan(100);
        fromParquet.Events.LinesRead.Should().Be(events.Count);
        fromParquet.Events.Should().BeEquivalentTo(fromJson.Events);
        fromParquet.Outputs.Single().Sha256.Should().Be(fromJson.Outputs.Single().Sha256);

        InputDigest jsonInput = fromJson.Inputs.Single(i => i.Role == "events");
        InputDigest parquetInput = fromParquet.Inputs.Single(i => i.Role == "events");
        (parquetInput.Name, parquetInput.DigestOf).Should().Be(("events.parquet", "file"));
        parquetInput.Sha256.Should().NotBe(jsonInput.Sha256);

        // Everything else in the manifests is the same: only the event input's name and digest and the outputs' names differ.
        Normalize(fromParquet).ToJson().Should().Be(Normalize(fromJson).ToJson());
        File.ReadAllText(PathOf("parquet.csv.rejects.jsonl")).Should().Be(File.ReadAllText(PathOf("json.csv.rejects.jsonl")));
    }

    private static ExportManifest Normalize(ExportManifest manifest) => manifest with
    {
        Inputs = [.. manifest.Inputs.Where(i => i.Role != "events")],
        Outputs = [.. manifest.Outputs.Select(o => o with { File = "rows.csv", Rejects = o.Rejects with { File = "rows.csv.rejects.jsonl" } })],
    };
}

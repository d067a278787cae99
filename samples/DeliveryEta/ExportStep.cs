using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using FeatureContracts.Export;
using FeatureContracts.Export.Points;
using FeatureContracts.Export.Sinks;
using FeatureContracts.Export.Statistics;
using FeatureContracts.Parquet;
using FeatureContracts.Shipments;
using NodaTime;

namespace DeliveryEta;

/// <summary>
/// Generates a realistic event log, exports it as known at a fixed snapshot in CSV, JSON Lines and Parquet, and
/// prints the manifest's summary.
/// </summary>
internal static class ExportStep
{
    /// <summary>When each order is scored: 2 h, 12 h and 30 h after it became known, in the export and live alike.</summary>
    public static readonly Duration[] ScheduleOffsets = [Duration.FromHours(2), Duration.FromHours(12), Duration.FromHours(30)];

    public static async Task RunAsync(string folder, int orders)
    {
        Directory.CreateDirectory(folder);
        string log = Path.Combine(folder, "events.jsonl");
        Instant start = Instant.FromUtc(2026, 5, 1, 0, 0);
        GeneratedLog generated;
        using (FileStream file = File.Create(log))
        {
            generated = ShipmentLogGenerator.Write(file, orders, seed: 42, start, days: 14);
        }

        Console.WriteLine($"generated {generated.Orders} orders, {generated.Lines} lines ({generated.MalformedLines} malformed) in {log}");

        // As known at the end of day 14: the last days' orders are still in transit, so some rows are immature.
        Instant snapshot = generated.End;
        var exporter = new TrainingExporter(ShipmentTransform.LateDeliveryV1);
        RowSinkRegistry sinks = ParquetRowSink.Register(RowSinkRegistry.Default);
        var points = PointSource.FromSchedule(SchedulePolicy.AfterEntityKnown(ScheduleOffsets));
        ExportManifest? manifest = null;
        foreach (string format in (string[])["csv", "jsonl", "parquet"])
        {
            string output = Path.Combine(folder, "rows." + format);
            manifest = await exporter.ExportToFileAsync(
                EventSource.FromJsonLinesFile(log), points, output, stream => sinks.Create(format, stream), new ExportOptions { Snapshot = snapshot });
            OutputFile file = manifest.Outputs[0];
            Console.WriteLine($"  {format,-8} {file.Rows} rows, {new FileInfo(output).Length,10:N0} bytes, sha256 {file.Sha256[..16]}…");
        }

        Print(manifest!);
    }

    private static void Print(ExportManifest manifest)
    {
        Console.WriteLine($"manifest: contract {manifest.Contract.Name} v{manifest.Contract.Version} ({manifest.Contract.Fingerprint[..12]}…), " +
            $"transform {manifest.TransformVersion}, snapshot {manifest.Snapshot}");
        EventCounts events = manifest.Events;
        Console.WriteLine($"  events: {events.LinesRead} lines = {events.Accepted} usable + {events.Rejected.Values.Sum()} rejected " +
            $"({string.Join(", ", events.Rejected.Select(r => $"{r.Key} {r.Value}"))}); {events.RecordedAfterSnapshot} recorded after the snapshot");
        PointCounts points = manifest.Points;
        Console.WriteLine($"  points: {points.Read} = {points.Exported} exported + {points.Immature} immature + {points.Rejected.Values.Sum()} rejected");
        foreach (var (reason, count) in points.Rejected)
        {
            Console.WriteLine($"    rejected {reason}: {count}");
        }

        StatisticsSnapshot statistics = manifest.Statistics;
        LabelCounts labels = statistics.Labels;
        Console.WriteLine($"  labels: {labels.Positive} {labels.PositiveClass}, {labels.Negative} {labels.NegativeClass}");
        foreach (FeatureStatistics feature in statistics.Features)
        {
            string detail = feature switch
            {
                { Numeric: { Quantiles: { } q } n } => string.Create(CultureInfo.InvariantCulture, $"min {n.Min:0.##} p50 {q.P50:0.##} mean {n.Mean:0.##} p99 {q.P99:0.##} max {n.Max:0.##}"),
                { Categorical: { } c } => string.Join(" ", c.Counts.Select(x => $"{x.Code}={x.Count}")) + $" (unseen mapped {c.UnseenMapped})",
                { Boolean: { } b } => $"true={b.TrueCount} false={b.FalseCount}",
                _ => string.Empty,
            };
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {feature.Name,-22} null rate {feature.NullRate ?? 0,6:P1}  {detail}"));
        }
    }
}

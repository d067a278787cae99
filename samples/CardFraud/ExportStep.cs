using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using FeatureContracts.CardFraud;
using FeatureContracts.Export;
using FeatureContracts.Export.Points;
using FeatureContracts.Export.Sinks;
using FeatureContracts.Export.Statistics;
using FeatureContracts.Parquet;
using NodaTime;

namespace CardFraud;

/// <summary>
/// Exports every authorization's row at the instant it was requested, as known at the snapshot, through the same
/// exporter the shipment domain uses, to Parquet; prints the manifest's summary.
/// </summary>
internal static class ExportStep
{
    public static async Task<string> RunAsync(string folder, string events, Instant snapshot)
    {
        string output = Path.Combine(folder, "rows.parquet");
        RowSinkRegistry sinks = ParquetRowSink.Register(RowSinkRegistry.Default);
        ExportManifest manifest = await new TrainingExporter(CardFraudTransform.V1).ExportToFileAsync(
            EventSource.FromJsonLinesFile(events),
            PointSource.FromSchedule(SchedulePolicy.AfterEntityKnown(Duration.Zero)),
            output,
            stream => sinks.Create("parquet", stream),
            new ExportOptions { Snapshot = snapshot });

        Console.WriteLine($"exported {manifest.Outputs[0].Rows} rows to {output} ({new FileInfo(output).Length:N0} bytes, sha256 {manifest.Outputs[0].Sha256[..16]}…)");
        Console.WriteLine($"manifest: contract {manifest.Contract.Name} v{manifest.Contract.Version} ({manifest.Contract.Fingerprint[..12]}…), transform {manifest.TransformVersion}, snapshot {manifest.Snapshot}");
        EventCounts counts = manifest.Events;
        Console.WriteLine($"  events: {counts.LinesRead} lines = {counts.Accepted} usable + {counts.Rejected.Values.Sum()} rejected ({string.Join(", ", counts.Rejected.Select(r => $"{r.Key} {r.Value}"))})");
        PointCounts points = manifest.Points;
        Console.WriteLine($"  points: {points.Read} = {points.Exported} exported + {points.Immature} immature + {points.Rejected.Values.Sum()} rejected"
            + string.Concat(points.Rejected.Select(r => $"; {r.Key} {r.Value}")));
        LabelCounts labels = manifest.Statistics.Labels;
        Console.WriteLine($"  labels: {labels.Positive} {labels.PositiveClass}, {labels.Negative} {labels.NegativeClass}");
        foreach (FeatureStatistics feature in manifest.Statistics.Features)
        {
            string detail = feature switch
            {
                { Numeric: { Quantiles: { } q } n } => string.Create(CultureInfo.InvariantCulture, $"min {n.Min:0.##} p50 {q.P50:0.##} mean {n.Mean:0.##} p99 {q.P99:0.##} max {n.Max:0.##}"),
                { Categorical: { } c } => string.Join(" ", c.Counts.Select(x => $"{x.Code}={x.Count}")) + $" (unseen mapped {c.UnseenMapped})",
                { Boolean: { } b } => $"true={b.TrueCount} false={b.FalseCount}",
                _ => string.Empty,
            };
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {feature.Name,-36} null rate {feature.NullRate ?? 0,6:P1}  {detail}"));
        }

        return output;
    }
}

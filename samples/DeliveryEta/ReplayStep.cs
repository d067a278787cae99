using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using FeatureContracts.Domains;
using FeatureContracts.Export.Events;
using FeatureContracts.Models;
using FeatureContracts.Serving;
using FeatureContracts.Shipments;
using FeatureContracts.Shipments.Contract;
using FeatureContracts.Shipments.Events;
using NodaTime;
using NodaTime.Testing;

namespace DeliveryEta;

/// <summary>
/// Replays one day of the generated log as live traffic: events arrive in the order they were recorded, and each
/// time an order is scanned the service scores it at that instant, through the same transform the export used.
/// </summary>
internal static class ReplayStep
{
    public static void Run(string folder, LogisticRegressionModel model, Instant dayStart)
    {
        Instant dayEnd = dayStart + Duration.FromDays(1);
        List<ShipmentEvent> events = [.. new EventLogReader(ShipmentDomain.Instance.Schema).ReadFile(Path.Combine(folder, "events.jsonl")).Where(l => l.Event is not null).Select(l => (ShipmentEvent)l.Event!)];
        var store = new HistoryStore(ShipmentDomain.Instance.Schema);
        store.AppendRange(events.Where(e => e.RecordedAt < dayStart).OrderBy(e => e.RecordedAt));

        // The service's clock follows the replayed traffic.
        var clock = new FakeClock(dayStart);
        var scorer = new OnlineScorer(store, ShipmentTransform.LateDeliveryV1, LateDeliveryContract.Vectorizer(), model, clock);
        string logPath = Path.Combine(folder, "serving.jsonl");
        int scored = 0;
        int notScored = 0;
        int printed = 0;
        using (var servingLog = new ServingLogWriter(File.Create(logPath), leaveOpen: false))
        {
            foreach (ShipmentEvent e in events.Where(e => e.RecordedAt >= dayStart && e.RecordedAt < dayEnd).OrderBy(e => e.RecordedAt))
            {
                store.Append(e);
                if (e is not Scan scan)
                {
                    continue;
                }

                clock.Reset(scan.RecordedAt);
                ScoreResult result = scorer.Score(scan.OrderId);

                // Every result goes to the serving log, scored or not: monitoring counts the reasons too.
                servingLog.Write(result);
                if (!result.IsScored)
                {
                    notScored++;
                    continue;
                }

                scored++;
                if (printed++ < 4)
                {
                    var row = result.Row!;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {row.EntityId} at {row.PredictionInstant}: P(late) = {result.Score:0.000}  [{string.Join(", ", row.Cells.Select(c => $"{c.Feature}={c.Value}"))}]"));
                }
            }
        }

        Console.WriteLine($"replayed {dayStart:yyyy-MM-dd}: {scored} scans scored, {notScored} not scored (e.g. outcome already known); serving log {logPath}");
    }
}

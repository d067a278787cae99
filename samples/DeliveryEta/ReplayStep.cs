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
/// Replays one day of the generated log as live traffic: events arrive in the order they were recorded, and the
/// service scores each order when the export's schedule says (2 h, 12 h and 30 h after it became known), with every
/// event recorded by then, through the same transform the export used. One fault is injected into the serving path:
/// its warehouse feed reaches the store through a cache refreshed every six hours, so a backlog measurement stays
/// invisible to the scorer until the next refresh although the event log knew it when it was recorded. The
/// monitoring step then finds it.
/// </summary>
internal static class ReplayStep
{
    /// <summary>How often the serving path's warehouse cache is refreshed: the injected fault.</summary>
    public static readonly Duration WarehouseCacheRefresh = Duration.FromHours(6);

    public static void Run(string folder, LogisticRegressionModel model, Instant dayStart)
    {
        Instant dayEnd = dayStart + Duration.FromDays(1);
        List<ShipmentEvent> events = [.. new EventLogReader(ShipmentDomain.Instance.Schema).ReadFile(Path.Combine(folder, "events.jsonl")).Where(l => l.Event is not null).Select(l => (ShipmentEvent)l.Event!)];
        var store = new HistoryStore(ShipmentDomain.Instance.Schema);
        store.AppendRange(events.Where(e => e.RecordedAt < dayStart).OrderBy(e => e.RecordedAt));

        // The day's scoring requests: each order at the export's offsets after its placement was first recorded.
        var requests = new Queue<(string Order, Instant At)>(events.OfType<OrderPlaced>()
            .GroupBy(o => o.OrderId)
            .SelectMany(g => ExportStep.ScheduleOffsets.Select(offset => (Order: g.Key, At: g.Min(o => o.RecordedAt) + offset)))
            .Where(r => r.At >= dayStart && r.At < dayEnd)
            .OrderBy(r => r.At)
            .ThenBy(r => r.Order, StringComparer.Ordinal));

        // The service's clock follows the replayed traffic.
        var clock = new FakeClock(dayStart);
        var scorer = new OnlineScorer(store, ShipmentTransform.LateDeliveryV1, LateDeliveryContract.Vectorizer(), model, clock);
        string logPath = Path.Combine(folder, "serving.jsonl");
        int scored = 0;
        int notScored = 0;
        int printed = 0;
        var cached = new List<BacklogMeasured>();
        Console.WriteLine($"fault injected: the serving path reads warehouse backlogs through a cache refreshed every {WarehouseCacheRefresh.TotalHours:0} hours");
        using (var servingLog = new ServingLogWriter(File.Create(logPath), leaveOpen: false))
        {
            void Advance(Instant now)
            {
                // The cache hands over what was recorded before its last refresh.
                Instant lastRefresh = dayStart + (WarehouseCacheRefresh * Math.Floor((now - dayStart) / WarehouseCacheRefresh));
                store.AppendRange(cached.Where(b => b.RecordedAt < lastRefresh));
                cached.RemoveAll(b => b.RecordedAt < lastRefresh);
            }

            void ScoreUntil(Instant end)
            {
                // Requests before the next arrival: everything recorded at or before each request's instant is in.
                while (requests.TryPeek(out var request) && request.At < end)
                {
                    requests.Dequeue();
                    Advance(request.At);
                    clock.Reset(request.At);
                    ScoreResult result = scorer.Score(request.Order);

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

            foreach (ShipmentEvent e in events.Where(e => e.RecordedAt >= dayStart && e.RecordedAt < dayEnd).OrderBy(e => e.RecordedAt))
            {
                ScoreUntil(e.RecordedAt);
                Advance(e.RecordedAt);
                if (e is BacklogMeasured measured)
                {
                    cached.Add(measured);
                }
                else
                {
                    store.Append(e);
                }
            }

            ScoreUntil(dayEnd);
        }

        Console.WriteLine($"replayed {dayStart:yyyy-MM-dd}: {scored} orders scored, {notScored} not scored (e.g. outcome already known); serving log {logPath}");
    }
}

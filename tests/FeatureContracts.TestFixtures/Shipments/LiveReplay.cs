using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using FeatureContracts.Domains;
using FeatureContracts.Export;
using FeatureContracts.Export.Points;
using FeatureContracts.Export.Sinks;
using FeatureContracts.Serving;
using FeatureContracts.Shipments;
using FeatureContracts.Shipments.Events;
using NodaTime;
using NodaTime.Testing;

namespace FeatureContracts.TestFixtures;

/// <summary>
/// Shipments scored live as their events arrive, the way a service runs: events come in the order they were recorded,
/// and every scan is scored at the instant it was recorded. The serving path can be given a fault: its warehouse
/// feed reaches the store through a cache refreshed every so often, so a backlog measurement stays invisible to the
/// scorer until the next refresh although it was recorded (and is known to the event log) earlier.
/// </summary>
internal static class LiveReplay
{
    public static ShipmentTransform Transform => ShipmentTransform.LateDeliveryV1;

    /// <summary>The serving log of the replay, as text.</summary>
    public static string ServingLog(IEnumerable<ShipmentEvent> events, Duration? warehouseCacheRefresh = null)
    {
        var store = new HistoryStore(ShipmentDomain.Instance.Schema);
        var clock = new FakeClock(Instant.FromUtc(2000, 1, 1, 0, 0));
        var scorer = new OnlineScorer(store, Transform, RecordingModel.Vectorizer, new RecordingModel(), clock);
        var cached = new List<BacklogMeasured>();
        using var buffer = new MemoryStream();
        using (var log = new ServingLogWriter(buffer))
        {
            // Events recorded at one instant all arrive before anything is scored at that instant: "as known at T".
            foreach (IGrouping<Instant, ShipmentEvent> arrivals in events.GroupBy(e => e.RecordedAt).OrderBy(g => g.Key))
            {
                if (warehouseCacheRefresh is { } refresh)
                {
                    // The cache hands over what was recorded before the last refresh boundary at or before now.
                    Instant lastRefresh = Instant.FromUnixTimeTicks(arrivals.Key.ToUnixTimeTicks() / refresh.BclCompatibleTicks * refresh.BclCompatibleTicks);
                    store.AppendRange(cached.Where(b => b.RecordedAt < lastRefresh));
                    cached.RemoveAll(b => b.RecordedAt < lastRefresh);
                }

                foreach (ShipmentEvent e in arrivals)
                {
                    if (warehouseCacheRefresh is not null && e is BacklogMeasured measured)
                    {
                        cached.Add(measured);
                    }
                    else
                    {
                        store.Append(e);
                    }
                }

                clock.Reset(arrivals.Key);
                foreach (Scan scan in arrivals.OfType<Scan>())
                {
                    log.Write(scorer.Score(scan.OrderId));
                }
            }
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The store a parity check recomputes from: every event of the log.</summary>
    public static HistoryStore EventLog(IEnumerable<ShipmentEvent> events)
    {
        var store = new HistoryStore(ShipmentDomain.Instance.Schema);
        store.AppendRange(events);
        return store;
    }

    /// <summary>The manifest of the training export of the scenario's points as known at <paramref name="snapshot"/>.</summary>
    public static async Task<ExportManifest> BaselineAsync(ServingScenario scenario, Instant snapshot)
    {
        using var rows = new MemoryStream();
        using var sink = new CsvRowSink(rows);
        return await new TrainingExporter(Transform).ExportAsync(
            EventSource.FromEvents(scenario.Events),
            PointSource.FromPoints(scenario.Points.Select(p => new PredictionPoint(p.OrderId, p.PredictionTime))),
            sink,
            new ExportOptions { Snapshot = snapshot });
    }

    public static IEnumerable<ServingLogLine> Read(string servingLog)
        => new ServingLogReader(Transform).ReadLines(new StringReader(servingLog)).ToList();
}

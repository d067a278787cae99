using System;
using System.IO;
using FeatureContracts.Domains;
using FeatureContracts.Export;
using FeatureContracts.Export.Events;
using FeatureContracts.Monitoring;
using FeatureContracts.Serving;
using FeatureContracts.Shipments;

namespace DeliveryEta;

/// <summary>
/// Checks the replayed day's serving log against the training export's manifest and the event log: null, unseen and
/// out-of-range rates, freshness, drift against the training baseline, and a parity sample recomputed as known at
/// each row's instant through the same transform. Prints the table and writes the report as JSON and as a page.
/// </summary>
internal static class MonitorStep
{
    public static void Run(string folder)
    {
        ShipmentTransform transform = ShipmentTransform.LateDeliveryV1;
        ExportManifest baseline = ExportManifest.FromJson(File.ReadAllText(Path.Combine(folder, "rows.csv.manifest.json")));
        var events = new HistoryStore(ShipmentDomain.Instance.Schema);
        foreach (EventLine line in new EventLogReader(ShipmentDomain.Instance.Schema).ReadFile(Path.Combine(folder, "events.jsonl")))
        {
            if (line.Event is { } e)
            {
                events.Append(e);
            }
        }

        var servingLog = new ServingLogReader(transform).ReadFile(Path.Combine(folder, "serving.jsonl"));
        MonitoringReport report = MonitoringCheck.Run(transform, baseline, servingLog, events);
        ReportConsole.Write(Console.Out, report);
        string json = Path.Combine(folder, "report.json");
        string html = Path.Combine(folder, "report.html");
        File.WriteAllText(json, ReportJson.Write(report));
        File.WriteAllText(html, ReportHtml.Render(report));
        Console.WriteLine($"report: {json}; page: {html}");
    }
}

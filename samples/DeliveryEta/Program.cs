// DeliveryEta: builds late-delivery feature rows from shipment event histories.
//
// It prints the worked case of the product brief (order O-204 at 2026-05-01T09:00Z), then rows for a handful of
// generated shipments, one of them rejected and one with its origin backlog missing, and the model vector of
// the first row. Everything is deterministic: same code, same output.
using System;
using System.IO;
using System.Linq;
using DeliveryEta;
using FeatureContracts.Rows;
using FeatureContracts.Shipments;
using FeatureContracts.Shipments.Contract;
using FeatureContracts.Vectors;

if (args is ["generate-log", var countText, var path, ..] && args.Length <= 4)
{
    // For measurements: a large log with the same generator, e.g. generate-log 1000000 /tmp/events.jsonl [days]
    using FileStream file = File.Create(path);
    int orders = int.Parse(countText, System.Globalization.CultureInfo.InvariantCulture);
    int days = args.Length == 4 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : Math.Max(14, orders / 2000);
    var log = ShipmentLogGenerator.Write(file, orders, seed: 42, NodaTime.Instant.FromUtc(2026, 1, 1, 0, 0), days);
    Console.WriteLine($"{log.Orders} orders, {log.Lines} lines, {log.MalformedLines} malformed, {log.Start} to {log.End}");
    return;
}

ShipmentTransform transform = ShipmentTransform.LateDeliveryV1;
FeatureVectorizer vectorizer = LateDeliveryContract.Vectorizer();

Console.WriteLine($"Contract {transform.Contract.Name} v{transform.Contract.Version}, fingerprint {transform.Contract.Fingerprint}");
Console.WriteLine($"Columns: {string.Join(", ", transform.Contract.Schema.Columns.Select(c => c.Name))}");
Console.WriteLine();

Console.WriteLine("== The worked case: order O-204 at 2026-05-01T09:00Z ==");
var o204 = SampleShipments.O204();
RowResult o204Row = transform.BuildRow(o204.History, o204.Backlog, o204.PredictionInstant);
RowPrinter.Print(o204Row);
Console.WriteLine($"  vector [{string.Join(", ", vectorizer.Vectorize(o204Row.GetRowOrThrow()))}]");
Console.WriteLine($"  slots  [{string.Join(", ", vectorizer.Slots.Select(s => s.Name))}]");
Console.WriteLine();

Console.WriteLine("== Generated shipments ==");
foreach (var shipment in SampleShipments.Generated(seed: 20260501, count: 6))
{
    Console.WriteLine($"-- {shipment.Story}");
    RowPrinter.Print(transform.BuildRow(shipment.History, shipment.Backlog, shipment.PredictionInstant));
}

Console.WriteLine();
Console.WriteLine("== The README's quick start ==");
QuickStart.Run();

Console.WriteLine();
Console.WriteLine("== Training export: a generated log, exported as known at a snapshot ==");
string exportFolder = Path.Combine(Path.GetTempPath(), "deliveryeta-export");
await ExportStep.RunAsync(exportFolder, orders: 4000);

Console.WriteLine();
Console.WriteLine("== Training on the export: earlier days train, later days test ==");
var model = TrainStep.Run(exportFolder, NodaTime.Instant.FromUtc(2026, 5, 10, 0, 0));

Console.WriteLine();
Console.WriteLine("== Online: a day of live events replayed through the store and the scorer ==");
ReplayStep.Run(exportFolder, model, NodaTime.Instant.FromUtc(2026, 5, 12, 0, 0));

Console.WriteLine();
Console.WriteLine("== Monitoring: the day's serving log checked against the training export and the event log ==");
MonitorStep.Run(exportFolder);

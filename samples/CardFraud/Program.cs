// CardFraud: the second domain through the very same exporter and scorer.
//
// Generates a seeded card-payment log, exports authorization rows as known at a snapshot to Parquet (the row of each
// authorization at the instant it was requested, labelled with chargeback_within_60d), trains the built-in model on
// the earlier weeks, scores a few days of live authorizations through the online scorer (with one injected fault: a
// new market whose countries the contract has never seen) into a serving log, replays the log to check that every
// exported row is the row the scorer builds, and ends with the monitoring report of the live serving log against the
// training export. Everything is deterministic: same code, same output.
using System;
using System.IO;
using System.Linq;
using CardFraud;
using FeatureContracts.Domains;
using NodaTime;

string folder = Path.Combine(Path.GetTempPath(), "cardfraud-export");
Instant start = Instant.FromUtc(2026, 1, 5, 0, 0);
Directory.CreateDirectory(folder);

Console.WriteLine("== A generated card-payment log ==");
PaymentLog log = PaymentLogGenerator.Generate(cards: 700, merchants: 120, days: 100, seed: 7, start);
string events = LogFile.Write(Path.Combine(folder, "events.jsonl"), log);
Console.WriteLine($"{log.Cards} cards, {log.Authorizations} authorizations ({log.Fraudulent} fraudulent), {log.Events.Count + log.MalformedLines.Count} lines ({log.MalformedLines.Count} malformed) in {events}");

Console.WriteLine();
Console.WriteLine("== Training export: every authorization at the instant it was requested, as known at the end of the log ==");
string export = await ExportStep.RunAsync(folder, events, snapshot: log.End);

Console.WriteLine();
Console.WriteLine("== Training on the Parquet export: earlier weeks train, later weeks test ==");
var model = TrainStep.Run(export, boundary: start + Duration.FromDays(25), end: start + Duration.FromDays(34));

Console.WriteLine();
Console.WriteLine("== Online: three days of live authorizations scored as they are requested ==");
Instant liveFrom = start + Duration.FromDays(34);
Instant liveTo = start + Duration.FromDays(37);
var fault = NewMarketFault.OnDay(start, day: 35);
Console.WriteLine(fault.Description);
(DomainEvent[] live, int moved) = fault.Apply(log.Events.Where(e => e.RecordedAt < liveTo));
Console.WriteLine($"  {moved} live authorizations moved to the new market; the training export above is the log as generated");
LiveRun liveRun = LiveStep.Run(live, log, model, liveFrom, liveTo, snapshot: log.End, folder);

Console.WriteLine();
Console.WriteLine("== Parity: the log replayed out of order, with duplicates, through the store and the scorer ==");
await ParityStep.RunAsync(log, events, model, snapshot: log.End);

Console.WriteLine();
Console.WriteLine("== Monitoring: the live serving log checked against the training export ==");
MonitorStep.Run(folder, manifestPath: export + ".manifest.json", liveRun, live);

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using FeatureContracts.CardFraud;
using FeatureContracts.CardFraud.Contract;
using FeatureContracts.Domains;
using FeatureContracts.Export;
using FeatureContracts.Export.Points;
using FeatureContracts.Export.Sinks;
using FeatureContracts.Models;
using FeatureContracts.Rows;
using FeatureContracts.Serving;
using FeatureContracts.Vectors;
using NodaTime;
using NodaTime.Testing;

namespace CardFraud;

/// <summary>
/// The parity check: the rows the exporter wrote, against the rows the online scorer builds for the same
/// authorizations and instants from a store filled in another order, with every tenth event delivered twice. Rows must
/// be equal value for value, note for note, lineage for lineage; vectors bit for bit.
/// </summary>
internal static class ParityStep
{
    public static async Task RunAsync(PaymentLog log, string events, LogisticRegressionModel model, Instant snapshot)
    {
        var exported = new CollectingSink();
        await new TrainingExporter(CardFraudTransform.V1).ExportAsync(
            EventSource.FromJsonLinesFile(events), PointSource.FromSchedule(SchedulePolicy.AfterEntityKnown(Duration.Zero)), exported, new ExportOptions { Snapshot = snapshot });

#pragma warning disable CA5394 // A seeded shuffle for the replay; not security relevant.
        var random = new Random(11);
        DomainEvent[] replay = [.. log.Events.Where(e => e.RecordedAt <= snapshot).OrderBy(_ => random.Next())];
#pragma warning restore CA5394
        var store = new HistoryStore(CardFraudDomain.Instance.Schema);
        for (int i = 0; i < replay.Length; i++)
        {
            store.Append(replay[i]);
            if (i % 10 == 0)
            {
                store.Append(replay[i]);
            }
        }

        FeatureVectorizer vectorizer = CardFraudContract.Vectorizer();
        var scorer = new OnlineScorer(store, CardFraudTransform.V1, vectorizer, model, new FakeClock(snapshot));
        int mismatches = 0;
        foreach (FeatureRow row in exported.Rows)
        {
            ScoreResult live = scorer.ScoreAt(row.EntityId, row.PredictionInstant);
            bool same = live.Row is { } online && online.Equals(row) && Bits(vectorizer.Vectorize(online)).SequenceEqual(Bits(vectorizer.Vectorize(row)));
            if (!same && mismatches++ < 3)
            {
                Console.WriteLine($"  mismatch: {row}\n        vs: {live.RowResult}");
            }
        }

        Console.WriteLine($"replayed {replay.Length} events ({replay.Length / 10 + 1} twice) in shuffled order; {exported.Rows.Count} exported rows scored online: {mismatches} parity mismatches");
    }

    private static IEnumerable<long> Bits(double[] vector) => vector.Select(BitConverter.DoubleToInt64Bits);

    /// <summary>Keeps the exported rows in memory.</summary>
    private sealed class CollectingSink : IRowSink
    {
        public List<FeatureRow> Rows { get; } = [];

        public string Format => "memory";

        public void Begin(RowLayout layout)
        {
        }

        public void Write(FeatureRow row, bool label) => Rows.Add(row);

        public void Complete()
        {
        }

        public void Dispose()
        {
        }
    }
}
